import { expect } from 'chai';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { gql, login } from '../helpers/http';

type Entry = { accessorKind: string; accessorId: string; accessorName: string; clientIp: string };

describe('§10 results about the log name members only with a row of their own', () => {
  let t: TestGateway;
  let po: string;
  let ids: Record<string, string>;
  before(async () => {
    t = await startGateway();
    po = await login(t.url, 'privacy-officer');
    const rows = (await t.gateway.services.knex('member').select('id', 'login_id')) as {
      id: string;
      login_id: string;
    }[];
    ids = Object.fromEntries(rows.map((r) => [r.login_id, r.id]));
    for (const who of ['alice', 'bob']) {
      const token = await login(t.url, who);
      await gql(t.url, '{ me { name } }', {}, { token, purpose: 'SELF_SERVICE' });
    }
  });
  after(() => t.stop());

  const rowsFor = (memberId: string, since: number) =>
    t.gateway.services
      .knex('access_log')
      .select('fields', 'accessor_kind')
      .where({ member_id: memberId })
      .where('seq', '>', since);
  const head = async () => Number((await t.gateway.services.knex('access_log').max({ s: 'seq' }).first())?.s ?? 0);

  it('accessLogs writes a row for each member it shows as an accessor', async () => {
    const since = await head();
    const res = await gql<{ accessLogs: { edges: { node: Entry }[] } }>(
      t.url,
      '{ accessLogs(first: 100) { edges { node { accessorKind accessorId accessorName clientIp } } } }',
      {},
      { token: po, purpose: 'MEMBER_MANAGEMENT' },
    );
    expect(res.errors).to.equal(undefined);
    expect(res.data!.accessLogs.edges.some((e) => e.node.accessorName === 'Alice Kim')).to.equal(true);
    const rows = await rowsFor(ids.alice!, since);
    expect(JSON.stringify(rows)).to.include('accessLog:accessorName');
  });

  it('accessReview is logged, with a row for each member it names', async () => {
    const since = await head();
    const month = new Date().toISOString().slice(0, 7);
    const res = await gql(
      t.url,
      'query($m: String!) { accessReview(month: $m) { accessors { accessorName } } }',
      { m: month },
      { token: po, purpose: 'MEMBER_MANAGEMENT' },
    );
    expect(res.errors).to.equal(undefined);
    const own = await t.gateway.services
      .knex('access_log')
      .select('fields')
      .where('seq', '>', since)
      .whereNull('member_id');
    expect(JSON.stringify(own)).to.include('accessReview');
    expect(JSON.stringify(await rowsFor(ids.bob!, since))).to.include('accessLog:accessorName');
  });

  it('shows a withdrawn member by no identifying data', async () => {
    const bob = await login(t.url, 'bob');
    const out = await gql(
      t.url,
      'mutation { withdrawMembership(password: "demo-password") }',
      {},
      { token: bob, purpose: 'SELF_SERVICE' },
    );
    expect(out.errors).to.equal(undefined);
    const res = await gql<{ accessLogs: { edges: { node: Entry }[] } }>(
      t.url,
      'query($a: String!) { accessLogs(first: 100, filter: { accessorId: $a }) { edges { node { accessorKind accessorId accessorName clientIp } } } }',
      { a: ids.bob! },
      { token: po, purpose: 'MEMBER_MANAGEMENT' },
    );
    const nodes = res.data!.accessLogs.edges.map((e) => e.node);
    expect(nodes.length).to.be.greaterThan(0);
    expect(JSON.stringify(nodes)).to.not.include('Bob Lee');
    expect(new Set(nodes.map((n) => `${n.accessorName}|${n.clientIp}`))).to.deep.equal(new Set(['withdrawn member|']));
  });
});
