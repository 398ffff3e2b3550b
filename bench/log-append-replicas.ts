/**
 * `npx ts-node --transpile-only bench/log-append-replicas.ts`: what appending the access log from several
 * processes costs on PostgreSQL. A scratch database (PG_ADMIN_URL's server) is migrated; then, for 1 and for
 * REPLICAS (3) processes, each child appends REQUESTS / processes requests of ROWS (50) rows through the gateway's
 * own writer, CONCURRENCY (10) in flight per process (group commit joins whoever waits), all processes at once.
 * Printed per run: rows/s over all processes, whether every seq is there once, and bytes per row on disk.
 *
 * Env: REQUESTS (3000), ROWS (50), CONCURRENCY (10), REPLICAS (3).
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { openDatabase } from '../src/db/orm';
import { createScratchDatabase } from '../src/db/scratch-postgres';
import { accessLogWriter } from '../src/audit/writer';
import type { AccessRecord } from '../src/audit/chain';
import { MEMBER_FIELDS } from './scenarios';
import { PG_LOG_BYTES } from './log-size';

const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const ROWS = env('ROWS', 50);

function request(replica: number): AccessRecord[] {
  const requestId = randomUUID();
  const at = new Date();
  return Array.from({ length: ROWS }, () => ({
    requestId,
    at,
    accessorId: `replica-${replica}`,
    accessorKind: 'STAFF',
    accessorRole: 'CS_AGENT',
    accessorName: 'Bench CS agent',
    clientIp: '127.0.0.1',
    memberId: randomUUID(),
    action: 'VIEW',
    purpose: 'MEMBER_MANAGEMENT',
    legalBasis: null,
    fields: [...MEMBER_FIELDS],
    denied: {},
    operationName: 'BenchMembers',
  }));
}

async function child(dbUrl: string, replica: number, requests: number, concurrency: number): Promise<void> {
  const orm = await openDatabase({ dbUrl, dataDir: '' });
  const writer = accessLogWriter((orm.em as SqlEntityManager).getKnex(), 'postgresql');
  let next = 0;
  await new Promise<void>((r) => process.once('message', () => r()));
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < requests) await writer.append(request(replica));
    }),
  );
  await writer.close();
  await orm.close(true);
  process.send!('done');
}

async function run(dbUrl: string, processes: number): Promise<void> {
  const requests = env('REQUESTS', 3000);
  const children = Array.from({ length: processes }, (_, i) =>
    fork(
      __filename,
      ['child', dbUrl, String(i), String(Math.ceil(requests / processes)), String(env('CONCURRENCY', 10))],
      {
        execArgv: ['-r', 'ts-node/register/transpile-only'],
      },
    ),
  );
  // Every child migrated and connected before the clock starts.
  await new Promise((r) => setTimeout(r, 4000));
  const orm = await openDatabase({ dbUrl, dataDir: '' });
  const knex = (orm.em as SqlEntityManager).getKnex();
  const count = async () => Number((await knex('access_log').count({ n: '*' }).first())!.n);
  const before = await count();
  const started = Date.now();
  const done = children.map((c) => new Promise((r) => c.once('message', r)));
  children.forEach((c) => c.send('go'));
  await Promise.all(done);
  const ms = Date.now() - started;
  const rows = (await count()) - before;
  const { min, max, n } = (await knex('access_log').min({ min: 'seq' }).max({ max: 'seq' }).count({ n: '*' }).first())!;
  const contiguous = Number(max) - Number(min) + 1 === Number(n);
  // The member index is filled behind the writes (the gateway's job does it every second); its rows count too.
  await accessLogWriter(knex, 'postgresql').indexMembers();
  const size = (await knex.raw(PG_LOG_BYTES)) as {
    rows: { bytes: string }[];
  };
  const bytesPerRow = Math.round(Number(size.rows[0]!.bytes) / Number(n));
  console.log(
    `${processes} process(es): ${rows} rows in ${ms} ms = ${Math.round((rows / ms) * 1000)} rows/s, ` +
      `${Math.round((rows / ROWS / ms) * 1000)} requests/s; seq contiguous: ${contiguous}; ${bytesPerRow} bytes per row (with its member-index row, tables and indexes)`,
  );
  await orm.close(true);
}

async function main(): Promise<void> {
  if (process.argv[2] === 'child')
    return child(process.argv[3]!, Number(process.argv[4]), Number(process.argv[5]), Number(process.argv[6]));
  for (const processes of [1, env('REPLICAS', 3)]) {
    const db = await createScratchDatabase('gw_bench');
    try {
      await (await openDatabase({ dbUrl: db.url, dataDir: '' })).close(true);
      await run(db.url, processes);
    } finally {
      await db.drop();
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
