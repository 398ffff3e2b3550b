import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex, SqlEntityManager } from '@mikro-orm/knex';
import { createGateway, type GatewayOptions } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { openDatabase } from '../../src/db/orm';
import { createScratchDatabase, type ScratchDatabase } from '../../src/db/scratch-postgres';
import type { TestGateway } from './gateway';

/** Background work off, so gateways can be stopped and started again on the database without stray writers. */
const QUIET = { JOBS_INTERVAL_SECONDS: '0', RETENTION_INTERVAL_MINUTES: '0', ACCESS_LOG_INDEX_MS: '0' };

export interface SharedDatabase {
  config(env?: NodeJS.ProcessEnv): Config;
  /** A gateway on this database (seeded with the demo data if empty); its stop() leaves the database. */
  start(env?: NodeJS.ProcessEnv, options?: GatewayOptions): Promise<TestGateway>;
  /** The database without a gateway, as a maintenance command opens it. */
  open<T>(fn: (knex: Knex) => Promise<T>): Promise<T>;
  drop(): Promise<void>;
}

/**
 * A database that outlives the gateways started on it (one SQLite DATA_DIR, or one PostgreSQL scratch database when
 * TEST_DB=postgresql): for restarts with other keys.
 */
export async function sharedDatabase(): Promise<SharedDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-shared-'));
  const pg: ScratchDatabase | null =
    process.env.TEST_DB === 'postgresql' ? await createScratchDatabase('gw_test') : null;
  const config = (env: NodeJS.ProcessEnv = {}) =>
    loadConfig({
      NODE_ENV: 'test',
      NOTIFIER: 'outbox',
      DATA_DIR: dataDir,
      ...QUIET,
      ...(pg ? { DB_URL: pg.url } : {}),
      ...env,
    });
  return {
    config,
    async start(env = {}, options = {}) {
      const c = config(env);
      const gateway = await createGateway(c, options);
      const url = await gateway.listen(0, '127.0.0.1');
      return { gateway, url, config: c, stop: () => gateway.close() };
    },
    async open(fn) {
      const orm = await openDatabase(config());
      try {
        return await fn((orm.em as SqlEntityManager).getKnex());
      } finally {
        await orm.close(true);
      }
    },
    async drop() {
      fs.rmSync(dataDir, { recursive: true, force: true });
      await pg?.drop();
    },
  };
}
