import { createHmac } from 'node:crypto';
import type { Knex } from '@mikro-orm/knex';
import { unwrapDataKey, wrapDataKey } from './field-cipher';
import { insertKeyState, KEY_STATE, readKeyState } from './key-state';

/** Secrets keyed off the master key but never changed by its rotation: what they key must stay comparable. */
export interface DerivedKeys {
  /** HMAC key for verification codes. */
  readonly codeKey: Buffer;
  /** HMAC key of the client-address digest the access-log chain commits to. */
  readonly ipDigestKey: Buffer;
}

const LABELS: Record<keyof DerivedKeys, string> = {
  codeKey: 'verification-codes',
  ipDigestKey: 'access-log-client-ip',
};

/**
 * The derived secrets, unwrapped from `key_state`. The first start stores them as HMAC(master key, label), the
 * derivation used before they were stored, so data keyed with them earlier keeps matching; from then on they are
 * only re-wrapped (by a master-key rotation), never derived again.
 */
export async function loadDerivedKeys(knex: Knex, masterKey: Buffer, now: Date): Promise<DerivedKeys> {
  const load = async (label: string): Promise<Buffer> => {
    const name = KEY_STATE.derivedPrefix + label;
    let wrapped = await readKeyState(knex, name);
    if (wrapped === undefined) {
      const derived = createHmac('sha256', masterKey).update(label).digest();
      await insertKeyState(knex, name, wrapDataKey(masterKey, derived, name), now);
      wrapped = (await readKeyState(knex, name))!;
    }
    try {
      return unwrapDataKey(masterKey, wrapped, name);
    } catch {
      throw new Error(
        `MASTER_KEY cannot unwrap the stored secret ${name}: it is not the key this database's secrets are wrapped under`,
      );
    }
  };
  return { codeKey: await load(LABELS.codeKey), ipDigestKey: await load(LABELS.ipDigestKey) };
}
