/**
 * Part of `npm run bench`: one retention run over BENCH_RETENTION_RECORDS (100,000) expired retained records on a
 * fresh SQLite gateway database. Prints the time and how far memory rose while it ran (it works in batches, so the
 * rise should not grow with the backlog).
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { openDatabase } from '../src/db/orm';
import { loadConfig } from '../src/config';
import { loadKeyRing } from '../src/crypto/keys';
import { accessLogWriter } from '../src/audit/writer';
import { encryptField, newWrappedDataKey, unwrapDataKey } from '../src/crypto/field-cipher';
import { runRetention } from '../src/modules/retention/run';
import { RETENTION_CATEGORIES } from '../src/modules/retention/categories';

const RECORDS = Number(process.env.BENCH_RETENTION_RECORDS ?? 100_000);

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-bench-retention-'));
  const orm = await openDatabase({ dbUrl: undefined, dataDir });
  const knex = (orm.em as SqlEntityManager).getKnex();
  // Development keys, generated into the temp DATA_DIR: the run signs the access-log anchor it leaves.
  const keys = await loadKeyRing(loadConfig({ DATA_DIR: dataDir }));
  const { masterKey } = keys;
  try {
    const past = new Date(Date.now() - 86_400_000);
    const seedStart = Date.now();
    for (let i = 0; i < RECORDS; i += 1000) {
      const rows = Array.from({ length: Math.min(1000, RECORDS - i) }, (_, j) => {
        const id = randomUUID();
        const wrapped = newWrappedDataKey(masterKey, id);
        return {
          id,
          member_ref: randomUUID(),
          category: RETENTION_CATEGORIES[(i + j) % RETENTION_CATEGORIES.length],
          legal_basis: 'bench',
          retained_at: past,
          expires_at: past,
          wrapped_key: wrapped,
          payload: encryptField(
            unwrapDataKey(masterKey, wrapped, id),
            id,
            'payload',
            JSON.stringify({ name: `member ${i + j}`, note: 'x'.repeat(200) }),
          ),
        };
      });
      await knex.batchInsert('retention.retained_record', rows, 200);
    }
    process.stderr.write(`retention bench: seeded ${RECORDS} expired records in ${Date.now() - seedStart} ms\n`);

    global.gc?.();
    const base = process.memoryUsage();
    let peakRss = base.rss;
    let peakHeap = base.heapUsed;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 20);
    const started = process.hrtime.bigint();
    const report = await runRetention(
      { knex, keys, accessLog: accessLogWriter(knex, 'sqlite'), dialect: 'sqlite' },
      new Date(),
      { accessLogDays: 730, visitLogDays: 90 },
    );
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    clearInterval(sampler);
    const left = (await knex('retention.retained_record').count({ n: '*' }).first())?.n;
    const destroyed = Object.values(report.destroyed).reduce((a, b) => a + b, 0);
    const mb = (b: number) => (b / 1024 / 1024).toFixed(1);
    process.stdout.write(
      [
        '',
        `## Retention run over ${RECORDS} expired records (SQLite, batches of 2,000)`,
        '',
        '| destroyed | left | time s | records/s | heap rise MB | RSS rise MB |',
        '|---:|---:|---:|---:|---:|---:|',
        `| ${destroyed} | ${left} | ${(ms / 1000).toFixed(1)} | ${Math.round(destroyed / (ms / 1000))} | ${mb(peakHeap - base.heapUsed)} | ${mb(peakRss - base.rss)} |`,
        '',
      ].join('\n'),
    );
  } finally {
    await orm.close(true);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`retention bench FAILED: ${(err as Error).message}\n`);
  process.exit(1);
});
