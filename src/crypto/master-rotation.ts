import type { Knex } from '@mikro-orm/knex';
import { unwrapDataKey, wrapDataKey } from './field-cipher';
import { KEY_STATE, readKeyState, writeKeyState } from './key-state';
import { ensureFingerprint, masterKeyFingerprint, shortFingerprint } from './master-key';
import { loadDerivedKeys } from './derived-keys';

/** Where keys wrapped under the master key live; each is wrapped with its row's id as owner (the AAD). */
interface Source {
  readonly label: string;
  readonly table: string;
  readonly id: string;
  readonly wrapped: string;
  /** Only these rows of the table hold wrapped keys. */
  readonly accept?: (id: string) => boolean;
  /** Columns set on every row re-wrapped. */
  readonly stamp?: (now: Date) => Record<string, unknown>;
}

const SOURCES: readonly Source[] = [
  { label: 'member data keys', table: 'member', id: 'id', wrapped: 'wrapped_data_key' },
  { label: 'retained-record keys', table: 'retention.retained_record', id: 'id', wrapped: 'wrapped_key' },
  {
    label: 'derived secrets',
    table: 'key_state',
    id: 'name',
    wrapped: 'value',
    accept: (name) => name.startsWith(KEY_STATE.derivedPrefix),
    stamp: (now) => ({ updated_at: now }),
  },
];

export interface RotationCount {
  rewrapped: number;
  /** Already under the new key (done by an earlier, interrupted run). */
  skipped: number;
  /** Under neither key: unreadable before the rotation, and left as they were. */
  unreadable: string[];
}

export interface RotationReport {
  /** False when stopped by `maxBatches`: run again to resume. */
  readonly finished: boolean;
  /** The database was already under the new key and no rotation was under way: nothing was done. */
  readonly alreadyRotated: boolean;
  readonly sources: Record<string, RotationCount>;
}

export interface RotationOptions {
  readonly batchSize?: number;
  /** Stop (unfinished, resumable) after this many batches: an interruption, for tests. */
  readonly maxBatches?: number;
  readonly now?: () => Date;
  readonly progress?: (line: string) => void;
}

/**
 * Re-wraps every key wrapped under `current` (member data keys, retained records' keys, the derived secrets) under
 * `next`; the data sealed under those keys is not touched. Run with every gateway stopped. Resumable: the target's
 * fingerprint is recorded first (no gateway starts while it is there), rows are done in batches, one transaction
 * each, a row that already unwraps under `next` is skipped, and only when every row is done does the database's
 * fingerprint become `next`'s and the marker go.
 */
export async function rotateMasterKey(
  knex: Knex,
  current: Buffer,
  next: Buffer,
  options: RotationOptions = {},
): Promise<RotationReport> {
  const { batchSize = 500, maxBatches = Infinity, now = () => new Date(), progress = () => undefined } = options;
  if (current.equals(next)) throw new Error('NEW_MASTER_KEY is the same key as MASTER_KEY: nothing to rotate');
  const target = masterKeyFingerprint(next);
  const sources: Record<string, RotationCount> = Object.fromEntries(
    SOURCES.map((s) => [s.label, { rewrapped: 0, skipped: 0, unreadable: [] }]),
  );
  const marker = await readKeyState(knex, KEY_STATE.rotation);
  if (marker === undefined && (await readKeyState(knex, KEY_STATE.fingerprint)) === target) {
    return { finished: true, alreadyRotated: true, sources };
  }
  if (marker !== undefined && marker !== target) {
    throw new Error(
      `An unfinished rotation of this database goes to another key (fingerprint ${shortFingerprint(marker)}): finish it with that key as NEW_MASTER_KEY`,
    );
  }
  await ensureFingerprint(knex, current, now());
  // A database never started since the secrets were stored gets them now, derived from the key they were derived
  // from so far: deriving them after the rotation, from the new key, would change them.
  await loadDerivedKeys(knex, current, now());
  if (marker === undefined) await writeKeyState(knex, KEY_STATE.rotation, target, now());

  let batches = 0;
  for (const source of SOURCES) {
    const count = sources[source.label]!;
    let after: string | null = null;
    for (;;) {
      if (batches >= maxBatches) return { finished: false, alreadyRotated: false, sources };
      const q = knex(source.table)
        .select(`${source.id} as id`, `${source.wrapped} as wrapped`)
        .whereNotNull(source.wrapped)
        .orderBy(source.id)
        .limit(batchSize);
      if (after !== null) q.where(source.id, '>', after);
      const rows = (await q) as { id: string; wrapped: string }[];
      if (rows.length === 0) break;
      const done: RotationCount = { rewrapped: 0, skipped: 0, unreadable: [] };
      await knex.transaction(async (trx) => {
        for (const row of rows) {
          if (source.accept && !source.accept(row.id)) continue;
          if (unwraps(next, row)) {
            done.skipped++;
            continue;
          }
          if (!unwraps(current, row)) {
            done.unreadable.push(row.id);
            continue;
          }
          const rewrapped = wrapDataKey(next, unwrapDataKey(current, row.wrapped, row.id), row.id);
          await trx(source.table)
            .where({ [source.id]: row.id, [source.wrapped]: row.wrapped })
            .update({ [source.wrapped]: rewrapped, ...source.stamp?.(now()) });
          done.rewrapped++;
        }
      });
      count.rewrapped += done.rewrapped;
      count.skipped += done.skipped;
      count.unreadable.push(...done.unreadable);
      batches++;
      after = rows[rows.length - 1]!.id;
      progress(
        `${source.label}: re-wrapped ${count.rewrapped}, skipped ${count.skipped}${count.unreadable.length ? `, unreadable ${count.unreadable.length}` : ''}`,
      );
      if (rows.length < batchSize) break;
    }
  }

  await knex.transaction(async (trx) => {
    await writeKeyState(trx, KEY_STATE.fingerprint, target, now());
    await trx('key_state').where({ name: KEY_STATE.rotation }).del();
  });
  return { finished: true, alreadyRotated: false, sources };
}

function unwraps(masterKey: Buffer, row: { id: string; wrapped: string }): boolean {
  try {
    unwrapDataKey(masterKey, row.wrapped, row.id);
    return true;
  } catch {
    return false;
  }
}
