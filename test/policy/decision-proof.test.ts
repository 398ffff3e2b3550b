import { expect } from 'chai';
import { execute, parse, type GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { Arg, Ctx, ID, Query, Resolver, buildSchemaSync } from 'type-graphql';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { clientToken, gql, login, type Caller } from '../helpers/http';
import { resolvers } from '../../src/graphql/schema';
import { policyShield } from '../../src/policy/shield';
import { paymentMasking } from '../../src/policy/mask';
import { fieldPolicy } from '../../src/policy/field-policy';
import { PERSONAL_FIELDS, type PersonalField } from '../../src/policy/categories';
import { decide } from '../../src/policy/decide';
import { outcome } from '../../src/policy/decision';
import { createContext, type GatewayContext } from '../../src/context';
import { loadMemberStates, type MemberRow } from '../../src/modules/member/member.loader';
import { MemberNode } from '../../src/modules/member/member.type';
import { MEMBER_STATE } from '../../src/policy/member-state';
import { fromRow, type AccessLogRow } from '../../src/audit/rows';

/*
 * §3 §13: a personal value leaves only on an ALLOW decision for that member, that field, the asking principal and
 * the declared purpose, made in the same request, and the access-log row of that request and member names it.
 * Checked independently of the shield: each member's state is loaded afresh and `decide` asked again.
 */

const FIELDS = PERSONAL_FIELDS.join(' ');
/** Every personal field, also under an alias and through a named and an inline fragment. */
const MEMBER_SELECTION = `id ${FIELDS} again: name alsoPhone: phone ...P ... on Member { mail: email birthDate }`;
const FRAGMENT = `fragment P on Member { ${FIELDS} card: cardNumber }`;

type Json = Record<string, unknown>;

describe('§3 §13 every personal value returned carries an ALLOW decision of its own request', () => {
  let t: TestGateway;
  const callers: { name: string; caller: () => Promise<Caller>; query: string }[] = [];

  before(async () => {
    t = await startGateway();
    const list = `query Page { members(first: 20) { edges { node { ${MEMBER_SELECTION} } } } } ${FRAGMENT}`;
    const me = `query Mine { me { ${MEMBER_SELECTION} } } ${FRAGMENT}`;
    callers.push(
      {
        name: 'cs-agent, MEMBER_MANAGEMENT',
        caller: async () => ({ token: await login(t.url, 'cs-agent'), purpose: 'MEMBER_MANAGEMENT' }),
        query: list,
      },
      {
        name: 'marketer, MARKETING',
        caller: async () => ({ token: await login(t.url, 'marketer'), purpose: 'MARKETING' }),
        query: list,
      },
      {
        name: 'partner-ads, MARKETING',
        caller: async () => ({ token: await clientToken(t.url, 'partner-ads'), purpose: 'MARKETING' }),
        query: list,
      },
      {
        name: 'courier, ORDER_FULFILLMENT',
        caller: async () => ({ token: await clientToken(t.url, 'courier'), purpose: 'ORDER_FULFILLMENT' }),
        query: list,
      },
      {
        name: 'pg, PAYMENT_SETTLEMENT',
        caller: async () => ({ token: await clientToken(t.url, 'pg'), purpose: 'PAYMENT_SETTLEMENT' }),
        query: list,
      },
      {
        name: 'alice, SELF_SERVICE',
        caller: async () => ({ token: await login(t.url, 'alice'), purpose: 'SELF_SERVICE' }),
        query: me,
      },
    );
  });
  after(() => t?.stop());

  /** Every member object in the response, with its path. */
  const membersIn = (data: unknown): Json[] => {
    const out: Json[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        if (typeof (v as Json).id === 'string' && 'name' in (v as Json)) out.push(v as Json);
        else Object.values(v).forEach(walk);
      }
    };
    walk(data);
    return out;
  };
  const ALIASES: Record<string, PersonalField> = {
    again: 'name',
    alsoPhone: 'phone',
    mail: 'email',
    card: 'cardNumber',
  };

  it('holds for staff, partners, consignees and a member, fields asked directly, aliased and through fragments', async () => {
    const { knex } = t.gateway.services;
    let checked = 0;
    for (const c of callers) {
      const caller = await c.caller();
      const res = await gql(t.url, c.query, {}, caller);
      expect(res.status, c.name).to.equal(200);
      const requestId = res.headers.get('x-request-id')!;
      const ctx = await createContext(t.gateway.services, {
        headers: { authorization: `Bearer ${caller.token}`, 'x-purpose': caller.purpose! },
      });
      const members = membersIn(res.data);
      expect(members.length, `${c.name}: members returned`).to.be.greaterThan(0);
      const rows = (await knex('member as m')
        .select('m.id', 'm.status', 'm.birth_date as birthDate')
        .whereIn(
          'm.id',
          members.map((m) => m.id as string),
        )) as MemberRow[];
      const { states } = await loadMemberStates(knex, rows, ctx.now);
      const logged = ((await knex('access_log').where({ request_id: requestId })) as AccessLogRow[]).map(fromRow);
      for (const m of members) {
        const row = logged.find((r) => r.memberId === m.id);
        for (const [key, value] of Object.entries(m)) {
          const field =
            ALIASES[key] ?? (PERSONAL_FIELDS.includes(key as PersonalField) ? (key as PersonalField) : null);
          if (field === null || value === null) continue;
          const decision = outcome(decide(ctx.principal, ctx.purpose, field, states.get(m.id as string)!, ctx.lawful));
          expect(decision, `${c.name}: ${field} of ${m.id as string}`).to.equal('ALLOW');
          expect(row?.fields ?? [], `${c.name}: the log row of ${m.id as string}`).to.include(field);
          checked++;
        }
      }
    }
    expect(checked, 'personal values checked').to.be.greaterThan(50);
  });

  describe('a Member reached through an entry point that forgets to load its state', () => {
    @Resolver()
    class ForgetfulResolver {
      @Query(() => MemberNode, { nullable: true })
      async rawMember(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext): Promise<unknown> {
        // The member's row as it is, straight from the table: no state loaded, none carried.
        return ctx.services.knex('member').first('id', 'status', 'name', 'email', 'phone').where({ id });
      }

      @Query(() => MemberNode, { nullable: true })
      async borrowedState(
        @Arg('id', () => ID) id: string,
        @Arg('other', () => ID) other: string,
        @Ctx() ctx: GatewayContext,
      ): Promise<unknown> {
        // A row carrying a state loaded for somebody else (who may read everything): not its own.
        const { knex } = ctx.services;
        const rows = (await knex('member')
          .select('id', 'status', 'birth_date as birthDate')
          .whereIn('id', [other])) as MemberRow[];
        const { states } = await loadMemberStates(knex, rows, ctx.now);
        const row = await knex('member').first('id', 'status', 'name', 'email', 'phone').where({ id });
        return { ...row, [MEMBER_STATE]: states.get(other) };
      }
    }

    let schema: GraphQLSchema;
    before(() => {
      const bare = buildSchemaSync({ resolvers: [...resolvers, ForgetfulResolver], validate: false });
      const policy = {
        ...fieldPolicy,
        Query: { ...fieldPolicy.Query, rawMember: { kind: 'PURPOSE' }, borrowedState: { kind: 'PURPOSE' } },
      } as const;
      schema = applyMiddleware(bare, policyShield(policy), paymentMasking());
    });

    const run = async (who: string, purpose: string, source: string) => {
      const token = await login(t.url, who);
      const ctx = await createContext(t.gateway.services, {
        headers: { authorization: `Bearer ${token}`, 'x-purpose': purpose },
      });
      const result = await execute({ schema, document: parse(source), contextValue: ctx });
      return { result, ctx };
    };
    const idOf = async (login: string) =>
      ((await t.gateway.services.knex('member').first('id').where({ login_id: login })) as { id: string }).id;

    it('denies every personal field NOT_FOUND, and logs no value as returned', async () => {
      const alice = await idOf('alice');
      const { result, ctx } = await run(
        'cs-agent',
        'MEMBER_MANAGEMENT',
        `{ rawMember(id: "${alice}") { id name email phone ...F } } fragment F on Member { n: name }`,
      );
      expect(result.data).to.deep.equal({ rawMember: { id: alice, name: null, email: null, phone: null, n: null } });
      expect(new Set(result.errors?.map((e) => e.extensions.code))).to.deep.equal(new Set(['NOT_FOUND']));
      expect(ctx.access.entries().flatMap((e) => e.fields)).to.deep.equal([]);
    });

    it('denies every personal field NOT_FOUND when the state it carries was loaded for another member', async () => {
      const [alice, bob] = [await idOf('alice'), await idOf('bob')];
      const { result } = await run(
        'alice',
        'SELF_SERVICE',
        `{ borrowedState(id: "${bob}", other: "${alice}") { id name email } }`,
      );
      expect(result.data).to.deep.equal({ borrowedState: { id: bob, name: null, email: null } });
      expect(new Set(result.errors?.map((e) => e.extensions.code))).to.deep.equal(new Set(['NOT_FOUND']));
    });
  });
});
