import { randomUUID } from 'node:crypto';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { openDatabase, sqliteFile, BUSY_TIMEOUT_MS } from '../src/db/orm';
import { sqliteRowInsert } from '../src/audit/row-insert';
import { accessLogWriter } from '../src/audit/writer';
import type { AccessRecord } from '../src/audit/chain';
import { MEMBER_FIELDS } from './scenarios';

export interface LogWriteCost {
  readonly cpuMsPerReq: number;
  readonly wallMsPerReq: number;
}

/** One request's records as (a) produces them: one row per member read, the same six fields each. */
function recordsOf(accessorId: string, members: readonly string[], first: number, rows: number): AccessRecord[] {
  const requestId = randomUUID();
  const at = new Date();
  return Array.from({ length: rows }, (_, i) => ({
    requestId,
    at,
    accessorId,
    accessorKind: 'STAFF',
    accessorRole: 'CS_AGENT',
    accessorName: 'Bench CS agent',
    clientIp: '127.0.0.1',
    memberId: members[(first + i) % members.length]!,
    action: 'VIEW',
    purpose: 'MEMBER_MANAGEMENT',
    legalBasis: null,
    fields: [...MEMBER_FIELDS],
    denied: {},
    operationName: 'BenchMembers',
  }));
}

/**
 * The access log's write alone: `rows` records per request linked and inserted by the gateway's own writer and
 * SQLite connection into a freshly migrated database in `dataDir`, `concurrency` requests in flight (1: one at a
 * time; more: group commit writes whoever waits together), nothing else running. CPU is process.cpuUsage(), every
 * thread, per request.
 */
export async function measureLogWrite(
  dataDir: string,
  requests: number,
  rows: number,
  concurrency: number,
): Promise<LogWriteCost> {
  const orm = await openDatabase({ dataDir, dbUrl: undefined });
  const writer = accessLogWriter(
    (orm.em as SqlEntityManager).getKnex(),
    'sqlite',
    sqliteRowInsert(sqliteFile({ dataDir }), BUSY_TIMEOUT_MS),
  );
  try {
    const accessor = randomUUID();
    const members = Array.from({ length: 1000 }, () => randomUUID());
    const run = async (n: number) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          for (let k = next++; k < n; k = next++) await writer.append(recordsOf(accessor, members, k * rows, rows));
        }),
      );
    };
    await run(Math.ceil(requests / 5));
    const cpu = process.cpuUsage();
    const start = performance.now();
    await run(requests);
    const wall = performance.now() - start;
    const { user, system } = process.cpuUsage(cpu);
    return { cpuMsPerReq: (user + system) / 1000 / requests, wallMsPerReq: wall / requests };
  } finally {
    await writer.close();
    await orm.close();
  }
}
