import type { Knex } from '@mikro-orm/knex';
import { link, type AccessRecord, type ChainHead } from './chain';
import type { Dialect } from '../db/orm';
import { isUniqueViolation, isValueRefused } from '../db/refusals';
import type { IpDigest } from './ip-digest';
import { INDEX_BATCH, knexRowInsert, MAX_STATEMENT_ROWS, readHead, type RowInsert } from './row-insert';

const CHAIN_LOCK = 0x61636c67; // 'aclg'

/** Tries per write; a write under the lock loses only to a session that linked to the same head without it. */
const MAX_ATTEMPTS = 8;
/**
 * After a refusal, writes go through the lock for this long: with several replicas appending, the cached head is
 * stale more often than not, and a refused INSERT costs more than taking the lock.
 */
const CONTENDED_MS = 2000;

export interface AccessLogWriter {
  /**
   * Appends the records as one chained batch, resolved once they are committed. Requests that wait while an
   * earlier write runs are written together next (group commit): one INSERT statement for all of them, up to
   * MAX_STATEMENT_ROWS rows. If the database refuses one request's values, only that request fails.
   */
  append(records: readonly AccessRecord[]): Promise<void>;
  /**
   * Runs `fn` in a transaction and appends the records it returns inside it, so a change and its record commit
   * together or not at all.
   */
  inTransaction<T>(fn: (trx: Knex.Transaction) => Promise<{ result: T; records: readonly AccessRecord[] }>): Promise<T>;
  /** Indexes by member the rows appended since the last call, between appends; returns how many. */
  indexMembers(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Appends are serialised in-process and the head is cached, so a request costs at most one INSERT. Another
 * process (a second gateway on PostgreSQL, a maintenance command) may extend the chain meanwhile: our rows then
 * take `seq` values already used, the primary key refuses the batch, and we link again. On PostgreSQL the retry,
 * and every write for a while after one (replicas appending side by side), reads the head under the chain lock in a
 * transaction of its own, so it cannot be refused for a `seq` another locked writer took.
 *
 * On SQLite, `rows` may write through a connection of its own; a transaction on the main connection then joins
 * the same in-process queue, since two SQLite connections cannot both extend the chain without one failing.
 *
 * With `digestIp` rows are written as v2: the chain commits to the address's digest, so retention can erase the
 * address and the chain still verifies.
 */
export function accessLogWriter(
  knex: Knex,
  dialect: Dialect,
  rows: RowInsert = knexRowInsert(knex),
  digestIp: IpDigest | null = null,
): AccessLogWriter {
  let head: ChainHead | null = null;
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const result = tail.then(task);
    tail = result.catch(() => undefined);
    return result;
  };

  /** Until when (ms since the epoch) another process was seen extending the chain: writes then take the lock. */
  let contendedUntil = 0;

  /** Links to the head read under the chain lock, so no other session can take the same `seq` meanwhile. */
  async function writeLocked(records: readonly AccessRecord[]): Promise<ChainHead> {
    return knex.transaction(async (trx) => {
      await trx.raw('select pg_advisory_xact_lock(?)', [CHAIN_LOCK]);
      const chained = link(records, await readHead(trx), digestIp);
      await knexRowInsert(trx).insert(chained);
      const last = chained.at(-1)!;
      return { seq: last.seq, hash: last.hash };
    });
  }

  async function write(records: readonly AccessRecord[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        if (dialect === 'postgresql' && (attempt > 0 || Date.now() < contendedUntil)) {
          head = await writeLocked(records);
          return;
        }
        head ??= await rows.head();
        const chained = link(records, head, digestIp);
        await rows.insert(chained);
        const last = chained.at(-1)!;
        head = { seq: last.seq, hash: last.hash };
        return;
      } catch (err) {
        head = null;
        if (!isUniqueViolation(err) || attempt >= MAX_ATTEMPTS) throw err;
        contendedUntil = Date.now() + CONTENDED_MS;
      }
    }
  }

  /**
   * Inside a change's transaction on PostgreSQL: the chain lock serialises it with every other locked writer until
   * commit. An append that linked to a cached head without the lock may still take the same `seq` first; the insert
   * then fails alone (a savepoint), and links again to the head that append left, so the change never fails for it.
   */
  async function insertLocked(trx: Knex.Transaction, records: readonly AccessRecord[]): Promise<void> {
    await trx.raw('select pg_advisory_xact_lock(?)', [CHAIN_LOCK]);
    for (let attempt = 0; ; attempt++) {
      try {
        return await trx.transaction(async (sp) => {
          await knexRowInsert(sp).insert(link(records, await readHead(sp), digestIp));
        });
      } catch (err) {
        if (!isUniqueViolation(err) || attempt >= MAX_ATTEMPTS) throw err;
        contendedUntil = Date.now() + CONTENDED_MS;
      }
    }
  }

  const transaction = <T>(fn: (trx: Knex.Transaction) => Promise<{ result: T; records: readonly AccessRecord[] }>) =>
    knex.transaction(async (trx) => {
      // knex begins SQLite transactions DEFERRED: one that reads before it writes could not wait for a lock held
      // elsewhere. A write that touches nothing takes the write lock now, waiting out the busy timeout.
      if (dialect === 'sqlite') await trx.raw('update access_log_anchor set seq = seq where 0');
      const { result, records } = await fn(trx);
      if (records.length > 0) {
        head = null;
        if (dialect === 'sqlite') await knexRowInsert(trx).insert(link(records, await readHead(trx), digestIp));
        else await insertLocked(trx, records);
      }
      return result;
    });

  let waiting: { records: readonly AccessRecord[]; resolve: () => void; reject: (err: unknown) => void }[] = [];
  async function flush(): Promise<void> {
    let n = 0;
    for (
      let count = 0;
      n < waiting.length && (n === 0 || count + waiting[n]!.records.length <= MAX_STATEMENT_ROWS);
      n++
    ) {
      count += waiting[n]!.records.length;
    }
    const group = waiting.slice(0, n);
    waiting = waiting.slice(n);
    if (group.length === 0) return;
    if (waiting.length > 0) void serial(flush);
    try {
      await write(group.flatMap((g) => g.records));
      for (const g of group) g.resolve();
    } catch (err) {
      // When the database refused values, one request's rows may be the cause: each is written alone, so only it
      // fails. A busy, full or broken database fails them all at once rather than waiting out each in turn.
      if (group.length === 1 || !isValueRefused(err)) return group.forEach((g) => g.reject(err));
      for (const g of group) await write(g.records).then(g.resolve, g.reject);
    }
  }
  const append = (records: readonly AccessRecord[]) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ records, resolve, reject });
      // The first to wait schedules the flush; whoever arrives before it runs joins its group.
      if (waiting.length === 1) void serial(flush);
    });

  return {
    append: (records) => (records.length === 0 ? Promise.resolve() : append(records)),
    inTransaction: (fn) => (dialect === 'sqlite' ? serial(() => transaction(fn)) : transaction(fn)),
    // Batch by batch, each queued on its own, so appends waiting meanwhile go in between.
    async indexMembers() {
      for (let total = 0; ;) {
        const n = await serial(() => rows.indexMembers());
        total += n;
        if (n < INDEX_BATCH) return total;
      }
    },
    close: () => serial(() => rows.close()),
  };
}
