import 'reflect-metadata';
import type { Knex, SqlEntityManager } from '@mikro-orm/knex';
import { loadConfig, type Config } from '../config';
import { openDatabase } from '../db/orm';
import { loadKeyRing, type KeyRing } from '../crypto/keys';

/** For maintenance commands: the configured database (migrated) and keys, without the HTTP server. */
export async function withStore<T>(fn: (store: { knex: Knex; keys: KeyRing; config: Config }) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const keys = await loadKeyRing(config);
  const orm = await openDatabase(config);
  try {
    return await fn({ knex: (orm.em as SqlEntityManager).getKnex(), keys, config });
  } finally {
    await orm.close(true);
  }
}
