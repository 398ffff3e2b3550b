import path from 'node:path';
import { MikroORM, type Options } from '@mikro-orm/core';
import { SqliteDriver } from '@mikro-orm/sqlite';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { types as pgTypes } from 'pg';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { Config } from '../config';
import { entities } from './entities';
import { oneReplicaAtATime } from './startup-lock';

export type Dialect = 'sqlite' | 'postgresql';

/**
 * Access-log positions are bigints on PostgreSQL (a 32-bit one lasts half a day at a thousand 50-row pages a second);
 * they, and counts, read back as numbers as on SQLite: exact up to 2^53.
 */
pgTypes.setTypeParser(pgTypes.builtins.INT8, Number);

export const dialectOf = (config: Pick<Config, 'dbUrl'>): Dialect => (config.dbUrl ? 'postgresql' : 'sqlite');

export const BUSY_TIMEOUT_MS = 5000;

export const retentionFile = (config: Pick<Config, 'dataDir'>): string => path.join(config.dataDir, 'retention.sqlite');

/**
 * What every SQLite connection needs; knex may recreate the connection, so it goes in `afterCreate`. The separate
 * retention store is its own file, attached as `retention`. secure_delete overwrites deleted content, so a
 * destroyed value does not linger in free pages.
 */
const sqliteSetup = (config: Pick<Config, 'dataDir'>): string =>
  [
    `ATTACH DATABASE '${retentionFile(config).replace(/'/g, "''")}' AS retention`,
    'PRAGMA journal_mode = WAL',
    'PRAGMA retention.journal_mode = WAL',
    `PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`,
    'PRAGMA foreign_keys = ON',
    'PRAGMA synchronous = NORMAL',
    'PRAGMA secure_delete = ON',
    'PRAGMA retention.secure_delete = ON',
  ].join(';');

type RawSqlite = { exec(sql: string, cb: (err: Error | null) => void): void };

export const sqliteFile = (config: Pick<Config, 'dataDir'>): string => path.join(config.dataDir, 'gateway.sqlite');

/**
 * `snapshot` only for `migration:create`: MikroORM rewrites the snapshot from the live database after every run
 * that applies a migration, which would rewrite the committed snapshot (or a deployed one) on each start.
 */
export function ormOptions(config: Pick<Config, 'dbUrl' | 'dataDir'>, { snapshot = false } = {}): Options {
  const dialect = dialectOf(config);
  const migrationsPath = path.resolve(__dirname, '../../migrations', dialect);
  const common = {
    entities,
    extensions: [Migrator],
    discovery: { disableDynamicFileAccess: true },
    allowGlobalContext: false,
    forceUtcTimezone: true,
    debug: false,
    // The retention store has no entities: its tables are written by hand in the migrations, never diffed away.
    schemaGenerator: { ignoreSchema: ['retention'], skipTables: [/^retention\./] },
    migrations: {
      path: migrationsPath,
      pathTs: migrationsPath,
      glob: '!(*.d).{js,ts}',
      transactional: true,
      allOrNothing: true,
      snapshot,
      snapshotName: '.snapshot',
      emit: 'ts' as const,
      silent: true,
    },
  };
  if (dialect === 'postgresql') {
    return { ...common, driver: PostgreSqlDriver, clientUrl: config.dbUrl, pool: { min: 0, max: 10 } };
  }
  return {
    ...common,
    driver: SqliteDriver,
    dbName: sqliteFile(config),
    pool: {
      min: 1,
      max: 1,
      idleTimeoutMillis: 2 ** 31 - 1,
      afterCreate: (conn: RawSqlite, done: (err: Error | null, conn: RawSqlite) => void) =>
        conn.exec(sqliteSetup(config), (err) => done(err, conn)),
    },
  };
}

/** Opens the database and applies every pending migration (never `schema.create()` outside tests). */
export async function openDatabase(config: Pick<Config, 'dbUrl' | 'dataDir'>): Promise<MikroORM> {
  const orm = await MikroORM.init(ormOptions(config));
  // Replicas started together: one migrates, the others wait and find nothing pending.
  await oneReplicaAtATime((orm.em as SqlEntityManager).getKnex(), dialectOf(config), () => orm.getMigrator().up());
  return orm;
}
