import { expect } from 'chai';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { gql, login } from '../helpers/http';
import { verifyChain } from '../../src/audit/verify';
import { checkCheckpoint, signCheckpoint } from '../../src/audit/checkpoint';
import { retentionOnce } from '../../src/jobs';
import { DAY, ENV, ms } from './support';

describe('§4 access-log purge with a moved clock', () => {
  let t: TestGateway;
  let current: Date;
  const clock = { now: () => new Date(current) };
  let t0: number;
  let oldHead: { seq: number; hash: string };
  let middleFrom: number;
  before(async () => {
    current = new Date();
    t0 = current.getTime();
    t = await startGateway({ clock, env: ENV });
  });
  after(() => t.stop());

  const knex = () => t.gateway.services.knex;
  const maxSeq = async () => Number((await knex()('access_log').max({ m: 'seq' }).first())?.m ?? 0);
  const count = async () => Number((await knex()('access_log').count({ n: '*' }).first())?.n);
  const reads = async () => {
    const [alice, cs] = [await login(t.url, 'alice'), await login(t.url, 'cs-agent')];
    expect((await gql(t.url, '{ me { name email } }', {}, { token: alice, purpose: 'SELF_SERVICE' })).errors).to.equal(
      undefined,
    );
    const list = await gql<{ members: { edges: unknown[] } }>(
      t.url,
      '{ members(first: 10) { edges { node { name } } } }',
      {},
      { token: cs, purpose: 'MEMBER_MANAGEMENT' },
    );
    // Four members; three once a retention run past 5 days has destroyed jun's unconfirmed sign-up.
    expect(list.data!.members.edges.length).to.be.oneOf([3, 4]);
  };

  it('keeps every row younger than the retention period (730 days by default)', async () => {
    expect(t.config.retention.accessLogDays).to.equal(730);
    await reads();
    const last = await knex()('access_log').first('seq', 'hash').orderBy('seq', 'desc');
    oldHead = { seq: Number(last.seq), hash: last.hash };
    current = new Date(t0 + 400 * DAY);
    middleFrom = (await maxSeq()) + 1;
    await reads();
    current = new Date(t0 + 730 * DAY - 60_000);
    const report = await retentionOnce(t.gateway.services);
    expect(report.accessLogRowsPurged).to.equal(0);
    expect(await knex()('access_log_anchor').select('*')).to.deep.equal([]);
  });

  it('past the period: purges the old rows, anchors the chain at the last purged row, and the rest still verifies', async () => {
    const total = await count();
    const old = Number((await knex()('access_log').count({ n: '*' }).where('seq', '<=', oldHead.seq).first())?.n);
    expect(old).to.be.greaterThan(0);
    await t.gateway.services.accessLog.indexMembers();
    expect(await knex()('access_log_member').where('seq', '<=', oldHead.seq).pluck('seq')).to.not.be.empty;
    current = new Date(t0 + 731 * DAY);
    const report = await retentionOnce(t.gateway.services);
    expect(report.accessLogRowsPurged).to.equal(old);
    const anchors = await knex()('access_log_anchor').select('*');
    expect(anchors).to.have.length(1);
    expect(Number(anchors[0].seq)).to.equal(oldHead.seq);
    expect(anchors[0].hash).to.equal(oldHead.hash);
    expect(Number(anchors[0].purged_rows)).to.equal(old);
    expect(ms(anchors[0].purged_at)).to.equal(current.getTime());
    expect(await count()).to.equal(total - old);
    expect(await knex()('access_log_member').where('seq', '<=', oldHead.seq).pluck('seq')).to.deep.equal([]);
    const remaining = await knex()('access_log').select('seq', 'at').orderBy('seq');
    expect(Number(remaining[0].seq)).to.equal(middleFrom);
    expect(remaining.every((r: { at: unknown }) => ms(r.at) >= t0 + 400 * DAY)).to.equal(true);
    const verified = await verifyChain(knex(), t.gateway.services.keys.verifyKey);
    expect(verified).to.deep.include({ ok: true, rows: total - old });
  });

  it('new reads after the purge extend the anchored chain, and it verifies', async () => {
    const before = await count();
    await reads();
    expect(await count()).to.be.greaterThan(before);
    const verified = await verifyChain(knex(), t.gateway.services.keys.verifyKey);
    expect(verified).to.deep.include({ ok: true, rows: await count(), lastSeq: await maxSeq() });
  });

  it('a second purge anchors again; the chain still verifies and still detects an edited row', async () => {
    const lastMiddle = Number(
      (
        await knex()('access_log')
          .max({ m: 'seq' })
          .where('at', '<', new Date(t0 + 401 * DAY))
          .first()
      )?.m,
    );
    current = new Date(t0 + 400 * DAY + 731 * DAY);
    const report = await retentionOnce(t.gateway.services);
    expect(report.accessLogRowsPurged).to.be.greaterThan(0);
    const anchors = await knex()('access_log_anchor').select('seq').orderBy('seq');
    expect(anchors.map((a: { seq: unknown }) => Number(a.seq))).to.deep.equal([oldHead.seq, lastMiddle]);
    await reads();
    expect((await verifyChain(knex(), t.gateway.services.keys.verifyKey)).ok).to.equal(true);
    const victim = await knex()('access_log').first('seq').orderBy('seq');
    await knex()('access_log').where({ seq: victim.seq }).update({ operation_name: 'tampered' });
    expect(await verifyChain(knex(), t.gateway.services.keys.verifyKey)).to.deep.include({
      ok: false,
      brokenAt: Number(victim.seq),
    });
  });

  it('purging every row leaves the anchor alone to carry the chain, and the next read links to it', async () => {
    // The row edited in the previous test goes in this purge too.
    current = new Date(current.getTime() + 731 * DAY);
    const head = await knex()('access_log').first('seq', 'hash').orderBy('seq', 'desc');
    const report = await retentionOnce(t.gateway.services);
    expect(report.accessLogRowsPurged).to.be.greaterThan(0);
    expect(await count()).to.equal(0);
    const anchor = await knex()('access_log_anchor').first('seq', 'hash').orderBy('seq', 'desc');
    expect({ seq: Number(anchor.seq), hash: anchor.hash }).to.deep.equal({ seq: Number(head.seq), hash: head.hash });
    expect(await verifyChain(knex(), t.gateway.services.keys.verifyKey)).to.deep.include({ ok: true, rows: 0 });
    await reads();
    const first = await knex()('access_log').first('seq', 'prev_hash').orderBy('seq');
    expect(Number(first.seq)).to.be.greaterThan(Number(head.seq));
    expect(first.prev_hash).to.equal(head.hash);
    expect(await verifyChain(knex(), t.gateway.services.keys.verifyKey)).to.deep.include({
      ok: true,
      rows: await count(),
    });
  });

  describe('an anchor written by hand', () => {
    const key = () => t.gateway.services.keys.verifyKey;
    const forge = async (row: { seq: unknown; hash: string }, signature: string | null = null) =>
      knex()('access_log_anchor').insert({
        seq: row.seq,
        hash: row.hash,
        purged_at: new Date(),
        purged_rows: 1,
        signature,
      });
    afterEach(async () => {
      await knex()('access_log_anchor')
        .where('seq', '>', (await knex()('access_log').min({ m: 'seq' }).first())?.m ?? 0)
        .del();
    });

    it('cannot hide an edited row: an unsigned or copied anchor past it fails verification at the anchor', async () => {
      await reads();
      const [edited, later] = await knex()('access_log')
        .select('seq', 'hash')
        .orderBy('seq', 'desc')
        .limit(2)
        .then((r) => r.reverse());
      await knex()('access_log').where({ seq: edited.seq }).update({ operation_name: 'tampered' });
      expect(await verifyChain(knex(), key())).to.deep.include({ ok: false, brokenAt: Number(edited.seq) });
      await forge(later);
      expect(await verifyChain(knex(), key())).to.deep.include({ ok: false, rows: 0, brokenAt: Number(later.seq) });
      await knex()('access_log_anchor').where({ seq: later.seq }).del();
      // A real signature, taken from the anchor the purge wrote, does not cover another row.
      const genuine = await knex()('access_log_anchor').first('signature').orderBy('seq', 'desc');
      await forge(later, genuine.signature);
      expect(await verifyChain(knex(), key())).to.deep.include({ ok: false, rows: 0, brokenAt: Number(later.seq) });
      await knex()('access_log').where({ seq: edited.seq }).update({ operation_name: null });
    });

    it('cannot pass off a truncation as a purge against a signed checkpoint', async () => {
      const signed = (await signCheckpoint(knex(), t.gateway.services.keys, current))!;
      expect(await checkCheckpoint(knex(), t.gateway.services.keys, signed.jws)).to.deep.include({ ok: true });
      const rows = await knex()('access_log').select('*').orderBy('seq');
      await knex()('access_log').del();
      await forge({ seq: signed.checkpoint.seq, hash: signed.checkpoint.hash });
      expect(await checkCheckpoint(knex(), t.gateway.services.keys, signed.jws)).to.deep.include({ ok: false });
      const json = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
      await knex()('access_log').insert(
        rows.map((r: Record<string, unknown>) => ({ ...r, fields: json(r.fields), denied: json(r.denied) })),
      );
      await knex()('access_log_anchor').where({ seq: signed.checkpoint.seq }).del();
      expect(await verifyChain(knex(), t.gateway.services.keys.verifyKey)).to.deep.include({ ok: true });
      expect(await checkCheckpoint(knex(), t.gateway.services.keys, signed.jws)).to.deep.include({ ok: true });
    });

    it('does not turn a genuine purge into a false alarm: any signed anchor past the checkpoint holds it', async () => {
      await reads();
      const signed = (await signCheckpoint(knex(), t.gateway.services.keys, current))!;
      await reads();
      current = new Date(current.getTime() + 731 * DAY);
      expect((await retentionOnce(t.gateway.services)).accessLogRowsPurged).to.be.greaterThan(0);
      await forge({ seq: signed.checkpoint.seq, hash: 'f'.repeat(64) });
      expect(await checkCheckpoint(knex(), t.gateway.services.keys, signed.jws)).to.deep.include({ ok: true });
    });
  });
});
