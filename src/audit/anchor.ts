import type { Knex } from '@mikro-orm/knex';
import type { KeyRing, VerifyKey } from '../crypto/keys';
import { openStatement, signStatement } from '../crypto/signed-statement';

/** Where a purge cut the chain: the last purged row's `seq` and hash. */
export interface Anchor {
  readonly seq: number;
  readonly hash: string;
}

const TYP = 'access-log-anchor+jws';

/**
 * Signs an anchor with the gateway's key. Only the gateway can write one, so a row inserted into the anchor table
 * by hand cannot make verification skip rows it edited, nor pass off a truncation as a purge.
 */
export const signAnchor = (keys: Pick<KeyRing, 'signingKey' | 'publicJwk'>, anchor: Anchor): Promise<string> =>
  signStatement(keys, TYP, { seq: anchor.seq, hash: anchor.hash });

/** True when the stored anchor row carries this gateway's signature over exactly its `seq` and hash. */
export async function anchorHolds(
  verifyKey: VerifyKey,
  row: { seq: unknown; hash: unknown; signature?: unknown },
): Promise<boolean> {
  if (typeof row.signature !== 'string') return false;
  const opened = await openStatement(verifyKey, TYP, row.signature);
  const signed = (opened.ok ? opened.statement : null) as Partial<Anchor> | null;
  return signed?.seq === Number(row.seq) && signed.hash === row.hash;
}

/** The newest anchor (the chain verifies from it), or none. */
export const latestAnchor = (knex: Knex): Promise<{ seq: unknown; hash: string; signature: unknown } | undefined> =>
  knex('access_log_anchor').first('seq', 'hash', 'signature').orderBy('seq', 'desc');
