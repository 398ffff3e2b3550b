import { createHmac } from 'node:crypto';
import type { Knex } from '@mikro-orm/knex';
import { unwrapDataKey } from '../../crypto/field-cipher';

/**
 * Ledger fingerprints are keyed by each member's own data key (§5): when her data is destroyed, her data key goes
 * with it, and no one, not even the holder of the master key, can then confirm a guessed value against the ledger.
 */
export const fingerprintKeyOf = (dataKey: Buffer): Buffer =>
  createHmac('sha256', dataKey).update('provision-fingerprints').digest();

export const fingerprint = (key: Buffer, memberId: string, field: string, text: string): string =>
  createHmac('sha256', key).update(`${memberId}\n${field}\n${text}`).digest('hex');

/** The fingerprint keys of these members; a member without a data key (destroyed) has none. */
export async function fingerprintKeys(
  knex: Knex,
  masterKey: Buffer,
  memberIds: readonly string[],
): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  if (memberIds.length === 0) return out;
  const rows = (await knex('member')
    .select('id', 'wrapped_data_key')
    .whereIn('id', [...memberIds])
    .whereNotNull('wrapped_data_key')) as { id: string; wrapped_data_key: string }[];
  for (const r of rows) out.set(r.id, fingerprintKeyOf(unwrapDataKey(masterKey, r.wrapped_data_key, r.id)));
  return out;
}
