import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { createScratchDatabase } from '../../src/db/scratch-postgres';

export const DEMO_PASSWORD = 'demo-password';

export interface TestGateway {
  readonly gateway: Gateway;
  readonly url: string;
  readonly config: Config;
  stop(): Promise<void>;
}

/**
 * A real gateway on a fresh database (a new SQLite file, or a new PostgreSQL database when TEST_DB=postgresql),
 * seeded with the demo data and listening on a free loopback port.
 */
export async function startGateway(options: GatewayOptions & { env?: NodeJS.ProcessEnv } = {}): Promise<TestGateway> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-test-'));
  const pg = process.env.TEST_DB === 'postgresql' ? await createScratchDatabase('gw_test') : null;
  const config = loadConfig({ NODE_ENV: 'test', NOTIFIER: 'outbox', DATA_DIR: dataDir, ...(pg ? { DB_URL: pg.url } : {}), ...options.env });
  const gateway = await createGateway(config, options);
  const url = await gateway.listen(0, '127.0.0.1');
  return {
    gateway,
    url,
    config,
    async stop() {
      await gateway.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      await pg?.drop();
    },
  };
}

/**
 * A GUARDIAN token for the guardian with this contact, signed by the gateway's own key exactly as the guardian
 * verification flow issues it.
 */
export async function guardianToken(t: TestGateway, contact: string): Promise<string> {
  const { knex, tokens } = t.gateway.services;
  const row = await knex('guardian').first('id').where({ contact }).whereNotNull('verified_at');
  if (!row) throw new Error(`no verified guardian with contact ${contact}`);
  return tokens.issue({ sub: row.id, kind: 'GUARDIAN', role: null, purposes: ['SELF_SERVICE'], sv: 1 });
}
