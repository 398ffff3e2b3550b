import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { gql, login } from '../helpers/http';
import { memberIds } from '../lifecycle/support';
import { ALL_PERSONAL_FIELDS, legal, registerLawful } from '../lawful-request/support';
import { retentionOnce } from '../../src/jobs';
import { dialectOf } from '../../src/db/orm';
import type { RetentionReport } from '../../src/modules/retention/run';
import { addPeriod } from '../../src/modules/retention/period';
import {
  DAY,
  ENV,
  RETAINED,
  categoriesOf,
  diskBytes,
  gatewayFile,
  liveRow,
  ms,
  retained,
  retentionFile,
  withdraw,
  type RetainedItem,
  type RetainedRow,
} from './support';

const MINUTE = 60_000;
const none = { CONTRACT_WITHDRAWAL: 0, PAYMENT_SUPPLY: 0, COMPLAINT: 0, VISIT_LOG: 0 };

describe('§4 §5 retention destruction with a moved clock', () => {
  let t: TestGateway;
  let current: Date;
  const clock = { now: () => new Date(current) };
  let ids: Record<string, string>;
  let officer: string;
  let t0: number;
  let keys: RetainedRow[];
  let joinedAt: number;
  let suppliedAt: number;
  const marker = `MARKER-${randomBytes(12).toString('hex')}`;
  const sqlite = () => dialectOf(t.config) === 'sqlite';
  before(async () => {
    current = new Date();
    t = await startGateway({ clock, env: ENV });
    ids = await memberIds(t);
    officer = await login(t.url, 'privacy-officer');
    // The seeded carol (withdrawn, pending) is handed over now; alice withdraws ten days later, so each expiry
    // below belongs to one of them only.
    const first = await retentionOnce(t.gateway.services);
    expect(first.handedOver).to.equal(1);
    current = new Date(current.getTime() + 10 * DAY);

    const alice = await login(t.url, 'alice');
    const self = { token: alice, purpose: 'SELF_SERVICE' };
    const complaint = await gql(
      t.url,
      'mutation { submitComplaint(subject: "Courier", body: "The courier left my parcel outside") { id } }',
      {},
      self,
    );
    expect(complaint.errors).to.equal(undefined);
    const update = await gql(
      t.url,
      'mutation($a: String!) { updateMyProfile(input: { address: $a }) { address } }',
      { a: marker },
      self,
    );
    expect(update.errors, JSON.stringify(update.errors)).to.equal(undefined);
    expect((update.data as { updateMyProfile: { address: string } }).updateMyProfile.address).to.equal(marker);
    if (dialectOf(t.config) === 'sqlite')
      expect(diskBytes(gatewayFile(t)).includes(marker), 'the marker is on disk before withdrawal').to.equal(true);
    joinedAt = ms((await liveRow(t, ids.alice!)).created_at);
    suppliedAt = Math.max(
      ...(await t.gateway.services.knex('assignment').where({ member_id: ids.alice }).pluck('created_at')).map(ms),
    );
    await withdraw(t, 'alice');
    t0 = ms((await liveRow(t, ids.alice!)).withdrawn_at);
    keys = await retained(t, ids.alice);
  });
  after(() => t.stop());

  const at = (ms_: number) => {
    current = new Date(ms_);
  };
  const run = async (): Promise<RetentionReport> => retentionOnce(t.gateway.services);
  const visible = async (): Promise<string[]> => {
    const lawful = await registerLawful(t, officer, { memberIds: [ids.alice!], fields: ALL_PERSONAL_FIELDS }, current);
    const res = await gql<{ retainedRecords: RetainedItem[] }>(
      t.url,
      RETAINED,
      { id: ids.alice },
      legal(officer, lawful.id),
    );
    expect(res.errors, JSON.stringify(res.errors)).to.equal(undefined);
    return categoriesOf(res.data!.retainedRecords);
  };

  it('withdrew at the moved time and kept four records, each to the same calendar date its period ends, from its own start', async () => {
    expect(t0).to.equal(current.getTime());
    expect(categoriesOf(keys)).to.deep.equal(['COMPLAINT', 'CONTRACT_WITHDRAWAL', 'PAYMENT_SUPPLY', 'VISIT_LOG']);
    const expiry = Object.fromEntries(keys.map((r) => [r.category, ms(r.expires_at)]));
    expect(expiry).to.deep.equal({
      COMPLAINT: addPeriod(new Date(t0), { years: 3 }).getTime(), // from the complaint's last step
      CONTRACT_WITHDRAWAL: addPeriod(new Date(t0), { years: 5 }).getTime(), // from the withdrawal
      PAYMENT_SUPPLY: addPeriod(new Date(suppliedAt), { years: 5 }).getTime(), // from the last settlement or delivery
      VISIT_LOG: addPeriod(new Date(joinedAt), { months: 3 }).getTime(), // from the visit (her sign-up)
    });
    const lawful = await registerLawful(t, officer, { memberIds: [ids.alice!], fields: ALL_PERSONAL_FIELDS }, current);
    const res = await gql<{ retainedRecords: RetainedItem[] }>(
      t.url,
      RETAINED,
      { id: ids.alice },
      legal(officer, lawful.id),
    );
    const complaint = res.data!.retainedRecords.find((i) => i.category === 'COMPLAINT')!;
    expect(JSON.stringify(complaint.data)).to.include('The courier left my parcel outside');
  });

  it('after handover and a retention run, the overwritten address is gone from gateway.sqlite and its WAL', async function () {
    if (!sqlite()) this.skip();
    const report = await run();
    expect(report.destroyed).to.deep.equal(none);
    expect((await liveRow(t, ids.alice!)).address).to.equal(null);
    const bytes = diskBytes(gatewayFile(t));
    expect(bytes.length).to.be.greaterThan(0);
    expect(bytes.includes(marker), 'marker in gateway.sqlite(-wal)').to.equal(false);
    expect(diskBytes(retentionFile(t)).includes(marker), 'marker in retention.sqlite(-wal)').to.equal(false);
  });

  /** Alice's records in the order they expire; each is served and kept up to its end, and destroyed just after. */
  const expireInTurn = async (categories: string[]) => {
    for (const category of categories) {
      const end = ms(keys.find((r) => r.category === category)!.expires_at);
      at(end - MINUTE);
      expect(await visible(), `${category} before its end`).to.include(category);
      await run();
      expect(categoriesOf(await retained(t, ids.alice)), `${category} kept before its end`).to.include(category);
      at(end + MINUTE);
      expect(await visible(), `${category} is not served once expired, even before the run`).to.not.include(category);
      const report = await run();
      expect(report.destroyed[category as keyof typeof none], category).to.be.greaterThan(0);
      expect(categoriesOf(await retained(t, ids.alice)), `${category} destroyed`).to.not.include(category);
    }
  };
  const byExpiry = () => [...keys].sort((a, b) => ms(a.expires_at) - ms(b.expires_at)).map((r) => r.category);

  it('keeps the visit log to the day 3 months after her sign-up, then destroys it', async () => {
    expect(byExpiry()[0]).to.equal('VISIT_LOG');
    await expireInTurn(['VISIT_LOG']);
    expect(await retained(t, ids.carol)).to.satisfy((rows: RetainedRow[]) =>
      rows.every((r) => r.category !== 'VISIT_LOG'),
    );
  });

  it('leaves no byte of the destroyed record’s wrapped key or payload in retention.sqlite(-wal)', async function () {
    if (!sqlite()) this.skip();
    const gone = keys.find((r) => r.category === 'VISIT_LOG')!;
    const kept = keys.find((r) => r.category === 'CONTRACT_WITHDRAWAL')!;
    const bytes = diskBytes(retentionFile(t));
    expect(bytes.includes(kept.wrapped_key), 'a kept key is found: the search works').to.equal(true);
    expect(bytes.includes(gone.wrapped_key), 'destroyed wrapped key').to.equal(false);
    expect(bytes.includes(gone.payload), 'destroyed payload').to.equal(false);
  });

  it('destroys the complaint record 3 years, and the payment and contract records 5 years, after their own starts; nothing of hers is left', async () => {
    await expireInTurn(byExpiry().slice(1));
    expect(await retained(t, ids.alice)).to.deep.equal([]);
    at(addPeriod(new Date(t0), { years: 5, months: 1 }).getTime());
    await run();
    expect(await retained(t)).to.deep.equal([]);
    expect(await visible()).to.deep.equal([]);
  });

  it('leaves no byte of any of her wrapped keys or payloads in retention.sqlite(-wal), nor the marker in either database', async function () {
    if (!sqlite()) this.skip();
    const bytes = diskBytes(retentionFile(t));
    for (const r of keys) {
      expect(bytes.includes(r.wrapped_key), `${r.category} wrapped key`).to.equal(false);
      expect(bytes.includes(r.payload), `${r.category} payload`).to.equal(false);
    }
    expect(diskBytes(gatewayFile(t)).includes(marker)).to.equal(false);
  });
});
