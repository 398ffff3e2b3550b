import sqlite3 from 'sqlite3';
import type { Knex } from '@mikro-orm/knex';
import { GENESIS, type ChainedRecord, type ChainHead } from './chain';

/** Inserts chained rows; the only write the access log makes per request. */
export interface RowInsert {
  insert(rows: readonly ChainedRecord[]): Promise<void>;
  /** The row the next one must link to. */
  head(): Promise<ChainHead>;
  close(): Promise<void>;
}

const COLUMNS = [
  'seq', 'request_id', 'at', 'accessor_id', 'accessor_kind', 'accessor_role', 'accessor_name', 'client_ip', 'member_id',
  'action', 'purpose', 'legal_basis', 'fields', 'denied', 'operation_name', 'prev_hash', 'hash',
] as const;

const values = (r: ChainedRecord): unknown[] => [
  r.seq, r.requestId, r.at, r.accessorId, r.accessorKind, r.accessorRole, r.accessorName, r.clientIp, r.memberId, r.action,
  r.purpose, r.legalBasis, JSON.stringify(r.fields), JSON.stringify(r.denied), r.operationName, r.prevHash, r.hash,
];

export const toRow = (r: ChainedRecord): Record<string, unknown> => {
  const v = values(r);
  return Object.fromEntries(COLUMNS.map((c, i) => [c, v[i]]));
};

/** Through knex: inside transactions, and the PostgreSQL path. */
export const knexRowInsert = (knex: Knex | Knex.Transaction): RowInsert => ({
  insert: async (rows) => void (await knex('access_log').insert(rows.map(toRow))),
  head: () => readHead(knex),
  close: async () => undefined,
});

export async function readHead(db: Knex | Knex.Transaction): Promise<ChainHead> {
  const row = (await db('access_log').first('seq', 'hash').orderBy('seq', 'desc'))
    ?? (await db('access_log_anchor').first('seq', 'hash').orderBy('seq', 'desc'));
  return row ? { seq: Number(row.seq), hash: row.hash as string } : GENESIS;
}

const BATCH = 100;

/**
 * SQLite: a connection of its own with prepared statements cached by row count, so the per-request write skips
 * the query builder and waits behind no read. Dates are bound as epoch milliseconds, as the ORM stores them.
 * (Unpacking one JSON parameter with json_each was measured too: slower, as every column re-parses the row.)
 */
export function sqliteRowInsert(file: string, busyTimeoutMs: number): RowInsert {
  const db = new sqlite3.Database(file);
  db.configure('busyTimeout', busyTimeoutMs);
  const statements = new Map<number, sqlite3.Statement>();
  const statement = (n: number): sqlite3.Statement => {
    let s = statements.get(n);
    if (!s) {
      const row = `(${COLUMNS.map(() => '?').join(',')})`;
      s = db.prepare(`insert into access_log (${COLUMNS.join(',')}) values ${Array(n).fill(row).join(',')}`);
      statements.set(n, s);
    }
    return s;
  };
  // A statement that failed (SQLITE_BUSY) must be reset, or it keeps a transaction open on this connection: later
  // inserts would then seem to succeed uncommitted and hold the write lock against everyone else.
  const run = (s: sqlite3.Statement, params: unknown[]) =>
    new Promise<void>((resolve, reject) => s.run(params, (err) => (err ? s.reset(() => reject(err)) : resolve())));
  const exec = (sql: string) => new Promise<void>((resolve, reject) => db.exec(sql, (err) => (err ? reject(err) : resolve())));
  const get = (sql: string) =>
    new Promise<ChainHead | undefined>((resolve, reject) => db.get(sql, (err, row) => (err ? reject(err) : resolve(row as ChainHead | undefined))));
  const flat = (rows: readonly ChainedRecord[]) => rows.flatMap((r) => values(r).map((v) => (v instanceof Date ? v.getTime() : v)));

  return {
    async insert(rows) {
      if (rows.length <= BATCH) return run(statement(rows.length), flat(rows));
      await exec('BEGIN IMMEDIATE');
      try {
        for (let i = 0; i < rows.length; i += BATCH) {
          const chunk = rows.slice(i, i + BATCH);
          await run(statement(chunk.length), flat(chunk));
        }
        await exec('COMMIT');
      } catch (err) {
        await exec('ROLLBACK').catch(() => undefined);
        throw err;
      }
    },
    async head() {
      const row = (await get('select seq, hash from access_log order by seq desc limit 1'))
        ?? (await get('select seq, hash from access_log_anchor order by seq desc limit 1'));
      return row ? { seq: Number(row.seq), hash: row.hash } : GENESIS;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of statements.values()) s.finalize();
        db.close(() => resolve());
      }),
  };
}
