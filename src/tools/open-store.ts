import 'reflect-metadata';
import fs from 'node:fs';
import type { Knex, SqlEntityManager } from '@mikro-orm/knex';
import { loadConfig, type Config } from '../config';
import { log } from '../log';
import { openDatabase } from '../db/orm';
import { loadKeyRing, type KeyRing } from '../crypto/keys';
import { startKeys } from '../crypto/start-keys';
import type { DerivedKeys } from '../crypto/derived-keys';
import { systemClock } from '../clock';

/** A maintenance command's configuration, read as the gateway reads its own: ./.env under the real environment. */
export function toolConfig(): Config {
  if (fs.existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  log.level = config.logLevel;
  return config;
}

/**
 * For maintenance commands: the configured database (migrated) and keys, without the HTTP server. The keys are
 * checked and recorded as the gateway's start does, so a command refuses what the gateway would refuse.
 */
export async function withStore<T>(
  fn: (store: { knex: Knex; keys: KeyRing; config: Config; derived: DerivedKeys }) => Promise<T>,
): Promise<T> {
  const config = toolConfig();
  const configured = await loadKeyRing(config);
  const orm = await openDatabase(config);
  try {
    const knex = (orm.em as SqlEntityManager).getKnex();
    const { keys, derived } = await startKeys(knex, configured, systemClock);
    return await fn({ knex, keys, config, derived });
  } finally {
    await orm.close(true);
  }
}
