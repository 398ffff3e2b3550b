import type { Knex } from '@mikro-orm/knex';
import type { KeyRing } from '../crypto/keys';
import { openStatement, signStatement } from '../crypto/signed-statement';
import { anchorHolds } from './anchor';

export interface Checkpoint {
  readonly seq: number;
  readonly hash: string;
  /** ISO time the checkpoint was taken. */
  readonly at: string;
}

const TYP = 'access-log-checkpoint+jws';

/** The chain head signed with the gateway's key: kept elsewhere, it later proves the log was not truncated. */
export async function signCheckpoint(
  knex: Knex,
  keys: KeyRing,
  now: Date,
): Promise<{ checkpoint: Checkpoint; jws: string } | null> {
  const head = await knex('access_log').first('seq', 'hash').orderBy('seq', 'desc');
  if (!head) return null;
  const checkpoint: Checkpoint = { seq: Number(head.seq), hash: head.hash, at: now.toISOString() };
  return { checkpoint, jws: await signStatement(keys, TYP, checkpoint) };
}

export type CheckpointCheck =
  { readonly ok: true; readonly checkpoint: Checkpoint } | { readonly ok: false; readonly reason: string };

/** Checks a signed checkpoint against the log: the row it names must still be there with the same hash. */
export async function checkCheckpoint(knex: Knex, keys: KeyRing, jws: string): Promise<CheckpointCheck> {
  const opened = await openStatement(keys.verifyKey, TYP, jws);
  if (!opened.ok) {
    return {
      ok: false,
      reason:
        opened.why === 'type'
          ? 'not an access-log checkpoint'
          : 'the checkpoint signature does not verify with any key this gateway has signed with',
    };
  }
  const checkpoint = opened.statement as Checkpoint;
  const row = await knex('access_log').first('hash').where({ seq: checkpoint.seq });
  if (row) {
    return row.hash === checkpoint.hash
      ? { ok: true, checkpoint }
      : { ok: false, reason: `row ${checkpoint.seq} differs from the checkpoint` };
  }
  // Gone by a purge only if a signed anchor at or past it says so, with the same hash where it names that row; an
  // unsigned one (hand-written, or from before anchors were signed) proves nothing either way.
  const anchors = await knex('access_log_anchor')
    .select('seq', 'hash', 'signature')
    .where('seq', '>=', checkpoint.seq)
    .orderBy('seq');
  for (const a of anchors) {
    if ((Number(a.seq) > checkpoint.seq || a.hash === checkpoint.hash) && (await anchorHolds(keys.verifyKey, a)))
      return { ok: true, checkpoint };
  }
  return { ok: false, reason: `row ${checkpoint.seq} is missing: the log was truncated after the checkpoint` };
}
