import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { codes, gql, login } from '../helpers/http';

const STATS =
  '{ memberStatistics { total suppressedBelow byAgeBand { key count } byGender { key count } byDeliveryArea { key count } } }';

describe('§3 memberStatistics (SERVICE_DEVELOPMENT)', () => {
  let t: TestGateway;
  let analyst: string;
  before(async () => {
    t = await startGateway();
    analyst = await login(t.url, 'analyst');
    // Six more adults in Busan, two more in Daegu: Busan reaches the threshold, Daegu stays under it.
    const rows = [...Array(6).fill('Busan'), 'Daegu', 'Daegu'].map((area: string, i) => ({
      id: randomUUID(),
      login_id: `stat${i}`,
      name: `Stat ${i}`,
      status: 'ACTIVE',
      session_version: 1,
      delivery_area: area,
      gender: 'MALE',
      birth_date: '1985-06-01',
      created_at: new Date(),
    }));
    await t.gateway.services.knex('member').insert(rows);
    // Everyone so far joined long enough ago to count.
    await t.gateway.services.knex('member').update({ created_at: new Date(Date.now() - 60 * 86_400_000) });
  });
  after(() => t.stop());

  it('gives counts by age band, gender and delivery area, suppressing groups under 5, and no identifier', async () => {
    const res = await gql<{
      memberStatistics: {
        total: number;
        byDeliveryArea: { key: string; count: number }[];
        byGender: { key: string; count: number }[];
      };
    }>(t.url, STATS, {}, { token: analyst, purpose: 'SERVICE_DEVELOPMENT' });
    expect(codes(res)).to.deep.equal([]);
    const s = res.data!.memberStatistics;
    // alice, bob, minji, and the eight added (jun is pending, carol withdrawn).
    expect(s.total).to.equal(11);
    expect(s.byDeliveryArea).to.deep.equal([{ key: 'Busan', count: 7 }]);
    expect(s.byGender).to.deep.equal([{ key: 'MALE', count: 9 }]);
    expect(JSON.stringify(res.data)).to.not.match(/Alice|Bob|alice@|Stat 0|[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it('§3 does not count accounts younger than the minimum membership, so throwaway sign-ups cannot lift a small group', async () => {
    const fresh = [0, 1, 2, 3].map((i) => ({
      id: randomUUID(),
      login_id: `fresh${i}`,
      name: `Fresh ${i}`,
      status: 'ACTIVE',
      session_version: 1,
      delivery_area: 'Daegu',
      gender: 'FEMALE',
      birth_date: '1990-06-01',
      created_at: new Date(),
    }));
    await t.gateway.services.knex('member').insert(fresh);
    const res = await gql<{ memberStatistics: { total: number; byDeliveryArea: { key: string }[] } }>(
      t.url,
      STATS,
      {},
      { token: analyst, purpose: 'SERVICE_DEVELOPMENT' },
    );
    expect(res.data!.memberStatistics.total).to.equal(11);
    expect(res.data!.memberStatistics.byDeliveryArea.map((b) => b.key)).to.deep.equal(['Busan']);
    await t.gateway.services
      .knex('member')
      .whereIn(
        'login_id',
        fresh.map((f) => f.login_id),
      )
      .delete();
  });

  it('is open to SERVICE_DEVELOPMENT only', async () => {
    const cs = await login(t.url, 'cs-agent');
    expect(codes(await gql(t.url, STATS, {}, { token: cs, purpose: 'MEMBER_MANAGEMENT' }))).to.deep.equal([
      'PURPOSE_DENIED',
    ]);
    expect(codes(await gql(t.url, STATS))).to.deep.equal(['PURPOSE_REQUIRED']);
  });

  it('never lets an analyst reach a single member', async () => {
    const res = await gql<{ members: { edges: unknown[] } }>(
      t.url,
      '{ members(first: 100) { edges { node { ageBand gender deliveryArea } } } }',
      {},
      { token: analyst, purpose: 'SERVICE_DEVELOPMENT' },
    );
    expect(res.data!.members.edges).to.deep.equal([]);
  });
});
