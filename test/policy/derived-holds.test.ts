import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { codes, gql, login } from '../helpers/http';
import { errorSet, memberIds } from '../lifecycle/support';
import { jsonList } from '../../src/db/json-list';

const REQUEST =
  'mutation($f: String!, $v: String!) { requestCorrection(field: $f, newValue: $v, reason: "moved") { id } }';
const STATS = '{ memberStatistics { byAgeBand { key count } byDeliveryArea { key count } } }';
type Bucket = { key: string; count: number };

describe('§13 holds reach every value derived from a held field', () => {
  let t: TestGateway;
  let ids: Record<string, string>;
  let alice: string;
  let cs: string;
  let analyst: string;
  before(async () => {
    t = await startGateway();
    // Five more adults in Busan born in 1985, so both groups clear the suppression threshold.
    await t.gateway.services.knex('member').insert(
      Array.from({ length: 5 }, (_, i) => ({
        id: randomUUID(),
        login_id: `busan${i}`,
        name: `Busan ${i}`,
        status: 'ACTIVE',
        session_version: 1,
        delivery_area: 'Busan',
        address: `${i} Haeundae, Busan`,
        gender: 'MALE',
        birth_date: '1985-06-01',
        created_at: new Date(),
      })),
    );
    // Statistics count members who joined at least a month ago.
    await t.gateway.services.knex('member').update({ created_at: new Date(Date.now() - 60 * 86_400_000) });
    ids = await memberIds(t);
    [alice, cs, analyst] = await Promise.all([
      login(t.url, 'alice'),
      login(t.url, 'cs-agent'),
      login(t.url, 'analyst'),
    ]);
  });
  after(() => t.stop());

  const stats = async () => {
    const res = await gql<{ memberStatistics: { byAgeBand: Bucket[]; byDeliveryArea: Bucket[] } }>(
      t.url,
      STATS,
      {},
      { token: analyst, purpose: 'SERVICE_DEVELOPMENT' },
    );
    expect(codes(res)).to.deep.equal([]);
    return res.data!.memberStatistics;
  };
  const count = (buckets: Bucket[], key: string) => buckets.find((b) => b.key === key)?.count ?? 0;

  it('§13 holds ageBand with birthDate and deliveryArea with address for every purpose but SELF_SERVICE', async () => {
    expect(
      codes(await gql(t.url, REQUEST, { f: 'birthDate', v: '1990-01-01' }, { token: alice, purpose: 'SELF_SERVICE' })),
    ).to.deep.equal([]);
    expect(
      codes(await gql(t.url, REQUEST, { f: 'address', v: '9 Mapo, Seoul' }, { token: alice, purpose: 'SELF_SERVICE' })),
    ).to.deep.equal([]);
    const q = 'query($id: ID!) { member(id: $id) { name ageBand deliveryArea } }';
    const management = await gql<{ member: Record<string, unknown> }>(
      t.url,
      q,
      { id: ids.alice },
      { token: cs, purpose: 'MEMBER_MANAGEMENT' },
    );
    expect(management.data!.member).to.deep.equal({ name: 'Alice Kim', ageBand: null, deliveryArea: null });
    expect(errorSet(management)).to.deep.equal([
      'member.ageBand UNDER_CORRECTION',
      'member.deliveryArea PURPOSE_DENIED',
    ]);
    const fulfilment = await gql<{ member: Record<string, unknown> }>(
      t.url,
      q,
      { id: ids.alice },
      { token: cs, purpose: 'ORDER_FULFILLMENT' },
    );
    expect(errorSet(fulfilment)).to.deep.equal([
      'member.ageBand PURPOSE_DENIED',
      'member.deliveryArea UNDER_CORRECTION',
    ]);
    const own = await gql<{ me: Record<string, unknown> }>(
      t.url,
      '{ me { ageBand deliveryArea } }',
      {},
      { token: alice, purpose: 'SELF_SERVICE' },
    );
    expect(own.data!.me).to.deep.equal({ ageBand: '30S', deliveryArea: 'Seoul' });
  });

  it('§13 leaves a member out of the statistics of a held field and of what is derived from it', async () => {
    const before = await stats();
    const busan = count(before.byDeliveryArea, 'Busan');
    expect(busan).to.be.at.least(6);
    const forty = count(before.byAgeBand, '40S');
    const busan0 = ids.busan0!;
    const busan1 = ids.busan1!;
    await t.gateway.services.knex('correction_request').insert([
      {
        id: randomUUID(),
        member_id: busan0,
        field: 'address',
        new_value: '1 Jung, Daegu',
        reason: 'moved',
        status: 'OPEN',
        requested_at: new Date(),
      },
      {
        id: randomUUID(),
        member_id: busan1,
        field: 'birthDate',
        new_value: '1999-01-01',
        reason: 'typo',
        status: 'OPEN',
        requested_at: new Date(),
      },
    ]);
    const after = await stats();
    expect(count(after.byDeliveryArea, 'Busan')).to.equal(busan - 1);
    expect(count(after.byAgeBand, '40S')).to.equal(forty - 1);
  });

  it('§13 lists a requested value only to a purpose that may read its category, and logs only what it showed', async () => {
    await gql(t.url, REQUEST, { f: 'phone', v: '010-9999-0000' }, { token: alice, purpose: 'SELF_SERVICE' });
    const res = await gql<{ openCorrections: { memberId: string; field: string; newValue: string | null }[] }>(
      t.url,
      '{ openCorrections { memberId field newValue } }',
      {},
      { token: cs, purpose: 'MEMBER_MANAGEMENT' },
    );
    expect(codes(res)).to.deep.equal([]);
    const mine = res.data!.openCorrections.filter((c) => c.memberId === ids.alice);
    // MEMBER_MANAGEMENT reads no ADDRESS: the address correction is listed without its value.
    expect(mine).to.deep.include.members([
      { memberId: ids.alice, field: 'address', newValue: null },
      { memberId: ids.alice, field: 'phone', newValue: '010-9999-0000' },
      { memberId: ids.alice, field: 'birthDate', newValue: '1990-01-01' },
    ]);
    expect(JSON.stringify(res.data)).to.not.include('9 Mapo');
    const row = await t.gateway.services
      .knex('access_log')
      .first('fields')
      .where({ member_id: ids.alice, operation_name: null, action: 'VIEW' })
      .orderBy('seq', 'desc');
    expect(jsonList(row.fields)).to.have.members(['correction:phone', 'correction:birthDate']);
  });
});
