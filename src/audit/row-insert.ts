import sqlite3 from 'sqlite3';
import type { Knex } from '@mikro-orm/knex';
import { GENESIS, sameRequest, type ChainedRecord, type ChainHead } from './chain';

/** Inserts chained rows; the only write the access log makes per request. */
export interface RowInsert {
  insert(rows: readonly ChainedRecord[]): Promise<void>;
  /** The row the next one must link to. */
  head(): Promise<ChainHead>;
  /** Indexes by member the rows appended since the last call (up to INDEX_BATCH); returns how many. */
  indexMembers(): Promise<number>;
  close(): Promise<void>;
}

const COLUMNS = [
  'seq',
  'request_id',
  'at',
  'accessor_id',
  'accessor_kind',
  'accessor_role',
  'accessor_name',
  'client_ip',
  'member_id',
  'action',
  'purpose',
  'legal_basis',
  'fields',
  'denied',
  'operation_name',
  'prev_hash',
  'hash',
  'ip_digest',
] as const;

const values = (r: ChainedRecord): unknown[] => [
  r.seq,
  r.requestId,
  r.at,
  r.accessorId,
  r.accessorKind,
  r.accessorRole,
  r.accessorName,
  r.clientIp,
  r.memberId,
  r.action,
  r.purpose,
  r.legalBasis,
  JSON.stringify(r.fields),
  JSON.stringify(r.denied),
  r.operationName,
  r.prevHash,
  r.hash,
  r.ipDigest,
];

/**
 * Rows per INSERT statement: a group of requests up to this many rows is written by one statement; more take
 * several in one transaction (a statement has at most 65,535 parameters on PostgreSQL).
 */
export const MAX_STATEMENT_ROWS = 500;

export const toRow = (r: ChainedRecord): Record<string, unknown> => {
  const v = values(r);
  return Object.fromEntries(COLUMNS.map((c, i) => [c, v[i]]));
};

/** Rows the member index takes per statement; a catch-up takes several, and appends go in between. */
export const INDEX_BATCH = 20_000;

/**
 * Copies (seq, member) of the rows past the last indexed one into `access_log_member`. Rows commit in `seq` order,
 * so every row at or below the highest indexed `seq` is indexed; a second indexer's copies are ignored.
 */
const INDEX_MEMBERS = `insert into access_log_member (seq, member_id)
  select seq, member_id from access_log
  where seq > (select coalesce(max(seq), 0) from access_log_member) and member_id is not null
  order by seq limit ${INDEX_BATCH}
  on conflict (seq) do nothing`;

/**
 * PostgreSQL: the columns as arrays, one parameter each, whatever the number of rows: a short statement that is
 * parsed and planned alike every time (a VALUES list of 50 rows binds 900 parameters, and PostgreSQL spent more
 * CPU parsing and planning it than inserting the rows).
 */
const UNNEST_INSERT = `insert into access_log (${COLUMNS.join(',')}) select * from unnest(?::bigint[],?::text[],
  ?::timestamptz[],?::text[],?::text[],?::text[],?::text[],?::text[],?::text[],?::text[],?::text[],?::text[],?::jsonb[],
  ?::jsonb[],?::text[],?::text[],?::text[],?::text[])`;

const columnArrays = (rows: readonly ChainedRecord[]): Knex.Value[] => {
  const out: unknown[][] = COLUMNS.map(() => new Array<unknown>(rows.length));
  rows.forEach((r, i) => values(r).forEach((v, c) => (out[c]![i] = v)));
  // node-postgres sends each as an array literal, nulls included, which knex's binding types do not spell out.
  return out as Knex.Value[];
};

/** Through knex: inside transactions, and the PostgreSQL path. */
export const knexRowInsert = (knex: Knex | Knex.Transaction): RowInsert => {
  const write = (rows: readonly ChainedRecord[]) =>
    (knex.client as { dialect?: string }).dialect === 'postgresql'
      ? knex.raw(UNNEST_INSERT, columnArrays(rows))
      : knex('access_log').insert(rows.map(toRow));
  return {
    async insert(rows) {
      if (rows.length <= MAX_STATEMENT_ROWS) return void (await write(rows));
      await knex.transaction(async (trx) => {
        for (let i = 0; i < rows.length; i += MAX_STATEMENT_ROWS)
          await knexRowInsert(trx).insert(rows.slice(i, i + MAX_STATEMENT_ROWS));
      });
    },
    head: () => readHead(knex),
    indexMembers: async () => {
      const result = (await knex.raw(INDEX_MEMBERS)) as { rowCount?: number };
      return result.rowCount ?? 0;
    },
    close: async () => undefined,
  };
};

export async function readHead(db: Knex | Knex.Transaction): Promise<ChainHead> {
  const row =
    (await db('access_log').first('seq', 'hash').orderBy('seq', 'desc')) ??
    (await db('access_log_anchor').first('seq', 'hash').orderBy('seq', 'desc'));
  return row ? { seq: Number(row.seq), hash: row.hash as string } : GENESIS;
}

/** The columns one request's rows share, in parameter order, then the first row's seq and prev hash. */
const shared = (r: ChainedRecord): unknown[] => [
  r.requestId,
  r.at.getTime(),
  r.accessorId,
  r.accessorKind,
  r.accessorRole,
  r.accessorName,
  r.clientIp,
  r.action,
  r.purpose,
  r.legalBasis,
  r.operationName,
  r.seq,
  r.prevHash,
  r.ipDigest,
];
const SHARED = 14;
/** Per row: member, fields, denied, hash. A row's seq and prev hash follow from the row before it. */
const PER_ROW = 4;

/** Splits rows into runs that share the request columns (each request's rows, in order). */
function runs(rows: readonly ChainedRecord[]): ChainedRecord[][] {
  const out: ChainedRecord[][] = [];
  for (const r of rows) {
    const run = out.at(-1);
    if (run && sameRequest(run[0]!, r)) run.push(r);
    else out.push([r]);
  }
  return out;
}

/**
 * The statement for runs of these lengths. Numbered parameters let every row of a run reuse the run's shared
 * values, and a row's prev hash reuse the hash parameter of the row before: a 50-row request binds 214 values,
 * not 900.
 */
function sqlFor(lengths: readonly number[]): string {
  const tuples: string[] = [];
  let p = 1;
  for (const n of lengths) {
    const s = p;
    p += SHARED;
    for (let i = 0; i < n; i++, p += PER_ROW) {
      const prev = i === 0 ? `?${s + 12}` : `?${p - 1}`;
      tuples.push(
        `(?${s + 11}+${i},?${s},?${s + 1},?${s + 2},?${s + 3},?${s + 4},?${s + 5},?${s + 6},?${p},?${s + 7},?${s + 8},?${s + 9},?${p + 1},?${p + 2},?${s + 10},${prev},?${p + 3},?${s + 13})`,
      );
    }
  }
  return `insert into access_log (${COLUMNS.join(',')}) values ${tuples.join(',')}`;
}

function params(groups: readonly ChainedRecord[][]): unknown[] {
  const out: unknown[] = [];
  let fields: string[] | null = null;
  let fieldsJson = '';
  for (const run of groups) {
    out.push(...shared(run[0]!));
    for (const r of run) {
      if (r.fields !== fields) [fields, fieldsJson] = [r.fields, JSON.stringify(r.fields)];
      out.push(r.memberId, fieldsJson, JSON.stringify(r.denied), r.hash);
    }
  }
  return out;
}

const STATEMENT_CACHE = 64;

/**
 * SQLite: a connection of its own, so the write waits behind no read, and prepared statements cached by the run
 * lengths they take. Dates are bound as epoch milliseconds, as the ORM stores them. (Unpacking one JSON parameter
 * with json_each was measured too: slower, as every column re-parses the row.)
 */
export function sqliteRowInsert(file: string, busyTimeoutMs: number): RowInsert {
  const db = new sqlite3.Database(file);
  db.configure('busyTimeout', busyTimeoutMs);
  // A read's record is on disk before its data leaves, even across a power loss (FULL syncs the WAL at each
  // commit; group commit shares that among the requests written together; measured: no throughput cost here).
  // Fails only with the connection, which the first insert then reports.
  db.exec('PRAGMA synchronous = FULL', () => undefined);
  const statements = new Map<string, sqlite3.Statement>();
  // Prepared with a callback: without one a failed prepare is thrown as an uncaught error (the process dies), and
  // a statement that failed to prepare never calls back its runs (the writer would wait forever).
  const prepare = (sql: string) =>
    new Promise<sqlite3.Statement>((resolve, reject) => {
      const s: sqlite3.Statement = db.prepare(sql, (err) => (err ? reject(err) : resolve(s)));
    });
  const statement = async (lengths: readonly number[]): Promise<sqlite3.Statement> => {
    const key = lengths.join(',');
    const cached = statements.get(key);
    if (cached) {
      // Least recently used goes first: a hit moves to the end.
      statements.delete(key);
      statements.set(key, cached);
      return cached;
    }
    const s = await prepare(sqlFor(lengths));
    if (statements.size >= STATEMENT_CACHE) {
      const [oldest, old] = statements.entries().next().value!;
      statements.delete(oldest);
      old.finalize();
    }
    statements.set(key, s);
    return s;
  };
  // A statement that failed (SQLITE_BUSY) must be reset, or it keeps a transaction open on this connection: later
  // inserts would then seem to succeed uncommitted and hold the write lock against everyone else.
  const run = (s: sqlite3.Statement, values: unknown[]) =>
    new Promise<void>((resolve, reject) => s.run(values, (err) => (err ? s.reset(() => reject(err)) : resolve())));
  const write = async (rows: readonly ChainedRecord[]) => {
    const groups = runs(rows);
    return run(await statement(groups.map((g) => g.length)), params(groups));
  };
  const exec = (sql: string) =>
    new Promise<void>((resolve, reject) => db.exec(sql, (err) => (err ? reject(err) : resolve())));
  const get = (sql: string) =>
    new Promise<ChainHead | undefined>((resolve, reject) =>
      db.get(sql, (err, row) => (err ? reject(err) : resolve(row as ChainHead | undefined))),
    );

  return {
    async insert(rows) {
      if (rows.length <= MAX_STATEMENT_ROWS) return write(rows);
      await exec('BEGIN IMMEDIATE');
      try {
        for (let i = 0; i < rows.length; i += MAX_STATEMENT_ROWS) await write(rows.slice(i, i + MAX_STATEMENT_ROWS));
        await exec('COMMIT');
      } catch (err) {
        await exec('ROLLBACK').catch(() => undefined);
        throw err;
      }
    },
    // The indexer gives way at once to a lock held elsewhere (it runs again next time): an append queued behind it
    // is owed the whole busy timeout, not what the indexer's wait left of it.
    indexMembers: () =>
      new Promise<number>((resolve, reject) => {
        db.configure('busyTimeout', 0);
        db.run(INDEX_MEMBERS, function (this: sqlite3.RunResult, err: Error | null) {
          db.configure('busyTimeout', busyTimeoutMs);
          return err ? reject(err) : resolve(this.changes);
        });
      }),
    async head() {
      const row =
        (await get('select seq, hash from access_log order by seq desc limit 1')) ??
        (await get('select seq, hash from access_log_anchor order by seq desc limit 1'));
      return row ? { seq: Number(row.seq), hash: row.hash } : GENESIS;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of statements.values()) s.finalize();
        db.close(() => resolve());
      }),
  };
}
