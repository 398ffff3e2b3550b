import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { guardianToken, lawfulRequestFor, startGateway, type TestGateway } from '../helpers/gateway';
import { clientToken, codes, gql, login, type Caller, type GraphQLResponse } from '../helpers/http';
import { run } from '../helpers/operations';
import type { MembersQuery } from '../generated/graphql';

/*
 * Broken object-level authorization, over real HTTP against the seeded demo database.
 *
 * Reach (by hand from the rules): a member reaches only themself; the guardian (soyeon.park) only minji; staff other
 * than the analyst every member but the withdrawn carol; the analyst none; partner-ads only members who consented
 * to provision to it (alice); a consignee only members with an assignment for it (alice, for courier and pg).
 * Anything else must answer byte for byte like an id that does not exist.
 */

type Who =
  | 'alice'
  | 'bob'
  | 'minji'
  | 'guardian'
  | 'cs-agent'
  | 'marketer'
  | 'analyst'
  | 'privacy-officer'
  | 'partner-ads'
  | 'courier'
  | 'pg'
  | 'hosting'
  | 'anonymous';
type MemberName = 'alice' | 'bob' | 'minji' | 'jun' | 'carol';
const MEMBERS: readonly MemberName[] = ['alice', 'bob', 'minji', 'jun', 'carol'];

let t: TestGateway;
let lawfulId: string;
const tokens = new Map<Who, string | undefined>();
const ids = new Map<MemberName, string>();
const id = (m: MemberName): string => ids.get(m)!;

async function setUp(): Promise<void> {
  t = await startGateway();
  for (const who of ['alice', 'bob', 'minji', 'cs-agent', 'marketer', 'analyst', 'privacy-officer'] as const) {
    tokens.set(who, await login(t.url, who));
  }
  for (const who of ['partner-ads', 'courier', 'pg', 'hosting'] as const)
    tokens.set(who, await clientToken(t.url, who));
  tokens.set('guardian', await guardianToken(t, 'soyeon.park@example.com'));
  tokens.set('anonymous', undefined);
  for (const m of MEMBERS) {
    const row = await t.gateway.services.knex('member').first('id').where({ login_id: m });
    if (!row) throw new Error(`no seeded member ${m}`);
    ids.set(m, row.id);
  }
  lawfulId = await lawfulRequestFor(t);
}

const as = (who: Who, purpose: string | null): Caller => ({
  token: tokens.get(who),
  purpose: purpose ?? undefined,
  headers: purpose === 'LEGAL_REQUEST' ? { 'x-legal-basis': lawfulId } : {},
});

/** The response exactly as it comes over the wire. */
async function raw(
  query: string,
  variables: Record<string, unknown>,
  caller: Caller,
): Promise<{ status: number; body: string; headers: Record<string, string> }> {
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(caller.token ? { authorization: `Bearer ${caller.token}` } : {}),
      ...(caller.purpose ? { 'x-purpose': caller.purpose } : {}),
      ...caller.headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const headers: Record<string, string> = {};
  // The date and the request id differ on every answer, whatever it is about.
  res.headers.forEach((v, k) => {
    if (k !== 'date' && k !== 'x-request-id') headers[k] = v;
  });
  return { status: res.status, body: await res.text(), headers };
}

const errorSet = (res: GraphQLResponse<unknown>): string[] =>
  (res.errors ?? []).map((e) => `${(e.path ?? []).join('.')} ${String(e.extensions?.code)}`).sort();

// ---------------------------------------------------------------------------------------------------------------

describe('§10 BOLA: an unreachable member answers exactly like an id that does not exist', () => {
  before(setUp);
  after(() => t.stop());

  /** Query shapes: plain, aliased, inline fragment, named fragment, typename only, id only. */
  const SHAPES: Record<string, string> = {
    plain: 'query Q($id: ID!) { member(id: $id) { id loginId name email phone bankAccount } }',
    aliased: 'query Q($id: ID!) { a: member(id: $id) { x: email y: name z: id } }',
    'inline fragment': 'query Q($id: ID!) { member(id: $id) { ... on Member { email phone } } }',
    'named fragment':
      'query Q($id: ID!) { member(id: $id) { ...F } } fragment F on Member { id name email cardNumber }',
    'typename only': 'query Q($id: ID!) { member(id: $id) { __typename } }',
    'id only': 'query Q($id: ID!) { member(id: $id) { id status } }',
  };

  /** [who, purpose, members out of reach] written out by hand. */
  const CASES: [Who, string | null, MemberName[]][] = [
    ['alice', 'SELF_SERVICE', ['bob', 'minji', 'jun', 'carol']],
    ['bob', 'SELF_SERVICE', ['alice', 'minji', 'jun', 'carol']],
    ['minji', 'SELF_SERVICE', ['alice', 'bob', 'jun', 'carol']],
    ['guardian', 'SELF_SERVICE', ['jun', 'alice', 'bob', 'carol']],
    ['cs-agent', 'MEMBER_MANAGEMENT', ['carol']],
    ['cs-agent', 'ORDER_FULFILLMENT', ['carol']],
    ['marketer', 'MARKETING', ['carol']],
    ['analyst', 'SERVICE_DEVELOPMENT', ['alice', 'bob', 'minji', 'jun', 'carol']],
    ['privacy-officer', 'MEMBER_MANAGEMENT', ['carol']],
    ['privacy-officer', 'LEGAL_REQUEST', ['carol']],
    ['partner-ads', 'MARKETING', ['bob', 'minji', 'jun', 'carol']],
    ['courier', 'ORDER_FULFILLMENT', ['bob', 'minji', 'jun', 'carol']],
    ['pg', 'PAYMENT_SETTLEMENT', ['bob', 'minji', 'jun', 'carol']],
    // Without a purpose nothing is reachable either, and the answer must not depend on the id.
    ['cs-agent', null, ['alice', 'bob', 'minji', 'jun', 'carol']],
    ['alice', null, ['alice', 'bob', 'carol']],
    ['anonymous', null, ['alice', 'carol']],
  ];

  for (const [who, purpose, outOfReach] of CASES) {
    for (const m of outOfReach) {
      it(`${who} / ${purpose ?? 'no purpose'}: ${m} answers like a nonexistent id, in every query shape`, async () => {
        for (const [shape, query] of Object.entries(SHAPES)) {
          const nonexistent = await raw(query, { id: randomUUID() }, as(who, purpose));
          const target = await raw(query, { id: id(m) }, as(who, purpose));
          expect(target.status, `${shape}: status`).to.equal(nonexistent.status);
          expect(target.body, `${shape}: body`).to.equal(nonexistent.body);
          expect(target.headers, `${shape}: headers`).to.deep.equal(nonexistent.headers);
        }
      });
    }
  }

  it('the nonexistent-id answer itself is NOT_FOUND at [member] with data null (PURPOSE_REQUIRED without a purpose)', async () => {
    const found = await gql(t.url, SHAPES.plain!, { id: randomUUID() }, as('cs-agent', 'MEMBER_MANAGEMENT'));
    expect(found.status).to.equal(200);
    expect(found.data ?? null).to.equal(null);
    expect(found.errors?.map((e) => [e.path, e.extensions?.code])).to.deep.equal([[['member'], 'NOT_FOUND']]);
    const aliased = await gql(t.url, SHAPES.aliased!, { id: randomUUID() }, as('alice', 'SELF_SERVICE'));
    expect(aliased.errors?.map((e) => [e.path, e.extensions?.code])).to.deep.equal([[['a'], 'NOT_FOUND']]);
    const noPurpose = await gql(t.url, SHAPES.plain!, { id: id('alice') }, as('cs-agent', null));
    expect(noPurpose.errors?.map((e) => [e.path, e.extensions?.code])).to.deep.equal([
      [['member'], 'PURPOSE_REQUIRED'],
    ]);
  });

  it('ids that are not even UUIDs answer like a nonexistent id too', async () => {
    const query = SHAPES.plain!;
    for (const [who, purpose] of [
      ['alice', 'SELF_SERVICE'],
      ['cs-agent', 'MEMBER_MANAGEMENT'],
      ['courier', 'ORDER_FULFILLMENT'],
    ] as [Who, string][]) {
      const nonexistent = await raw(query, { id: randomUUID() }, as(who, purpose));
      for (const bogus of [
        'not-a-uuid',
        "' OR '1'='1",
        `${id('alice')} `,
        id('alice').toUpperCase(),
        'x'.repeat(200),
        '',
      ]) {
        if (who === 'alice' && bogus === id('alice').toUpperCase()) continue; // her own id in another case: see below
        const res = await raw(query, { id: bogus }, as(who, purpose));
        expect(res.status, `${who} ${JSON.stringify(bogus)}`).to.equal(nonexistent.status);
        expect(res.body, `${who} ${JSON.stringify(bogus)}`).to.equal(nonexistent.body);
      }
    }
  });

  it('a reachable member is found (the comparisons above are not vacuous)', async () => {
    const cases: [Who, string, MemberName, string][] = [
      ['alice', 'SELF_SERVICE', 'alice', 'Alice Kim'],
      ['guardian', 'SELF_SERVICE', 'minji', 'Minji Park'],
      ['cs-agent', 'MEMBER_MANAGEMENT', 'bob', 'Bob Lee'],
      ['partner-ads', 'MARKETING', 'alice', 'Alice Kim'],
      ['courier', 'ORDER_FULFILLMENT', 'alice', 'Alice Kim'],
      ['pg', 'PAYMENT_SETTLEMENT', 'alice', 'Alice Kim'],
    ];
    for (const [who, purpose, m, name] of cases) {
      const res = await gql<{ member: { id: string; name: string } }>(
        t.url,
        'query Q($id: ID!) { member(id: $id) { id name } }',
        { id: id(m) },
        as(who, purpose),
      );
      expect(res.data?.member, `${who} -> ${m}`).to.deep.equal({ id: id(m), name });
      expect(res.errors ?? [], `${who} -> ${m}`).to.deep.equal([]);
    }
  });

  it('asking for a reachable and an unreachable member together: the unreachable one is NOT_FOUND, nothing of it leaks', async () => {
    const res = await gql(
      t.url,
      'query Q($a: ID!, $b: ID!) { a: member(id: $a) { name } b: member(id: $b) { name email } }',
      { a: id('alice'), b: id('bob') },
      as('alice', 'SELF_SERVICE'),
    );
    // member(id:) is non-null, so the NOT_FOUND of `b` nulls the whole data (GraphQL null propagation).
    expect(res.status).to.equal(200);
    expect(res.data ?? null).to.equal(null);
    expect(errorSet(res)).to.deep.equal(['b NOT_FOUND']);
    expect(JSON.stringify(res)).to.not.include('Bob');
    expect(JSON.stringify(res)).to.not.include('bob@');
  });

  it('an alias named like another root field does not change the decision', async () => {
    for (const alias of ['me', 'myChildren', 'members', 'a1']) {
      const query = `query Q($id: ID!) { ${alias}: member(id: $id) { name } }`;
      const nonexistent = await raw(query, { id: randomUUID() }, as('alice', 'SELF_SERVICE'));
      const bob = await raw(query, { id: id('bob') }, as('alice', 'SELF_SERVICE'));
      expect(bob.body, alias).to.equal(nonexistent.body);
      expect(bob.status, alias).to.equal(nonexistent.status);
      expect(JSON.parse(bob.body).errors[0].path).to.deep.equal([alias]);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('§10 BOLA: aliases and fragments get the same field decisions', () => {
  before(setUp);
  after(() => t.stop());

  it('marketer: aliases, repeated fields, inline and named fragments on two members', async () => {
    const res = await gql<{ a: Record<string, unknown>; b: Record<string, unknown> }>(
      t.url,
      `
      query Q($alice: ID!, $bob: ID!) {
        a: member(id: $alice) { x: email y: address z: loginId w: email ... on Member { phone } ...F }
        b: member(id: $bob) { x: email ... on Member { phone } ... { gender } ...F }
      }
      fragment F on Member { name bankAccount k: ageBand }`,
      { alice: id('alice'), bob: id('bob') },
      as('marketer', 'MARKETING'),
    );
    expect(res.status).to.equal(200);
    expect(res.data?.a).to.deep.equal({
      x: 'alice@example.com',
      y: null,
      z: 'alice',
      w: 'alice@example.com',
      phone: '010-1234-5678',
      name: 'Alice Kim',
      bankAccount: null,
      k: '30S',
    });
    expect(res.data?.b).to.deep.equal({ x: null, phone: null, gender: null, name: null, bankAccount: null, k: null });
    expect(errorSet(res)).to.deep.equal(
      [
        'a.y PURPOSE_DENIED',
        'a.bankAccount PURPOSE_DENIED',
        'b.x CONSENT_MISSING',
        'b.phone CONSENT_MISSING',
        'b.gender CONSENT_MISSING',
        'b.name CONSENT_MISSING',
        'b.bankAccount PURPOSE_DENIED',
        'b.k CONSENT_MISSING',
      ].sort(),
    );
  });

  it('courier: a fragment asking for fields beyond the entrusted ones gets PURPOSE_DENIED for each of them', async () => {
    const res = await gql<{ member: Record<string, unknown> }>(
      t.url,
      `
      query Q($id: ID!) { member(id: $id) { ... on Member { email phone } ...G n2: name } }
      fragment G on Member { name address loginId bankAccount deliveryArea }`,
      { id: id('alice') },
      as('courier', 'ORDER_FULFILLMENT'),
    );
    expect(res.data?.member).to.deep.equal({
      email: null,
      phone: '010-1234-5678',
      name: 'Alice Kim',
      address: '1 Teheran-ro, Gangnam-gu, Seoul',
      loginId: null,
      bankAccount: null,
      deliveryArea: null,
      n2: 'Alice Kim',
    });
    expect(errorSet(res)).to.deep.equal(
      [
        'member.email PURPOSE_DENIED',
        'member.loginId PURPOSE_DENIED',
        'member.bankAccount PURPOSE_DENIED',
        'member.deliveryArea PURPOSE_DENIED',
      ].sort(),
    );
  });

  it('pg: payment in full through aliases and fragments, masked for nobody else', async () => {
    const query = `query Q($id: ID!) { member(id: $id) { b1: bankAccount ...P ... on Member { c2: cardNumber } } }
      fragment P on Member { bankAccount cardNumber }`;
    const pg = await gql<{ member: Record<string, unknown> }>(
      t.url,
      query,
      { id: id('alice') },
      as('pg', 'PAYMENT_SETTLEMENT'),
    );
    expect(pg.data?.member).to.deep.equal({
      b1: '110-123-456789',
      bankAccount: '110-123-456789',
      cardNumber: '4111111111111111',
      c2: '4111111111111111',
    });
    expect(pg.errors ?? []).to.deep.equal([]);
    const self = await gql<{ member: Record<string, unknown> }>(
      t.url,
      query,
      { id: id('alice') },
      as('alice', 'SELF_SERVICE'),
    );
    expect(self.data?.member).to.deep.equal({
      b1: '**********6789',
      bankAccount: '**********6789',
      cardNumber: '************1111',
      c2: '************1111',
    });
    expect(self.errors ?? []).to.deep.equal([]);
  });

  it('cs-agent: fragments nested in members.edges.node give each node the same decisions as member(id:)', async () => {
    const res = await gql<{ members: { edges: { node: Record<string, unknown> & { id: string } }[] } }>(
      t.url,
      `
      query Q { members(first: 10) { edges { node { id ...Card ... on Member { k: address g: guardianName } } } } }
      fragment Card on Member { loginId e: email bankAccount }`,
      {},
      as('cs-agent', 'MEMBER_MANAGEMENT'),
    );
    expect(res.status).to.equal(200);
    const edges = res.data!.members.edges;
    const byId = new Map(edges.map((e, i) => [e.node.id, { node: e.node, i }]));
    expect([...byId.keys()].sort()).to.deep.equal([id('alice'), id('bob'), id('minji'), id('jun')].sort());
    const want: Record<Exclude<MemberName, 'carol'>, Record<string, string | null>> = {
      alice: { loginId: 'alice', e: 'alice@example.com', bankAccount: null, k: null, g: null },
      bob: { loginId: 'bob', e: 'bob@example.com', bankAccount: null, k: null, g: null },
      minji: { loginId: 'minji', e: 'minji@example.com', bankAccount: null, k: null, g: 'Soyeon Park' },
      jun: { loginId: null, e: null, bankAccount: null, k: null, g: null },
    };
    const wantErrors: string[] = [];
    for (const [m, fields] of Object.entries(want) as [Exclude<MemberName, 'carol'>, Record<string, string | null>][]) {
      const { node, i } = byId.get(id(m))!;
      expect(node, m).to.deep.equal({ id: id(m), ...fields });
      const p = `members.edges.${i}.node`;
      wantErrors.push(`${p}.bankAccount PURPOSE_DENIED`, `${p}.k PURPOSE_DENIED`);
      if (m === 'jun')
        wantErrors.push(
          `${p}.loginId GUARDIAN_CONSENT_REQUIRED`,
          `${p}.e GUARDIAN_CONSENT_REQUIRED`,
          `${p}.g GUARDIAN_CONSENT_REQUIRED`,
        );
    }
    expect(errorSet(res)).to.deep.equal(wantErrors.sort());
  });

  it('the same member twice under two aliases in one request gets the same decisions twice', async () => {
    const res = await gql<{ a: Record<string, unknown>; b: Record<string, unknown> }>(
      t.url,
      'query Q($id: ID!) { a: member(id: $id) { name email address } b: member(id: $id) { ...on Member { name email address } } }',
      { id: id('alice') },
      as('courier', 'ORDER_FULFILLMENT'),
    );
    expect(res.data?.a).to.deep.equal({ name: 'Alice Kim', email: null, address: '1 Teheran-ro, Gangnam-gu, Seoul' });
    expect(res.data?.b).to.deep.equal(res.data?.a);
    expect(errorSet(res)).to.deep.equal(['a.email PURPOSE_DENIED', 'b.email PURPOSE_DENIED']);
  });

  it('me through aliases and fragments: SELF_SERVICE decisions, no purpose -> PURPOSE_REQUIRED per field', async () => {
    const query = 'query Q { self: me { n: name ...M } } fragment M on Member { email bankAccount }';
    const ok = await gql<{ self: Record<string, unknown> }>(t.url, query, {}, as('bob', 'SELF_SERVICE'));
    expect(ok.data?.self).to.deep.equal({ n: 'Bob Lee', email: 'bob@example.com', bankAccount: null });
    expect(ok.errors ?? []).to.deep.equal([]);
    const none = await gql<{ self: Record<string, unknown> }>(t.url, query, {}, as('bob', null));
    expect(none.data?.self).to.deep.equal({ n: null, email: null, bankAccount: null });
    expect(errorSet(none)).to.deep.equal([
      'self.bankAccount PURPOSE_REQUIRED',
      'self.email PURPOSE_REQUIRED',
      'self.n PURPOSE_REQUIRED',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------

/** [who, purpose, members reachable], by hand. */
const REACH: [Who, string, MemberName[]][] = [
  ['alice', 'SELF_SERVICE', ['alice']],
  ['bob', 'SELF_SERVICE', ['bob']],
  ['minji', 'SELF_SERVICE', ['minji']],
  ['guardian', 'SELF_SERVICE', ['minji']],
  ['cs-agent', 'MEMBER_MANAGEMENT', ['alice', 'bob', 'minji', 'jun']],
  // jun waits for her guardian: the status says "under 14", so only purposes that read ages reach her (§3).
  ['cs-agent', 'ORDER_FULFILLMENT', ['alice', 'bob', 'minji']],
  ['marketer', 'MARKETING', ['alice', 'bob', 'minji']],
  ['analyst', 'SERVICE_DEVELOPMENT', []],
  ['privacy-officer', 'MEMBER_MANAGEMENT', ['alice', 'bob', 'minji', 'jun']],
  ['privacy-officer', 'LEGAL_REQUEST', ['alice', 'bob', 'minji', 'jun']],
  ['partner-ads', 'MARKETING', ['alice']],
  ['courier', 'ORDER_FULFILLMENT', ['alice']],
  ['pg', 'PAYMENT_SETTLEMENT', ['alice']],
];

/** loginId as each reader sees it: readable, or the code it is denied with. */
const LOGIN_IDS: Partial<Record<`${Who}|${string}`, Partial<Record<MemberName, string>>>> = {
  'alice|SELF_SERVICE': { alice: 'alice' },
  'bob|SELF_SERVICE': { bob: 'bob' },
  'minji|SELF_SERVICE': { minji: 'minji' },
  'guardian|SELF_SERVICE': { minji: 'minji' },
  'cs-agent|MEMBER_MANAGEMENT': { alice: 'alice', bob: 'bob', minji: 'minji', jun: 'GUARDIAN_CONSENT_REQUIRED' },
  'cs-agent|ORDER_FULFILLMENT': { alice: 'alice', bob: 'bob', minji: 'minji' },
  'marketer|MARKETING': { alice: 'alice', bob: 'CONSENT_MISSING', minji: 'CONSENT_MISSING' },
  'privacy-officer|MEMBER_MANAGEMENT': { alice: 'alice', bob: 'bob', minji: 'minji', jun: 'GUARDIAN_CONSENT_REQUIRED' },
  'privacy-officer|LEGAL_REQUEST': { alice: 'alice', bob: 'bob', minji: 'minji', jun: 'GUARDIAN_CONSENT_REQUIRED' },
  'partner-ads|MARKETING': { alice: 'alice' },
  'courier|ORDER_FULFILLMENT': { alice: 'PURPOSE_DENIED' },
  'pg|PAYMENT_SETTLEMENT': { alice: 'PURPOSE_DENIED' },
};

const PAGE =
  'query P($first: Int!, $after: String) { members(first: $first, after: $after) { edges { cursor node { id loginId } } pageInfo { hasNextPage endCursor } } }';

describe('§10 BOLA: members lists exactly the reachable set, page by page', () => {
  before(setUp);
  after(() => t.stop());

  for (const [who, purpose, reach] of REACH) {
    it(`${who} / ${purpose}: members(first: 100) is exactly [${reach.join(', ')}]`, async () => {
      const res = await run(t.url, 'Members', { first: 100, after: null }, as(who, purpose));
      expect(res.status).to.equal(200);
      const edges = res.data!.members.edges;
      expect(edges.map((e) => e.node.id).sort()).to.deep.equal(reach.map(id).sort());
      expect(res.data!.members.pageInfo.hasNextPage).to.equal(false);
      // loginId, where readable; otherwise the code it is denied with.
      const seen: Partial<Record<MemberName, string>> = {};
      for (const [i, e] of edges.entries()) {
        const m = MEMBERS.find((n) => id(n) === e.node.id)!;
        const err = res.errors?.find(
          (x) => JSON.stringify(x.path) === JSON.stringify(['members', 'edges', i, 'node', 'loginId']),
        );
        seen[m] = e.node.loginId ?? String(err?.extensions?.code);
      }
      expect(seen).to.deep.equal(LOGIN_IDS[`${who}|${purpose}`] ?? {});
    });

    for (const first of [1, 2, 3]) {
      it(`${who} / ${purpose}: walking first: ${first} with after visits every reachable member once`, async () => {
        const visited: string[] = [];
        let after: string | null = null;
        let pages = 0;
        for (;;) {
          const res: GraphQLResponse<MembersQuery> = await run(t.url, 'Members', { first, after }, as(who, purpose));
          expect(res.status).to.equal(200);
          const { edges, pageInfo } = res.data!.members;
          pages += 1;
          expect(edges.length, `page ${pages} size`).to.be.at.most(first);
          visited.push(...edges.map((e) => e.node.id));
          expect(pageInfo.endCursor, "endCursor is the last edge's cursor").to.equal(edges.at(-1)?.cursor ?? null);
          if (!pageInfo.hasNextPage) break;
          expect(edges.length, 'a page before the last is full').to.equal(first);
          after = pageInfo.endCursor;
          if (pages > 10) throw new Error('pagination does not end');
        }
        expect(new Set(visited).size, 'no duplicates').to.equal(visited.length);
        expect([...visited].sort()).to.deep.equal(reach.map(id).sort());
        expect(pages).to.equal(Math.max(1, Math.ceil(reach.length / first)));
      });
    }
  }

  it('without a purpose members is PURPOSE_REQUIRED, with a purpose one may not declare FORBIDDEN_PURPOSE', async () => {
    for (const who of ['alice', 'guardian', 'cs-agent', 'partner-ads', 'courier', 'hosting', 'anonymous'] as Who[]) {
      const res = await gql(t.url, PAGE, { first: 10 }, as(who, null));
      expect(errorSet(res), who).to.deep.equal(['members PURPOSE_REQUIRED']);
      expect(res.data ?? null, who).to.equal(null);
    }
    for (const [who, purpose] of [
      ['alice', 'MEMBER_MANAGEMENT'],
      ['courier', 'PAYMENT_SETTLEMENT'],
      ['hosting', 'ORDER_FULFILLMENT'],
      ['anonymous', 'SELF_SERVICE'],
      ['analyst', 'MARKETING'],
    ] as [Who, string][]) {
      const res = await gql(t.url, PAGE, { first: 10 }, as(who, purpose));
      expect(res.status, `${who} ${purpose}`).to.equal(403);
      expect(codes(res), `${who} ${purpose}`).to.deep.equal(['FORBIDDEN_PURPOSE']);
    }
  });

  for (const first of [0, -1, 101]) {
    it(`first: ${first} is BAD_USER_INPUT`, async () => {
      const res = await gql(t.url, PAGE, { first }, as('cs-agent', 'MEMBER_MANAGEMENT'));
      expect(errorSet(res)).to.deep.equal(['members BAD_USER_INPUT']);
      expect(res.data ?? null).to.equal(null);
    });
  }

  it('first: 1000 is refused before execution by the cost limit (LIMIT_EXCEEDED)', async () => {
    const res = await gql(t.url, PAGE, { first: 1000 }, as('cs-agent', 'MEMBER_MANAGEMENT'));
    expect(codes(res)).to.deep.equal(['LIMIT_EXCEEDED']);
    expect(res.data ?? null).to.equal(null);
  });

  it('first: 100 is accepted', async () => {
    const res = await run(t.url, 'Members', { first: 100, after: null }, as('cs-agent', 'MEMBER_MANAGEMENT'));
    expect(res.status).to.equal(200);
    expect(res.data?.members.edges).to.have.length(4);
    expect(codes(res)).to.not.include('BAD_USER_INPUT');
  });

  const GARBAGE = [
    'garbage',
    '',
    '!!!',
    'bm90LWEtdXVpZA',
    Buffer.from('x'.repeat(36)).toString('base64url'),
    Buffer.from("' OR 1=1 --").toString('base64url'),
    'eyJpZCI6MX0',
  ];
  for (const cursor of GARBAGE) {
    it(`a garbage cursor ${JSON.stringify(cursor)} is BAD_USER_INPUT`, async () => {
      const res = await gql(t.url, PAGE, { first: 2, after: cursor }, as('cs-agent', 'MEMBER_MANAGEMENT'));
      expect(errorSet(res)).to.deep.equal(['members BAD_USER_INPUT']);
      expect(res.data ?? null).to.equal(null);
    });
  }

  it('a cursor forged from any member id never brings in a member out of reach', async () => {
    for (const [who, purpose, reach] of REACH) {
      for (const m of MEMBERS) {
        const forged = Buffer.from(id(m), 'utf8').toString('base64url');
        const res = await run(t.url, 'Members', { first: 100, after: forged }, as(who, purpose));
        expect(res.status, `${who} after ${m}`).to.equal(200);
        const got = res.data!.members.edges.map((e) => e.node.id);
        const allowed = new Set(reach.map(id));
        expect(
          got.filter((g) => !allowed.has(g)),
          `${who} after ${m}`,
        ).to.deep.equal([]);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('§10 BOLA: what does not make a member reachable', () => {
  let hanaId: string;
  before(async () => {
    await setUp();
    const { knex } = t.gateway.services;
    // A new under-14 sign-up naming minji's guardian's contact: waiting for that guardian to confirm (§2). Until the
    // guardian confirms for THIS child, they are not its verified representative, who may view, correct and
    // withdraw for the child.
    hanaId = randomUUID();
    const birth = new Date();
    birth.setUTCFullYear(birth.getUTCFullYear() - 9);
    await knex('member').insert({
      id: hanaId,
      login_id: 'hana',
      status: 'PENDING_GUARDIAN',
      session_version: 1,
      name: 'Hana Park',
      birth_date: birth.toISOString().slice(0, 10),
      created_at: new Date(),
    });
    await knex('guardian').insert({
      id: randomUUID(),
      child_id: hanaId,
      name: 'Soyeon Park',
      contact: 'soyeon.park@example.com',
      verified_at: null,
      verification_method: null,
      created_at: new Date(),
    });
    // A second assignment of alice to courier, and a duplicate provision consent to partner-ads.
    const courier = await knex('api_client').first('id').where({ client_id: 'courier' });
    await knex('assignment').insert({
      id: randomUUID(),
      member_id: id('alice'),
      consignee_id: courier.id,
      kind: 'DELIVERY',
      created_at: new Date(),
    });
    await knex('consent').insert({
      id: randomUUID(),
      member_id: id('alice'),
      purpose: 'THIRD_PARTY_PROVISION',
      recipient: 'partner-ads',
      policy_version: 1,
      granted_at: new Date(),
      method: 'SETTINGS',
      given_by: 'SELF',
    });
    // hosting gets an assignment too: it still may declare no purpose.
    const hosting = await knex('api_client').first('id').where({ client_id: 'hosting' });
    await knex('assignment').insert({
      id: randomUUID(),
      member_id: id('bob'),
      consignee_id: hosting.id,
      kind: 'HOSTING',
      created_at: new Date(),
    });
  });
  after(() => t.stop());

  it('a guardian does not reach a child whose guardianship by them is not verified (member(id:))', async () => {
    const query = 'query Q($id: ID!) { member(id: $id) { id name guardianName } }';
    const nonexistent = await raw(query, { id: randomUUID() }, as('guardian', 'SELF_SERVICE'));
    const hana = await raw(query, { id: hanaId }, as('guardian', 'SELF_SERVICE'));
    expect(hana.status).to.equal(nonexistent.status);
    expect(hana.body).to.equal(nonexistent.body);
  });

  it('a guardian does not list a child whose guardianship by them is not verified (myChildren, members)', async () => {
    const children = await gql<{ myChildren: { id: string }[] }>(
      t.url,
      '{ myChildren { id } }',
      {},
      as('guardian', 'SELF_SERVICE'),
    );
    expect(children.data?.myChildren.map((c) => c.id)).to.deep.equal([id('minji')]);
    const list = await run(t.url, 'Members', { first: 100, after: null }, as('guardian', 'SELF_SERVICE'));
    expect(list.data?.members.edges.map((e) => e.node.id)).to.deep.equal([id('minji')]);
  });

  it('staff reach the pending child, every field GUARDIAN_CONSENT_REQUIRED', async () => {
    const res = await gql<{ member: Record<string, unknown> }>(
      t.url,
      'query Q($id: ID!) { member(id: $id) { id name loginId } }',
      { id: hanaId },
      as('cs-agent', 'MEMBER_MANAGEMENT'),
    );
    expect(res.data?.member).to.deep.equal({ id: hanaId, name: null, loginId: null });
    expect(errorSet(res)).to.deep.equal([
      'member.loginId GUARDIAN_CONSENT_REQUIRED',
      'member.name GUARDIAN_CONSENT_REQUIRED',
    ]);
  });

  it('two assignments or two provision consents still list a member once', async () => {
    for (const [who, purpose] of [
      ['courier', 'ORDER_FULFILLMENT'],
      ['partner-ads', 'MARKETING'],
    ] as [Who, string][]) {
      const res = await run(t.url, 'Members', { first: 100, after: null }, as(who, purpose));
      expect(
        res.data?.members.edges.map((e) => e.node.id),
        who,
      ).to.deep.equal([id('alice')]);
    }
  });

  it('an assignment does not let hosting declare a purpose', async () => {
    for (const purpose of ['ORDER_FULFILLMENT', 'PAYMENT_SETTLEMENT', 'MEMBER_MANAGEMENT']) {
      const res = await gql(
        t.url,
        'query Q($id: ID!) { member(id: $id) { name } }',
        { id: id('bob') },
        as('hosting', purpose),
      );
      expect(res.status, purpose).to.equal(403);
      expect(codes(res), purpose).to.deep.equal(['FORBIDDEN_PURPOSE']);
    }
  });
});
