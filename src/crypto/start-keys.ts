import type { Knex } from '@mikro-orm/knex';
import type { Clock } from '../clock';
import type { KeyRing } from './keys';
import { checkMasterKey } from './master-key';
import { loadDerivedKeys, type DerivedKeys } from './derived-keys';
import { withRecordedSigningKeys } from './signing-keys';

export interface StartedKeys {
  readonly keys: KeyRing;
  readonly derived: DerivedKeys;
}

/**
 * What every process that opens the database does with its keys before it serves or changes anything: refuses a
 * master key that is not this database's (or any start during a master-key rotation), unwraps the derived secrets,
 * and records the signing key (superseding the others) with verification joined to every recorded key.
 * A refusal names the variable to fix.
 */
export async function startKeys(knex: Knex, ring: KeyRing, clock: Clock): Promise<StartedKeys> {
  await checkMasterKey(knex, ring.masterKey, clock.now());
  const derived = await loadDerivedKeys(knex, ring.masterKey, clock.now());
  return { keys: await withRecordedSigningKeys(knex, ring, clock), derived };
}
