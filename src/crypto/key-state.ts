import type { Knex } from '@mikro-orm/knex';

/** The rows of `key_state` (src/modules/keys/key-state.entity.ts) by name. */
export const KEY_STATE = {
  /** Hex HMAC-SHA256(master key, "master-key-fingerprint"): which master key this database's data keys are under. */
  fingerprint: 'master_key_fingerprint',
  /** Present while a master-key rotation is unfinished: the fingerprint of the key it rotates to. */
  rotation: 'master_key_rotation',
  /** Prefix of the derived secrets, each stored wrapped under the master key with its row name as owner. */
  derivedPrefix: 'derived_key:',
} as const;

export async function readKeyState(knex: Knex, name: string): Promise<string | undefined> {
  const row = await knex('key_state').first('value').where({ name });
  return row ? (row.value as string) : undefined;
}

/** Writes the row unless it exists (two replicas starting at once both try; the first one's stays). */
export async function insertKeyState(knex: Knex, name: string, value: string, now: Date): Promise<void> {
  await knex('key_state').insert({ name, value, updated_at: now }).onConflict('name').ignore();
}

export async function writeKeyState(knex: Knex, name: string, value: string, now: Date): Promise<void> {
  await knex('key_state').insert({ name, value, updated_at: now }).onConflict('name').merge(['value', 'updated_at']);
}
