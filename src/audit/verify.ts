import type { Knex } from '@mikro-orm/knex';
import type { VerifyKey } from '../crypto/keys';
import { GENESIS_HASH, hashOf } from './chain';
import { anchorHolds, latestAnchor } from './anchor';
import { fromRow, type AccessLogRow } from './rows';

export type Verification =
  | { readonly ok: true; readonly rows: number; readonly head: string; readonly lastSeq: number | null }
  | { readonly ok: false; readonly rows: number; readonly brokenAt: number; readonly reason: string };

/**
 * Walks the chain in `seq` order, in batches (memory stays flat), from the genesis hash or from the anchor the
 * last purge left, which must carry the gateway's signature (`verifyKey`). Reports the first row whose link or own
 * hash does not hold.
 */
export async function verifyChain(knex: Knex, verifyKey: VerifyKey, batchSize = 5000): Promise<Verification> {
  const anchor = await latestAnchor(knex);
  if (anchor && !(await anchorHolds(verifyKey, anchor))) {
    return {
      ok: false,
      rows: 0,
      brokenAt: Number(anchor.seq),
      reason: 'the purge anchor is not signed by this gateway (written or altered by hand)',
    };
  }
  let prev: string = anchor?.hash ?? GENESIS_HASH;
  let lastSeq: number | null = anchor ? Number(anchor.seq) : null;
  let rows = 0;
  for (;;) {
    const batch = (await knex('access_log')
      .select('*')
      .where('seq', '>', lastSeq ?? 0)
      .orderBy('seq')
      .limit(batchSize)) as AccessLogRow[];
    for (const raw of batch) {
      const r = fromRow(raw);
      if (r.prevHash !== prev) {
        return {
          ok: false,
          rows,
          brokenAt: r.seq,
          reason: 'does not link to the row before it (a row was deleted, inserted or reordered)',
        };
      }
      if (hashOf(r, r.prevHash) !== r.hash) {
        return { ok: false, rows, brokenAt: r.seq, reason: 'its content does not match its hash (the row was edited)' };
      }
      prev = r.hash;
      lastSeq = r.seq;
      rows++;
    }
    if (batch.length < batchSize) return { ok: true, rows, head: prev, lastSeq };
  }
}
