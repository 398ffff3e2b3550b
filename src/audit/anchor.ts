import { CompactSign, compactVerify, type CryptoKey } from 'jose';
import type { Knex } from '@mikro-orm/knex';
import type { KeyRing } from '../crypto/keys';
import { SIGNING_ALG } from '../crypto/keys';

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
  new CompactSign(new TextEncoder().encode(JSON.stringify({ seq: anchor.seq, hash: anchor.hash })))
    .setProtectedHeader({ alg: SIGNING_ALG, typ: TYP, kid: keys.publicJwk.kid })
    .sign(keys.signingKey);

/** True when the stored anchor row carries this gateway's signature over exactly its `seq` and hash. */
export async function anchorHolds(verifyKey: CryptoKey, row: { seq: unknown; hash: unknown; signature?: unknown }): Promise<boolean> {
  if (typeof row.signature !== 'string') return false;
  try {
    const { payload, protectedHeader } = await compactVerify(row.signature, verifyKey, { algorithms: [SIGNING_ALG] });
    const signed = JSON.parse(new TextDecoder().decode(payload)) as Partial<Anchor>;
    return protectedHeader.typ === TYP && signed.seq === Number(row.seq) && signed.hash === row.hash;
  } catch {
    return false;
  }
}

/** The newest anchor (the chain verifies from it), or none. */
export const latestAnchor = (knex: Knex): Promise<{ seq: unknown; hash: string; signature: unknown } | undefined> =>
  knex('access_log_anchor').first('seq', 'hash', 'signature').orderBy('seq', 'desc');
