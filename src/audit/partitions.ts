import type { Knex } from '@mikro-orm/knex';
import type { Dialect } from '../db/orm';

/**
 * On PostgreSQL `access_log` and `access_log_member` are range-partitioned by `seq`, in pairs of the same bounds,
 * each pair sized for about a month of rows. Not by `at`: a partitioned table's primary key must hold the
 * partition key, so partitions by time would make the key (`seq`, `at`), and two writers extending the same head
 * with rows dated either side of a month's end would both commit (a fork the key refuses today). Partitions by
 * `seq` keep the key, and lookups by `seq` reach one partition; and as `seq` order is the chain's, the rows a purge
 * removes (every row up to the last one past retention) are whole partitions and the first rows of one more.
 * Bounds are fixed when a partition is created, so each is sized ahead from the rows of the last month.
 * A default partition catches rows past the last bound, should writes outrun the retention run; the purge never
 * drops it, only deletes its rows, and the next partition starts past its rows.
 */
export interface LogPartition {
  /** The `access_log` partition; its member-index twin is `access_log_member_<from>`. */
  readonly name: string;
  /** First `seq` it holds. */
  readonly from: number;
  /** First `seq` past it. */
  readonly to: number;
}

export const memberTwin = (p: LogPartition): string => `access_log_member_${p.from}`;

/** The access log's ranged partitions in `seq` order: none on SQLite or an unpartitioned table. */
export async function logPartitions(knex: Knex | Knex.Transaction, dialect: Dialect): Promise<LogPartition[]> {
  if (dialect === 'sqlite') return [];
  const rows = (
    await knex.raw<{ rows: { name: string; bound: string }[] }>(
      `select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound
       from pg_inherits i join pg_class c on c.oid = i.inhrelid
       where i.inhparent = to_regclass('access_log')`,
    )
  ).rows;
  return rows
    .map((r) => ({ name: r.name, range: /FROM \('?(\d+)'?\) TO \('?(\d+)'?\)/.exec(r.bound) }))
    .filter((r) => r.range !== null)
    .map((r) => ({ name: r.name, from: Number(r.range![1]), to: Number(r.range![2]) }))
    .sort((a, b) => a.from - b.from);
}

/** The fewest rows a new partition is made for: below a month of rows, purging by row is cheap enough. */
export const PARTITION_ROWS = 1_000_000;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Creates the next pair of partitions whenever the head has reached the last one, so one always waits ahead of the
 * rows being written. A new partition holds the rows of the last 31 days, or `minRows` if more. Serialised by the
 * lock on the default partition, which also holds back rows spilling into it while the bound past them is chosen.
 * A partition is created apart and attached: attaching takes a lock that lets appends go on, creating one in place
 * would stop them. Returns the partitions created.
 */
export async function ensurePartitions(
  knex: Knex,
  dialect: Dialect,
  now: Date,
  minRows: number,
): Promise<LogPartition[]> {
  if ((await logPartitions(knex, dialect)).length === 0) return [];
  return knex.transaction(async (trx) => {
    await trx.raw('lock table access_log_default in exclusive mode');
    const created: LogPartition[] = [];
    const head = await maxSeq(trx, 'access_log');
    const monthAgo = (await trx('access_log')
      .first('seq')
      .where('at', '>=', new Date(now.getTime() - 31 * DAY_MS))
      .orderBy('at')) as { seq: number | string } | undefined;
    const size = Math.max(minRows, monthAgo ? head - Number(monthAgo.seq) + 1 : 0);
    const spilled = await maxSeq(trx, 'access_log_default');
    for (let last = (await logPartitions(trx, dialect)).at(-1); !last || last.from <= head;) {
      const from = Math.max(last?.to ?? 1, spilled + 1);
      const p: LogPartition = { name: `access_log_${from}`, from, to: from + size };
      await attach(trx, 'access_log', p.name, p);
      await attach(trx, 'access_log_member', memberTwin(p), p);
      created.push(p);
      last = p;
    }
    return created;
  });
}

export const maxSeq = async (knex: Knex | Knex.Transaction, table: string): Promise<number> =>
  Number(((await knex(table).max({ top: 'seq' }).first()) as { top: number | string | null } | undefined)?.top ?? 0);

async function attach(trx: Knex.Transaction, parent: string, name: string, range: LogPartition): Promise<void> {
  await trx.raw('create table ?? (like ?? including all)', [name, parent]);
  await trx.raw(`alter table ?? attach partition ?? for values from (${range.from}) to (${range.to})`, [parent, name]);
}
