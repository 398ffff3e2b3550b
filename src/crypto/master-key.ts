import { createHmac } from 'node:crypto';
import type { Knex } from '@mikro-orm/knex';
import { unwrapDataKey } from './field-cipher';
import { insertKeyState, KEY_STATE, readKeyState } from './key-state';

/** Names a master key without revealing it: a keyed hash of a fixed label, so it says nothing about the key. */
export const masterKeyFingerprint = (masterKey: Buffer): string =>
  createHmac('sha256', masterKey).update('master-key-fingerprint').digest('hex');

/** Enough of a fingerprint to tell keys apart in a message. */
export const shortFingerprint = (fingerprint: string): string => fingerprint.slice(0, 16);

/**
 * Refuses, before anything reads or writes personal data, a master key that is not the one this database's data
 * keys are wrapped under, and any start while a master-key rotation is unfinished (half the keys are under each).
 */
export async function checkMasterKey(knex: Knex, masterKey: Buffer, now: Date): Promise<void> {
  const target = await readKeyState(knex, KEY_STATE.rotation);
  if (target !== undefined) {
    throw new Error(
      `A master-key rotation of this database is unfinished (to the key with fingerprint ${shortFingerprint(target)}), so the gateway starts with ` +
        'neither key: finish the rotation with npm run keys:rotate-master (MASTER_KEY = the current key, NEW_MASTER_KEY = the new one), then start with the new key',
    );
  }
  await ensureFingerprint(knex, masterKey, now);
}

/**
 * Checks `masterKey` against the recorded fingerprint. A database without one records this key's: a new database
 * at once; one that already holds wrapped keys (from before fingerprints) only if this key unwraps one of them.
 */
export async function ensureFingerprint(knex: Knex, masterKey: Buffer, now: Date): Promise<void> {
  const fingerprint = masterKeyFingerprint(masterKey);
  let recorded = await readKeyState(knex, KEY_STATE.fingerprint);
  if (recorded === undefined) {
    await refuseUnlessItUnwraps(knex, masterKey);
    await insertKeyState(knex, KEY_STATE.fingerprint, fingerprint, now);
    recorded = await readKeyState(knex, KEY_STATE.fingerprint);
  }
  if (recorded !== fingerprint) {
    throw new Error(
      `MASTER_KEY does not match the key this database was first started with (fingerprint ${shortFingerprint(recorded!)}); ` +
        'start with the original key, or rotate with npm run keys:rotate-master',
    );
  }
}

async function refuseUnlessItUnwraps(knex: Knex, masterKey: Buffer): Promise<void> {
  const member = await knex('member').first('id', 'wrapped_data_key as wrapped').whereNotNull('wrapped_data_key');
  const sample = member
    ? { what: `member ${member.id}`, id: member.id as string, wrapped: member.wrapped as string }
    : await knex('retention.retained_record')
        .first('id', 'wrapped_key as wrapped')
        .then((r) =>
          r ? { what: `retained record ${r.id}`, id: r.id as string, wrapped: r.wrapped as string } : null,
        );
  if (!sample) return;
  try {
    unwrapDataKey(masterKey, sample.wrapped, sample.id);
  } catch {
    throw new Error(
      `MASTER_KEY cannot unwrap the data keys this database already holds (${sample.what}) and the database has no fingerprint of ` +
        'its key yet: start with the key its data was encrypted under',
    );
  }
}
