import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { gql, login } from '../helpers/http';
import { memberIds } from '../lifecycle/support';
import { ALL_PERSONAL_FIELDS, legal, registerLawful } from '../lawful-request/support';
import { retentionOnce } from '../../src/jobs';
import { dialectOf } from '../../src/db/orm';
import type { RetentionReport } from '../../src/modules/retention/run';
import {
  DAY, ENV, RETAINED, categoriesOf, diskBytes, gatewayFile, liveRow, ms, retained, retentionFile, withdraw, type RetainedItem, type RetainedRow,
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
  let seededAt: number;
  let keys: RetainedRow[];
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
    seededAt = ms((await liveRow(t, ids.carol!)).withdrawn_at);
    current = new Date(current.getTime() + 10 * DAY);

    const alice = await login(t.url, 'alice');
    const self = { token: alice, purpose: 'SELF_SERVICE' };
    const complaint = await gql(t.url, 'mutation { submitComplaint(subject: "Courier", body: "The courier left my parcel outside") { id } }', {}, self);
    expect(complaint.errors).to.equal(undefined);
    const update = await gql(t.url, 'mutation($a: String!) { updateMyProfile(input: { address: $a }) { address } }', { a: marker }, self);
    expect(update.errors, JSON.stringify(update.errors)).to.equal(undefined);
    expect((update.data as { updateMyProfile: { address: string } }).updateMyProfile.address).to.equal(marker);
    if (dialectOf(t.config) === 'sqlite') expect(diskBytes(gatewayFile(t)).includes(marker), 'the marker is on disk before withdrawal').to.equal(true);
    await withdraw(t, 'alice');
    t0 = ms((await liveRow(t, ids.alice!)).withdrawn_at);
    keys = await retained(t, ids.alice);
  });
  after(() => t.stop());

  const at = (ms_: number) => { current = new Date(ms_); };
  const run = async (): Promise<RetentionReport> => retentionOnce(t.gateway.services);
  const visible = async (): Promise<string[]> => {
    const lawful = await registerLawful(t, officer, { memberIds: [ids.alice!], fields: ALL_PERSONAL_FIELDS }, current);
    const res = await gql<{ retainedRecords: RetainedItem[] }>(t.url, RETAINED, { id: ids.alice }, legal(officer, lawful.id));
    expect(res.errors, JSON.stringify(res.errors)).to.equal(undefined);
    return categoriesOf(res.data!.retainedRecords);
  };

  it('withdrew at the moved time and kept four records, the complaint one for 3 years', async () => {
    expect(t0).to.equal(current.getTime());
    expect(categoriesOf(keys)).to.deep.equal(['COMPLAINT', 'CONTRACT_WITHDRAWAL', 'PAYMENT_SUPPLY', 'VISIT_LOG']);
    const expiry = Object.fromEntries(keys.map((r) => [r.category, ms(r.expires_at) - t0]));
    expect(expiry).to.deep.equal({ COMPLAINT: 3 * 365 * DAY, CONTRACT_WITHDRAWAL: 5 * 365 * DAY, PAYMENT_SUPPLY: 5 * 365 * DAY, VISIT_LOG: 90 * DAY });
    const lawful = await registerLawful(t, officer, { memberIds: [ids.alice!], fields: ALL_PERSONAL_FIELDS }, current);
    const res = await gql<{ retainedRecords: RetainedItem[] }>(t.url, RETAINED, { id: ids.alice }, legal(officer, lawful.id));
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

  it('destroys nothing of alice’s before her 3 months are up (carol’s visit log, withdrawn 10 days earlier, goes first)', async () => {
    at(seededAt + 90 * DAY + MINUTE);
    expect((await run()).destroyed).to.deep.equal({ ...none, VISIT_LOG: 1 });
    expect(await retained(t, ids.carol)).to.satisfy((rows: RetainedRow[]) => rows.every((r) => r.category !== 'VISIT_LOG'));
    at(t0 + 90 * DAY - MINUTE);
    expect(await visible()).to.deep.equal(['COMPLAINT', 'CONTRACT_WITHDRAWAL', 'PAYMENT_SUPPLY', 'VISIT_LOG']);
    expect((await run()).destroyed).to.deep.equal(none);
    expect(categoriesOf(await retained(t, ids.alice))).to.deep.equal(['COMPLAINT', 'CONTRACT_WITHDRAWAL', 'PAYMENT_SUPPLY', 'VISIT_LOG']);
  });

  it('past 3 months: the visit log is no longer served, and the run destroys it only', async () => {
    at(t0 + 90 * DAY + MINUTE);
    expect(await visible(), 'expired records are not served even before the run').to.deep.equal(['COMPLAINT', 'CONTRACT_WITHDRAWAL', 'PAYMENT_SUPPLY']);
    const report = await run();
    expect(report.destroyed.VISIT_LOG).to.equal(1);
    expect(report.destroyed).to.deep.equal({ ...none, VISIT_LOG: 1 });
    expect(categoriesOf(await retained(t, ids.alice))).to.deep.equal(['COMPLAINT', 'CONTRACT_WITHDRAWAL', 'PAYMENT_SUPPLY']);
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

  it('past 3 years: destroys the complaint record only', async () => {
    at(t0 + 3 * 365 * DAY - MINUTE);
    expect((await run()).destroyed).to.deep.equal(none);
    at(t0 + 3 * 365 * DAY + MINUTE);
    expect((await run()).destroyed).to.deep.equal({ ...none, COMPLAINT: 1 });
    expect(categoriesOf(await retained(t, ids.alice))).to.deep.equal(['CONTRACT_WITHDRAWAL', 'PAYMENT_SUPPLY']);
  });

  it('past 5 years: destroys the rest; nothing of hers is left in the retention store', async () => {
    at(seededAt + 5 * 365 * DAY + MINUTE);
    expect((await run()).destroyed, 'carol’s contract record').to.deep.equal({ ...none, CONTRACT_WITHDRAWAL: 1 });
    at(t0 + 5 * 365 * DAY - MINUTE);
    expect((await run()).destroyed).to.deep.equal(none);
    expect(await visible()).to.deep.equal(['CONTRACT_WITHDRAWAL', 'PAYMENT_SUPPLY']);
    at(t0 + 5 * 365 * DAY + MINUTE);
    expect((await run()).destroyed).to.deep.equal({ ...none, CONTRACT_WITHDRAWAL: 1, PAYMENT_SUPPLY: 1 });
    expect(await retained(t, ids.alice)).to.deep.equal([]);
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
