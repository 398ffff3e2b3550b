import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { MikroORM } from '@mikro-orm/core';
import type { Knex, SqlEntityManager } from '@mikro-orm/knex';
import type { AccessRecord } from '../../src/audit/chain';
import { memberHistory } from '../../src/audit/member-rows';
import { ensurePartitions, logPartitions } from '../../src/audit/partitions';
import { purgeAccessLog } from '../../src/audit/purge';
import { verifyChain } from '../../src/audit/verify';
import { accessLogWriter, type AccessLogWriter } from '../../src/audit/writer';
import { loadConfig } from '../../src/config';
import { loadKeyRing, type KeyRing } from '../../src/crypto/keys';
import { ormOptions } from '../../src/db/orm';
import { createScratchDatabase, type ScratchDatabase } from '../../src/db/scratch-postgres';

/** The migration before the access log was partitioned: rows written under it must survive the change. */
const BEFORE_PARTITIONS = 'Migration20261202132729_shared_limits_and_jobs';

describe('§10 access log partitioned by position on PostgreSQL', function () {
  let db: ScratchDatabase;
  let dataDir: string;
  let orm: MikroORM;
  let knex: Knex;
  let log: AccessLogWriter;
  let keys: KeyRing;
  const member = randomUUID();

  const record = (at: string, memberId: string | null = randomUUID()): AccessRecord => ({
    requestId: randomUUID(),
    at: new Date(at),
    accessorId: 'acc-1',
    accessorKind: 'STAFF',
    accessorRole: 'CS_AGENT',
    accessorName: 'Agent Kim',
    clientIp: '203.0.113.9',
    memberId,
    action: 'VIEW',
    purpose: 'MEMBER_MANAGEMENT',
    legalBasis: null,
    fields: ['name'],
    denied: {},
    operationName: 'Q',
  });
  const names = async () => (await logPartitions(knex, 'postgresql')).map((p) => [p.name, p.from, p.to]);
  const exists = async (table: string) =>
    (await knex.raw<{ rows: { t: string | null }[] }>('select to_regclass(?)::text as t', [table])).rows[0]!.t !== null;

  before(async function () {
    if (process.env.TEST_DB !== 'postgresql') return this.skip();
    db = await createScratchDatabase('gw_test');
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-partitions-'));
    keys = await loadKeyRing(loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, DB_URL: db.url }));
    orm = await MikroORM.init(ormOptions({ dbUrl: db.url, dataDir }));
    await orm.getMigrator().up({ to: BEFORE_PARTITIONS });
    knex = (orm.em as SqlEntityManager).getKnex();
    log = accessLogWriter(knex, 'postgresql');
    // January, under the unpartitioned table: five rows, two of them about `member`.
    await log.append([
      record('2026-01-10T00:00:00Z', member),
      record('2026-01-10T00:00:00Z'),
      record('2026-01-11T00:00:00Z'),
      record('2026-01-12T00:00:00Z', member),
      record('2026-01-12T00:00:00Z', null),
    ]);
    await log.indexMembers();
    await orm.getMigrator().up();
    // March, partitioned: two rows early in the month (one about `member`), one later.
    await log.append([record('2026-03-01T00:00:00Z', member), record('2026-03-01T00:00:00Z')]);
    await log.append([record('2026-03-10T00:00:00Z', member)]);
  });
  after(async () => {
    if (!db) return;
    await log.close();
    await orm.close(true);
    await db.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('moves the rows already written into a partition of their own, with one ahead and a default', async () => {
    expect(await names()).to.deep.equal([
      ['access_log_1', 1, 6],
      ['access_log_6', 6, 1_000_006],
    ]);
    expect(await exists('access_log_default')).to.equal(true);
    expect(Number((await knex('access_log_1').count({ n: '*' }).first())?.n)).to.equal(5);
    expect(await knex('access_log_member_1').orderBy('seq').pluck('seq')).to.deep.equal([1, 2, 3, 4]);
    expect(await verifyChain(knex, keys.verifyKey)).to.deep.include({ ok: true, rows: 8, lastSeq: 8 });
  });

  it("finds a member's rows in both months, through each partition's member index and the unindexed tail", async () => {
    expect((await memberHistory(knex, member)).map((r) => r.seq)).to.deep.equal([1, 4, 6, 8]);
    await log.indexMembers();
    expect(await knex('access_log_member_6').orderBy('seq').pluck('seq')).to.deep.equal([6, 7, 8]);
    expect((await memberHistory(knex, member)).map((r) => r.seq)).to.deep.equal([1, 4, 6, 8]);
  });

  it('creates the next partition ahead once the head has entered the last one, sized for a month of rows', async () => {
    const now = new Date('2026-03-11T00:00:00Z');
    // The last 31 days hold seq 6 to 8: three rows, fewer than the four asked for at least.
    expect(await ensurePartitions(knex, 'postgresql', now, 4)).to.deep.equal([
      { name: 'access_log_1000006', from: 1_000_006, to: 1_000_010 },
    ]);
    expect(await exists('access_log_member_1000006')).to.equal(true);
    expect(await ensurePartitions(knex, 'postgresql', now, 4)).to.deep.equal([]);
  });

  it('purges by dropping the partition wholly past retention behind a signed anchor, then deleting the rows left past it', async () => {
    const hashes = Object.fromEntries(
      (await knex('access_log').select('seq', 'hash')).map((r: { seq: number; hash: string }) => [r.seq, r.hash]),
    );
    const purged = await purgeAccessLog(
      log,
      'postgresql',
      keys,
      new Date('2026-03-05T00:00:00Z'),
      new Date('2026-03-11T00:00:00Z'),
    );
    expect(purged).to.equal(7);
    expect((await names()).map(([name]) => name)).to.deep.equal(['access_log_6', 'access_log_1000006']);
    expect(await exists('access_log_member_1')).to.equal(false);
    const anchors = await knex('access_log_anchor').select('seq', 'hash', 'purged_rows').orderBy('seq');
    expect(anchors).to.deep.equal([
      { seq: 5, hash: hashes[5], purged_rows: 5 },
      { seq: 7, hash: hashes[7], purged_rows: 2 },
    ]);
    expect(await verifyChain(knex, keys.verifyKey)).to.deep.include({ ok: true, rows: 1, lastSeq: 8 });
    expect((await memberHistory(knex, member)).map((r) => r.seq)).to.deep.equal([8]);
  });

  it('keeps the anchored chain verifiable as it grows on, across partitions', async () => {
    await log.append([record('2026-03-12T00:00:00Z', member), record('2026-03-12T00:00:00Z')]);
    expect(await verifyChain(knex, keys.verifyKey, 1)).to.deep.include({ ok: true, rows: 3, lastSeq: 10 });
    await knex('access_log').where({ seq: 9 }).update({ purpose: 'EDITED' });
    expect(await verifyChain(knex, keys.verifyKey)).to.deep.include({ ok: false, brokenAt: 9 });
  });

  it('never drops the partition being written to: its rows past retention are deleted, and the chain goes on', async () => {
    const head = await knex('access_log').first('seq', 'hash').orderBy('seq', 'desc');
    const purged = await purgeAccessLog(
      log,
      'postgresql',
      keys,
      new Date('2026-04-01T00:00:00Z'),
      new Date('2026-04-01'),
    );
    expect(purged).to.equal(3);
    expect((await names()).map(([name]) => name)).to.deep.equal(['access_log_6', 'access_log_1000006']);
    expect(await knex('access_log_anchor').first('seq', 'hash').orderBy('seq', 'desc')).to.deep.equal(head);
    await log.append([record('2026-04-02T00:00:00Z', member)]);
    expect(await knex('access_log_6').pluck('seq')).to.deep.equal([11]);
    expect(await verifyChain(knex, keys.verifyKey)).to.deep.include({ ok: true, rows: 1, lastSeq: 11 });
  });

  it('holds positions past 32 bits: the log, its member index and the anchor store bigints, read back as numbers', async () => {
    const columns = (await knex('information_schema.columns')
      .select('table_name', 'data_type')
      .where({ column_name: 'seq', table_schema: knex.raw('current_schema()') })
      .whereIn('table_name', ['access_log', 'access_log_member', 'access_log_anchor'])) as {
      table_name: string;
      data_type: string;
    }[];
    expect(Object.fromEntries(columns.map((c) => [c.table_name, c.data_type]))).to.deep.equal({
      access_log: 'bigint',
      access_log_member: 'bigint',
      access_log_anchor: 'bigint',
    });
    const head = (await knex('access_log').max({ top: 'seq' }).first()) as { top: unknown };
    expect(head.top).to.be.a('number');
  });
});
