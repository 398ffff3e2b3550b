import type { Knex } from '@mikro-orm/knex';
import type { KeyRing } from '../crypto/keys';
import type { Dialect } from '../db/orm';
import { signAnchor, type Anchor } from './anchor';
import { logPartitions, maxSeq, memberTwin, type LogPartition } from './partitions';
import type { AccessLogWriter } from './writer';

type Keys = Pick<KeyRing, 'signingKey' | 'publicJwk'>;

/**
 * Removes every access-log row up to the last one dated before `cutoff`, with its member-index rows, leaving a
 * signed anchor at the last removed row so what remains verifies. On PostgreSQL whole partitions go first, those
 * whose rows are all past `cutoff`, in one transaction with the anchor at their last row; the rows left past
 * retention (the first rows of the next partition, or of the default one) are then deleted in a second, with its
 * own anchor. Returns how many rows went.
 */
export async function purgeAccessLog(
  log: AccessLogWriter,
  dialect: Dialect,
  keys: Keys,
  cutoff: Date,
  now: Date,
): Promise<number> {
  const inTransaction = (fn: (trx: Knex.Transaction) => Promise<number>) =>
    log.inTransaction(async (trx) => ({ result: await fn(trx), records: [] }));
  const dropped =
    dialect === 'sqlite' ? 0 : await inTransaction((trx) => dropPartitions(trx, dialect, keys, cutoff, now));
  return dropped + (await inTransaction((trx) => deleteRows(trx, keys, cutoff, now)));
}

/** The leading partitions whose rows are all dated before `cutoff`, dropped behind an anchor at their last row. */
async function dropPartitions(
  trx: Knex.Transaction,
  dialect: Dialect,
  keys: Keys,
  cutoff: Date,
  now: Date,
): Promise<number> {
  const gone: LogPartition[] = [];
  const head = await maxSeq(trx, 'access_log');
  let rows = 0;
  let last = 0;
  for (const p of await logPartitions(trx, dialect)) {
    // Each of the three is one index probe.
    const span = (await trx(p.name).first(
      trx.raw('min(seq) as low, max(seq) as top, max(at) < ? as past', [cutoff]),
    )) as { low: number | string | null; top: number | string | null; past: boolean | null };
    if (span.top === null) {
      // Emptied by earlier row deletions, or still ahead of the rows.
      if (p.to - 1 > (last || (await anchoredSeq(trx)))) break;
      gone.push(p);
      continue;
    }
    // The partition being written to stays: its rows past retention are deleted one by one.
    if (!span.past || Number(span.top) === head) break;
    gone.push(p);
    // `seq` has no gaps: a partition's rows are every position from its lowest to its highest.
    rows += Number(span.top) - Number(span.low) + 1;
    last = Number(span.top);
  }
  if (last > 0) await anchor(trx, keys, { seq: last, hash: await hashAt(trx, last) }, rows, now);
  for (const p of gone) {
    await trx.schema.dropTable(p.name);
    await trx.schema.dropTableIfExists(memberTwin(p));
  }
  return rows;
}

/** Rows up to the last one dated before `cutoff`, deleted behind an anchor at it. */
async function deleteRows(trx: Knex.Transaction, keys: Keys, cutoff: Date, now: Date): Promise<number> {
  const top = (await trx('access_log').max({ seq: 'seq' }).where('at', '<', cutoff).first()) as
    { seq: number | string | null } | undefined;
  if (top?.seq == null) return 0;
  const cut = { seq: Number(top.seq), hash: await hashAt(trx, Number(top.seq)) };
  const purged = await trx('access_log').where('seq', '<=', cut.seq).del();
  await trx('access_log_member').where('seq', '<=', cut.seq).del();
  await anchor(trx, keys, cut, purged, now);
  return purged;
}

const hashAt = async (trx: Knex.Transaction, seq: number): Promise<string> =>
  ((await trx('access_log').first('hash').where({ seq })) as { hash: string }).hash;

async function anchor(trx: Knex.Transaction, keys: Keys, cut: Anchor, purgedRows: number, now: Date): Promise<void> {
  const signature = await signAnchor(keys, cut);
  await trx('access_log_anchor').insert({ ...cut, purged_at: now, purged_rows: purgedRows, signature });
}

const anchoredSeq = async (trx: Knex.Transaction): Promise<number> =>
  Number(((await trx('access_log_anchor').max({ seq: 'seq' }).first()) as { seq: unknown } | undefined)?.seq ?? 0);
