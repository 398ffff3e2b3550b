import 'reflect-metadata';
import type { Knex, SqlEntityManager } from '@mikro-orm/knex';
import { loadConfig } from '../config';
import { openDatabase } from '../db/orm';
import { loadKeyRing, type KeyRing } from '../crypto/keys';
import { startKeys } from '../crypto/start-keys';
import { systemClock } from '../clock';

/**
 * For maintenance commands: the configured database (migrated) and keys, without the HTTP server. The keys are
 * checked and recorded as the gateway's start does, so a command refuses what the gateway would refuse.
 */
export async function withStore<T>(fn: (store: { knex: Knex; keys: KeyRing }) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const configured = await loadKeyRing(config);
  const orm = await openDatabase(config);
  try {
    const knex = (orm.em as SqlEntityManager).getKnex();
    const { keys } = await startKeys(knex, configured, systemClock);
    return await fn({ knex, keys });
  } finally {
    await orm.close(true);
  }
}
