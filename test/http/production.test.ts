import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { getIntrospectionQuery } from 'graphql';
import { exportJWK, generateKeyPair } from 'jose';
import { startGateway, DEMO_PASSWORD, type TestGateway } from '../helpers/gateway';
import { codes, gql } from '../helpers/http';
import { logCapture } from '../helpers/log-capture';
const scratch = require('../../src/db/scratch-postgres') as typeof import('../../src/db/scratch-postgres');

/**
 * NODE_ENV=production refuses to start without its keys; with them it seeds nothing, refuses
 * introspection, shows no Sandbox and sends strict security headers on every route.
 */

async function productionKeys(): Promise<{ SIGNING_KEY: string; MASTER_KEY: string; x: string }> {
  const { privateKey } = await generateKeyPair('EdDSA', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { SIGNING_KEY: JSON.stringify(jwk), MASTER_KEY: randomBytes(32).toString('base64'), x: jwk.x! };
}

/**
 * startGateway with env, expected to fail: the error. Cleans up what the helper created before failing (the
 * DATA_DIR passed here; on PostgreSQL the scratch database, caught on its way out of createScratchDatabase).
 */
async function startFailure(env: NodeJS.ProcessEnv): Promise<unknown> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-prod-fail-'));
  const created: { drop(): Promise<void> }[] = [];
  const original = scratch.createScratchDatabase;
  Object.assign(scratch, {
    createScratchDatabase: async (prefix?: string) => {
      const db = await original(prefix);
      created.push(db);
      return db;
    },
  });
  try {
    const t = await startGateway({ env: { DATA_DIR: dataDir, ...env } });
    await t.stop();
    return undefined;
  } catch (error) {
    return error;
  } finally {
    Object.assign(scratch, { createScratchDatabase: original });
    for (const db of created) await db.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('§10 production mode', () => {
  describe('without keys', () => {
    it('refuses to start without SIGNING_KEY and MASTER_KEY', async () => {
      const error = await startFailure({ NODE_ENV: 'production' });
      expect(error, 'startGateway must reject').to.be.instanceOf(Error);
      expect((error as Error).message).to.equal('SIGNING_KEY and MASTER_KEY must be provided in production');
    });

    it('refuses to start with only one of them, or a master key of the wrong length', async () => {
      const keys = await productionKeys();
      const onlySigning = await startFailure({ NODE_ENV: 'production', SIGNING_KEY: keys.SIGNING_KEY });
      expect(String(onlySigning)).to.include('SIGNING_KEY and MASTER_KEY must be provided in production');
      const onlyMaster = await startFailure({ NODE_ENV: 'production', MASTER_KEY: keys.MASTER_KEY });
      expect(String(onlyMaster)).to.include('SIGNING_KEY and MASTER_KEY must be provided in production');
      const short = await startFailure({
        NODE_ENV: 'production',
        SIGNING_KEY: keys.SIGNING_KEY,
        MASTER_KEY: randomBytes(16).toString('base64'),
      });
      expect(String(short)).to.include('MASTER_KEY: expected base64 of 32 random bytes');
    });
  });

  describe('with keys', () => {
    let t: TestGateway;
    let publicX: string;
    let logFrom = 0;

    before(async () => {
      const { x, ...keys } = await productionKeys();
      publicX = x;
      logFrom = logCapture.mark();
      t = await startGateway({ env: { NODE_ENV: 'production', ...keys } });
    });
    after(() => t?.stop());

    it('runs as production and publishes the provided key', async () => {
      expect(t.config.production).to.equal(true);
      const { keys } = (await (await fetch(`${t.url}/.well-known/jwks.json`)).json()) as {
        keys: { x: string; d?: string }[];
      };
      expect(keys.map((k) => k.x)).to.deep.equal([publicX]);
      expect(keys[0]).to.not.have.property('d');
    });

    it('seeds no demo data: the member table is empty and alice cannot log in', async () => {
      const { knex } = t.gateway.services;
      for (const table of ['member', 'staff', 'api_client']) {
        const [row] = (await knex(table).count({ n: '*' })) as [{ n: number | string }];
        expect(Number(row.n), table).to.equal(0);
      }
      const res = await gql(
        t.url,
        'mutation($l: String!, $p: String!) { login(loginId: $l, password: $p) { accessToken } }',
        { l: 'alice', p: DEMO_PASSWORD },
      );
      expect(codes(res)).to.deep.equal(['UNAUTHENTICATED']);
      const client = await fetch(`${t.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: 'courier',
          client_secret: DEMO_PASSWORD,
        }),
      });
      expect(client.status).to.equal(401);
    });

    it('refuses introspection', async () => {
      for (const query of [
        getIntrospectionQuery(),
        '{ __schema { types { name } } }',
        '{ __type(name: "Member") { fields { name } } }',
      ]) {
        const res = await gql(t.url, query);
        expect(res.data ?? undefined, query.slice(0, 40)).to.equal(undefined);
        expect(codes(res), query.slice(0, 40)).to.deep.equal(['GRAPHQL_VALIDATION_FAILED']);
        expect(JSON.stringify(res.errors)).to.not.match(/Member|bankAccount|Did you mean/);
      }
      // An ordinary public query still works.
      const ok = await gql<{ privacyPolicy: { version: number } }>(t.url, '{ privacyPolicy { version } }');
      expect(ok.errors, JSON.stringify(ok.errors)).to.equal(undefined);
    });

    it('shows no Sandbox landing page to a browser', async () => {
      const res = await fetch(`${t.url}/graphql`, { headers: { accept: 'text/html' } });
      const text = await res.text();
      expect(res.headers.get('content-type') ?? '').to.not.include('text/html');
      expect(text).to.not.match(/<html|<script|sandbox|apollographql|landing/i);
    });

    const routes: [string, () => Promise<Response>][] = [
      ['GET /health', () => fetch(`${t.url}/health`)],
      ['GET /ready', () => fetch(`${t.url}/ready`)],
      [
        'POST /graphql',
        () =>
          fetch(`${t.url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: '{ privacyPolicy { version } }' }),
          }),
      ],
      [
        'POST /graphql (error)',
        () =>
          fetch(`${t.url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{"query": ',
          }),
      ],
      ['GET /graphql (text/html)', () => fetch(`${t.url}/graphql`, { headers: { accept: 'text/html' } })],
      [
        'POST /oauth/token',
        () =>
          fetch(`${t.url}/oauth/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: 'grant_type=client_credentials&client_id=x&client_secret=y',
          }),
      ],
      ['GET /.well-known/jwks.json', () => fetch(`${t.url}/.well-known/jwks.json`)],
      ['GET /nowhere', () => fetch(`${t.url}/nowhere`)],
    ];
    for (const [name, request] of routes) {
      it(`sends strict security headers on ${name}`, async () => {
        const res = await request();
        await res.arrayBuffer();
        const h = res.headers;
        expect(h.get('x-content-type-options'), 'X-Content-Type-Options').to.equal('nosniff');
        expect(h.get('x-frame-options'), 'X-Frame-Options').to.equal('DENY');
        expect(h.get('content-security-policy'), 'Content-Security-Policy')
          .to.be.a('string')
          .and.to.include("default-src 'none'");
        expect(h.get('content-security-policy')).to.include("frame-ancestors 'none'");
        const hsts = /max-age=(\d+)/.exec(h.get('strict-transport-security') ?? '');
        expect(hsts, 'Strict-Transport-Security').to.not.equal(null);
        expect(Number(hsts![1])).to.be.at.least(31_536_000);
        expect(h.get('referrer-policy'), 'Referrer-Policy').to.be.oneOf([
          'no-referrer',
          'strict-origin-when-cross-origin',
          'same-origin',
          'strict-origin',
        ]);
        expect(h.get('x-powered-by')).to.equal(null);
      });
    }

    it('logs one JSON line per request, without values, tokens or query text', () => {
      const lines = logCapture.since(logFrom).filter((l) => l.includes('"msg":"request"'));
      expect(lines.length).to.be.at.least(routes.length);
      for (const line of lines) {
        const entry = JSON.parse(line) as Record<string, unknown>;
        expect(entry).to.include.keys('method', 'path', 'status', 'ms');
        expect(line).to.not.match(/privacyPolicy|__schema|demo-password|client_secret|alice/);
      }
    });
  });

  describe('for comparison, development', () => {
    let t: TestGateway;
    before(async () => {
      t = await startGateway({ env: { NODE_ENV: 'development' } });
    });
    after(() => t?.stop());

    it('shows the Sandbox landing page (so the production check above is meaningful)', async () => {
      const res = await fetch(`${t.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(res.headers.get('content-type') ?? '').to.include('text/html');
      expect(await res.text()).to.match(/sandbox/i);
    });
  });
});
