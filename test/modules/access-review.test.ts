import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { gql, login } from '../helpers/http';
import type { AccessRecord } from '../../src/audit/chain';

type Reviewed = {
  accessorId: string;
  rows: number;
  distinctMembers: number;
  peakMembersPerHour: number;
  downloads: number;
  flags: string[];
};
const REVIEW = `query($m: String!) { accessReview(month: $m) {
  accessors { accessorId rows distinctMembers peakMembersPerHour downloads flags }
  downloads { seq at accessorId accessorName memberId } } }`;

/** The monthly review over rows written at chosen times, in a month nothing else writes to. */
describe('§10 accessReview: reads per accessor in any 60 minutes, and every download', () => {
  let t: TestGateway;
  const members = Array.from({ length: 8 }, () => randomUUID());
  const at = (hhmm: string) => new Date(`2031-03-10T${hhmm}:00.000Z`);
  const read = (
    accessorId: string,
    when: string,
    memberId: string,
    over: Partial<AccessRecord> = {},
  ): AccessRecord => ({
    requestId: randomUUID(),
    at: at(when),
    accessorId,
    accessorKind: 'STAFF',
    accessorRole: 'CS_AGENT',
    accessorName: accessorId,
    clientIp: '203.0.113.9',
    memberId,
    action: 'VIEW',
    purpose: 'MEMBER_MANAGEMENT',
    legalBasis: null,
    fields: ['name'],
    denied: {},
    operationName: null,
    ...over,
  });
  let review: {
    accessors: Reviewed[];
    downloads: { seq: number; at: string; accessorId: string; memberId: string | null }[];
  };
  const of = (id: string) => review.accessors.find((a) => a.accessorId === id)!;

  before(async () => {
    t = await startGateway({ env: { ACCESS_REVIEW_HOURLY_THRESHOLD: '5' } });
    const { accessLog } = t.gateway.services;
    // Across a clock hour: three members at 10:59, three others at 11:01 (six within two minutes).
    for (const [i, when] of ['10:59', '10:59', '10:59', '11:01', '11:01', '11:01'].entries())
      await accessLog.append([read('across', when, members[i]!)]);
    // Spread out: six members, one every 61 minutes, and the same member again and again within the hour.
    for (const [i, when] of ['01:00', '02:01', '03:02', '04:03', '05:04', '06:05'].entries())
      await accessLog.append([read('spread', when, members[i]!)]);
    for (const when of ['07:00', '07:10', '07:20', '07:30', '07:40', '07:50'])
      await accessLog.append([read('spread', when, members[7]!)]);
    // Logged out of time order (a request that waited): never counted with a read more than an hour away.
    for (const [i, when] of ['10:30', '09:50', '11:05'].entries())
      await accessLog.append([read('late', when, members[i]!)]);
    // Refused reads and changes carry no data out: they do not count as reads.
    for (const m of members) {
      await accessLog.append([
        read('refused', '12:00', m, { fields: [], denied: { name: 'CONSENT_MISSING' } }),
        read('refused', '12:01', m, { action: 'CHANGE', fields: ['address'], requestId: randomUUID() }),
      ]);
    }
    await accessLog.append([
      read(members[2]!, '13:00', members[2]!, {
        action: 'DOWNLOAD',
        accessorKind: 'MEMBER',
        accessorRole: null,
        fields: ['name', 'email'],
      }),
    ]);
    const po = await login(t.url, 'privacy-officer');
    const res = await gql<{ accessReview: typeof review }>(
      t.url,
      REVIEW,
      { m: '2031-03' },
      { token: po, purpose: 'MEMBER_MANAGEMENT' },
    );
    expect(res.errors, JSON.stringify(res.errors)).to.equal(undefined);
    review = res.data!.accessReview;
  });
  after(() => t.stop());

  it('flags six members read within two minutes though they straddle a clock hour', () => {
    expect(of('across')).to.deep.include({
      rows: 6,
      distinctMembers: 6,
      peakMembersPerHour: 6,
      flags: ['UNUSUAL_VOLUME'],
    });
  });

  it('does not flag the same number spread over hours, nor one member read again and again', () => {
    expect(of('spread')).to.deep.include({ rows: 12, distinctMembers: 7, peakMembersPerHour: 2, flags: [] });
  });

  it('puts a read logged late in its place in time, so no hour holds more than it did', () => {
    expect(of('late')).to.deep.include({ rows: 3, distinctMembers: 3, peakMembersPerHour: 2 });
  });

  it('counts no refused read and no change as a read', () => {
    expect(of('refused')).to.deep.include({ rows: 16, distinctMembers: 0, peakMembersPerHour: 0, flags: [] });
  });

  it('lists every download with who, whose and when', async () => {
    const row = await t.gateway.services
      .knex('access_log')
      .first('seq')
      .where({ action: 'DOWNLOAD', member_id: members[2] });
    expect(review.downloads).to.deep.equal([
      {
        seq: Number(row.seq),
        at: '2031-03-10T13:00:00.000Z',
        accessorId: members[2],
        accessorName: members[2],
        memberId: members[2],
      },
    ]);
    expect(of(members[2]!)).to.deep.include({ downloads: 1, flags: ['DOWNLOAD'] });
  });
});
