import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { createScratchDatabase } from '../../src/db/scratch-postgres';
import { PERSONAL_FIELDS } from '../../src/policy/categories';

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
  const config = loadConfig({
    NODE_ENV: 'test',
    NOTIFIER: 'outbox',
    DATA_DIR: dataDir,
    ...(pg ? { DB_URL: pg.url } : {}),
    ...options.env,
  });
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

/**
 * Registers a lawful request (valid for a day from now) covering these members (default: all) and every personal
 * field, as the privacy officer would with `registerLawfulRequest` and a second person with `approveLawfulRequest`;
 * returns the id to send in X-Legal-Basis.
 */
export async function lawfulRequestFor(t: TestGateway, memberIds?: string[], fields?: string[]): Promise<string> {
  const { knex } = t.gateway.services;
  const ids = memberIds ?? (await knex('member').pluck('id'));
  const id = randomUUID();
  const now = Date.now();
  await knex('lawful_request').insert({
    id,
    authority: 'Seoul Central District Prosecutors’ Office',
    legal_basis: 'Seoul District Court warrant 2026-TEST-001',
    member_ids: JSON.stringify(ids),
    fields: JSON.stringify(fields ?? PERSONAL_FIELDS),
    valid_from: new Date(now - 60_000),
    valid_until: new Date(now + 86_400_000),
    registered_by: 'test',
    registered_at: new Date(now),
    approved_by: 'test-approver',
    approved_at: new Date(now - 60_000),
  });
  return id;
}
