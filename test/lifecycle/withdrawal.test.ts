import { expect } from 'chai';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { clientToken, codes, gql, login } from '../helpers/http';
import { counts, expectError, memberIds, sleep } from './support';

const WITHDRAW = 'mutation Withdraw($p: String) { withdrawMembership(password: $p) }';
const ME = '{ me { id name } }';

describe('§5 §13 lifecycle: withdrawal of membership', () => {
  let t: TestGateway;
  let ids: Record<string, string>;
  let cs: string;
  before(async () => {
    t = await startGateway();
    ids = await memberIds(t);
    cs = await login(t.url, 'cs-agent');
  });
  after(() => t.stop());

  const knex = () => t.gateway.services.knex;
  const self = (token: string) => ({ token, purpose: 'SELF_SERVICE' });
  const snapshot = async (id: string) => ({
    member: await knex()('member').first('*').where({ id }),
    consents: await knex()('consent').select('*').where({ member_id: id }).orderBy('id'),
    counts: await counts(t),
  });

  for (const [what, password] of [
    ['a wrong password', 'not-alices-password'],
    ['no password', null],
  ] as const) {
    it(`refuses ${what} with UNAUTHENTICATED and changes nothing`, async () => {
      const alice = await login(t.url, 'alice');
      const before = await snapshot(ids.alice!);
      expectError(await gql(t.url, WITHDRAW, { p: password }, self(alice)), 'UNAUTHENTICATED');
      expect(await snapshot(ids.alice!)).to.deep.equal(before);
      const me = await gql<{ me: { name: string } }>(t.url, ME, {}, self(alice));
      expect(me.data!.me.name, 'the token still works').to.equal('Alice Kim');
    });
  }

  it('is not open to staff, and a member cannot withdraw someone else', async () => {
    const bob = await login(t.url, 'bob');
    const before = await snapshot(ids.alice!);
    expect(
      codes(
        await gql(
          t.url,
          'mutation($id: ID) { withdrawMembership(memberId: $id, password: "demo-password") }',
          { id: ids.alice },
          { token: cs, purpose: 'MEMBER_MANAGEMENT' },
        ),
      ),
    ).to.deep.equal(['FORBIDDEN']);
    expect(
      codes(
        await gql(
          t.url,
          'mutation($id: ID) { withdrawMembership(memberId: $id, password: "demo-password") }',
          { id: ids.alice },
          self(bob),
        ),
      ),
    ).to.deep.equal(['NOT_FOUND']);
    expect(await snapshot(ids.alice!)).to.deep.equal(before);
  });

  describe('once alice withdraws', () => {
    let older: string;
    let current: string;
    before(async () => {
      older = await login(t.url, 'alice');
      await sleep(1100);
      current = await login(t.url, 'alice');
      const res = await gql<{ withdrawMembership: boolean }>(t.url, WITHDRAW, { p: 'demo-password' }, self(current));
      expect(res.errors).to.equal(undefined);
      expect(res.data!.withdrawMembership).to.equal(true);
    });

    it('revokes her tokens at once, the one issued a second earlier and the one used', async () => {
      for (const token of [older, current]) {
        const res = await gql(t.url, ME, {}, self(token));
        expect(codes(res)).to.deep.equal(['UNAUTHENTICATED']);
        expect(res.data ?? null).to.equal(null);
      }
    });

    it('answers NOT_FOUND for her to everyone', async () => {
      // Every purpose of live processing. (What the law keeps after withdrawal goes to a separate store, readable
      // under LEGAL_REQUEST and PAYMENT_SETTLEMENT only; that store is not this suite's subject.)
      const callers = [
        { token: cs, purpose: 'MEMBER_MANAGEMENT' },
        { token: await login(t.url, 'privacy-officer'), purpose: 'MEMBER_MANAGEMENT' },
        { token: cs, purpose: 'ORDER_FULFILLMENT' },
        { token: await login(t.url, 'marketer'), purpose: 'MARKETING' },
        { token: await clientToken(t.url, 'partner-ads'), purpose: 'MARKETING' },
        { token: await clientToken(t.url, 'courier'), purpose: 'ORDER_FULFILLMENT' },
      ];
      for (const caller of callers) {
        const res = await gql(
          t.url,
          'query($id: ID!) { member(id: $id) { id name email } }',
          { id: ids.alice },
          caller,
        );
        expect(codes(res), caller.purpose).to.deep.equal(['NOT_FOUND']);
        expect(JSON.stringify(res)).to.not.include('Alice');
        const list = await gql<{ members: { edges: { node: { id: string } }[] } }>(
          t.url,
          '{ members(first: 100) { edges { node { id } } } }',
          {},
          caller,
        );
        expect(list.data!.members.edges.map((e) => e.node.id)).to.not.include(ids.alice);
      }
    });

    it('does not let her log in', async () => {
      expect(
        codes(await gql(t.url, 'mutation { login(loginId: "alice", password: "demo-password") { accessToken } }')),
      ).to.deep.equal(['UNAUTHENTICATED']);
    });

    it('withdraws every consent she had', async () => {
      const open = await knex()('consent')
        .where({ member_id: ids.alice })
        .whereNull('withdrawn_at')
        .count({ n: '*' })
        .first();
      expect(Number(open?.n)).to.equal(0);
      expect((await knex()('member').first('status').where({ id: ids.alice })).status).to.equal('WITHDRAWN');
    });

    it('records the withdrawal in the access log', async () => {
      const row = await knex()('access_log')
        .first('action', 'accessor_id')
        .where({ member_id: ids.alice, action: 'DELETE' })
        .orderBy('seq', 'desc');
      expect(row).to.deep.equal({ action: 'DELETE', accessor_id: ids.alice });
    });
  });
});
