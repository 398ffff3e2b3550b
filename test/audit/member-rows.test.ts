import { expect } from 'chai';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { gql, login } from '../helpers/http';
import { INDEX_BATCH } from '../../src/audit/row-insert';
import type { AccessRecord } from '../../src/audit/chain';

/** A member's rows are found through the batched member index and the unindexed tail alike. */
describe('§10 access log: a member’s rows, indexed or not yet', () => {
  let t: TestGateway;
  let alice: string;
  let po: string;
  let aliceToken: string;
  before(async () => {
    t = await startGateway({ env: { ACCESS_LOG_INDEX_MS: '0' } });
    alice = (await knex()('member').first('id').where({ login_id: 'alice' })).id as string;
    const cs = await login(t.url, 'cs-agent');
    for (let i = 0; i < 4; i++) {
      await gql(
        t.url,
        'query($id: ID!) { member(id: $id) { name email } }',
        { id: alice },
        { token: cs, purpose: 'MEMBER_MANAGEMENT' },
      );
      await gql(
        t.url,
        '{ members(first: 10) { edges { node { name } } } }',
        {},
        { token: cs, purpose: 'MEMBER_MANAGEMENT' },
      );
    }
    po = await login(t.url, 'privacy-officer');
    await gql(t.url, '{ accessLogs(first: 1) { edges { cursor } } }', {}, { token: po, purpose: 'MEMBER_MANAGEMENT' }); // a row naming no member
    aliceToken = await login(t.url, 'alice');
  });
  after(() => t.stop());

  const knex = () => t.gateway.services.knex;
  const count = async (q: ReturnType<ReturnType<typeof knex>>) => Number((await q.count({ n: '*' }).first())?.n);
  const seqOf = (cursor: string) => Number(Buffer.from(cursor, 'base64url').toString('utf8'));
  type Page = { edges: { cursor: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

  /** Every page, 3 rows at a time: the seqs in order, and the newest there was when the walk began. */
  async function walk(fetch: (after: string | null) => Promise<Page>): Promise<number[]> {
    const seqs: number[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await fetch(after);
      seqs.push(...page.edges.map((e) => seqOf(e.cursor)));
      if (!page.pageInfo.hasNextPage) return seqs;
      after = page.pageInfo.endCursor;
    }
  }
  const search = (filter: Record<string, unknown>) =>
    walk(
      async (after) =>
        (
          await gql<{ accessLogs: Page }>(
            t.url,
            'query($f: AccessLogFilter, $a: String) { accessLogs(filter: $f, first: 3, after: $a) { edges { cursor } pageInfo { hasNextPage endCursor } } }',
            { f: filter, a: after },
            { token: po, purpose: 'MEMBER_MANAGEMENT' },
          )
        ).data!.accessLogs,
    );
  const history = () =>
    walk(
      async (after) =>
        (
          await gql<{ me: { accessHistory: Page } }>(
            t.url,
            'query($a: String) { me { accessHistory(first: 3, after: $a) { edges { cursor } pageInfo { hasNextPage endCursor } } } }',
            { a: after },
            { token: aliceToken, purpose: 'SELF_SERVICE' },
          )
        ).data!.me.accessHistory,
    );
  /** What the walk must have found: her rows up to its first, newest first (later rows are its own logging). */
  const truth = async (seqs: number[], where: Record<string, unknown> = {}) =>
    (
      await knex()('access_log')
        .where({ member_id: alice, ...where })
        .where('seq', '<=', seqs[0]!)
        .orderBy('seq', 'desc')
        .pluck('seq')
    ).map(Number);

  async function expectAllFound(): Promise<void> {
    const all = await search({ memberId: alice });
    expect(all).to.have.length.of.at.least(8);
    expect(all).to.deep.equal(await truth(all));
    const filtered = await search({ memberId: alice, purpose: 'MEMBER_MANAGEMENT' });
    expect(filtered).to.deep.equal(await truth(filtered, { purpose: 'MEMBER_MANAGEMENT' }));
    const own = await history();
    expect(own).to.deep.equal(await truth(own));
  }

  it('finds every row while none is indexed (all in the tail)', async () => {
    expect(await count(knex()('access_log_member'))).to.equal(0);
    await expectAllFound();
  });

  it('indexes every row that names a member, once', async () => {
    const named = (await knex()('access_log').whereNotNull('member_id').orderBy('seq').select('seq', 'member_id')).map(
      (r: { seq: number; member_id: string }) => [Number(r.seq), r.member_id],
    );
    expect(await t.gateway.services.accessLog.indexMembers()).to.equal(named.length);
    expect(await t.gateway.services.accessLog.indexMembers()).to.equal(0);
    const indexed = (await knex()('access_log_member').orderBy('seq').select('seq', 'member_id')).map(
      (r: { seq: number; member_id: string }) => [Number(r.seq), r.member_id],
    );
    expect(indexed).to.deep.equal(named);
    expect(await count(knex()('access_log').whereNull('member_id'))).to.be.greaterThan(0);
  });

  it('finds every row once all are indexed, and with an indexed part and a tail', async () => {
    await t.gateway.services.accessLog.indexMembers();
    await expectAllFound();
    const mine = (await knex()('access_log_member').where({ member_id: alice }).orderBy('seq').pluck('seq')).map(
      Number,
    );
    const middle = mine[Math.floor(mine.length / 2)]!;
    await knex()('access_log_member').where('seq', '>', middle).del();
    await expectAllFound();
  });

  it('refuses a memberId filter that is no member id (BAD_USER_INPUT), before anything is searched or logged', async () => {
    const before = await count(knex()('access_log'));
    const res = await gql(
      t.url,
      '{ accessLogs(filter: { memberId: "x-not-an-id-at-all-because-it-is-too-long" }, first: 1) { edges { cursor } } }',
      {},
      { token: po, purpose: 'MEMBER_MANAGEMENT' },
    );
    expect(res.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).to.deep.equal([
      ['BAD_USER_INPUT', 'filter.memberId'],
    ]);
    expect(await count(knex()('access_log'))).to.equal(before);
  });

  it(`catches up more than one batch (${INDEX_BATCH} rows) in one call`, async () => {
    await t.gateway.services.accessLog.indexMembers();
    const many = 2 * INDEX_BATCH + 321; // half of them name a member: more than one batch
    const row = (i: number): AccessRecord => ({
      requestId: 'bulk',
      at: new Date(),
      accessorId: 'acc',
      accessorKind: 'STAFF',
      accessorRole: 'CS_AGENT',
      accessorName: 'Agent',
      clientIp: '127.0.0.1',
      memberId: i % 2 ? alice : null,
      action: 'VIEW',
      purpose: 'MEMBER_MANAGEMENT',
      legalBasis: null,
      fields: ['name'],
      denied: {},
      operationName: null,
    });
    await t.gateway.services.accessLog.append(Array.from({ length: many }, (_, i) => row(i)));
    expect(await t.gateway.services.accessLog.indexMembers()).to.equal(Math.floor(many / 2));
    expect(await count(knex()('access_log_member'))).to.equal(
      await count(knex()('access_log').whereNotNull('member_id')),
    );
  });
});
