import { expect } from 'chai';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { verifyChain } from '../../src/audit/verify';
import { createGateway, type Gateway } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createScratchDatabase, type ScratchDatabase } from '../../src/db/scratch-postgres';
import { codes, gql, login } from '../helpers/http';
import { sharedKeys } from '../helpers/replicas';

/** What a session-level `SET` would leave on a server connection for the next client. */
const SETTINGS = [
  'idle_in_transaction_session_timeout',
  'statement_timeout',
  'lock_timeout',
  'TimeZone',
  'search_path',
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The Debian package's binary, or one on PATH; null when PgBouncer is not installed. */
function pgbouncerBinary(): string | null {
  if (fs.existsSync('/usr/sbin/pgbouncer')) return '/usr/sbin/pgbouncer';
  const found = spawnSync('sh', ['-c', 'command -v pgbouncer'], { encoding: 'utf8' }).stdout.trim();
  return found || null;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** PgBouncer in transaction pooling mode in front of the PostgreSQL that `target` names, on a free loopback port. */
async function startPgbouncer(binary: string, target: URL): Promise<{ port: number; stop(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-pgbouncer-'));
  const port = await freePort();
  const user = decodeURIComponent(target.username) || 'postgres';
  fs.writeFileSync(path.join(dir, 'users.txt'), `"${user}" ""\n`);
  fs.writeFileSync(
    path.join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=${target.hostname} port=${target.port || 5432}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${path.join(dir, 'users.txt')}`,
      'pool_mode = transaction',
      'default_pool_size = 20',
      'max_client_conn = 200',
      'ignore_startup_parameters = extra_float_digits,options',
    ].join('\n'),
  );
  // PgBouncer refuses to run as root: CI and this machine's sessions are root, so it drops to nobody.
  const root = process.getuid?.() === 0;
  if (root) fs.chmodSync(dir, 0o755);
  const proc: ChildProcess = spawn(binary, [...(root ? ['-u', 'nobody'] : []), path.join(dir, 'pgbouncer.ini')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  proc.stderr!.on('data', (c: Buffer) => (output += c.toString('utf8')));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  // A run that ends before its after hook (mocha's --exit, a crash) leaves no pooler behind.
  const orphan = () => proc.kill('SIGKILL');
  process.once('exit', orphan);
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGINT');
    await exited;
    process.removeListener('exit', orphan);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; ; i++) {
    const client = new Client({ host: '127.0.0.1', port, user, database: target.pathname.slice(1) });
    const up = await client.connect().then(
      () => client.end().then(() => true),
      () => false,
    );
    if (up) return { port, stop };
    if (i === 50 || proc.exitCode !== null) {
      await stop();
      throw new Error(`pgbouncer did not start:\n${output.slice(-2000)}`);
    }
    await sleep(100);
  }
}

/**
 * Behind PgBouncer in transaction pooling mode (a server connection per transaction, not per client) two gateway
 * replicas still behave as one: every lock is a transaction's (advisory locks `_xact`, `job_run` row locks), every
 * setting is `set local`, no statement is named and nothing listens. Skipped when PgBouncer is not installed
 * (`apt-get install pgbouncer`; `.ci/run` installs it).
 */
describe('two replicas behind PgBouncer in transaction mode', function () {
  this.timeout(120_000);
  let pg: ScratchDatabase;
  let bouncer: { port: number; stop(): Promise<void> } | undefined;
  let replicas: Gateway[] = [];
  let urls: string[] = [];
  const dataDirs: string[] = [];
  let pooledUrl: URL;

  before(async function () {
    if (process.env.TEST_DB !== 'postgresql') return this.skip();
    const binary = pgbouncerBinary();
    if (!binary) {
      console.log('      pgbouncer is not installed (apt-get install pgbouncer): skipped');
      return this.skip();
    }
    pg = await createScratchDatabase('gw_test');
    bouncer = await startPgbouncer(binary, new URL(pg.url));
    pooledUrl = new URL(pg.url);
    pooledUrl.hostname = '127.0.0.1';
    pooledUrl.port = String(bouncer.port);
    const keys = sharedKeys();
    // Started together: migrations and the seed go one replica at a time behind the start-up lock.
    replicas = await Promise.all(
      [1, 2].map(() => {
        const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-test-'));
        dataDirs.push(dataDir);
        return createGateway(
          loadConfig({
            NODE_ENV: 'test',
            NOTIFIER: 'outbox',
            DATA_DIR: dataDir,
            DB_URL: pooledUrl.toString(),
            JOBS_INTERVAL_SECONDS: '1',
            ...keys,
          }),
        );
      }),
    );
    urls = await Promise.all(replicas.map((g) => g.listen(0, '127.0.0.1')));
  });
  after(async () => {
    await Promise.all(replicas.map((g) => g.close()));
    await bouncer?.stop();
    await pg?.drop();
    for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves a staff read on one replica with the log-in of the other', async () => {
    const staff = await login(urls[0]!, 'cs-agent');
    const res = await gql<{ members: { edges: { node: { id: string; email: string | null } }[] } }>(
      urls[1]!,
      'query { members(first: 5) { edges { node { id email } } } }',
      {},
      { token: staff, purpose: 'MEMBER_MANAGEMENT' },
    );
    expect(res.data!.members.edges.map((e) => e.node.email)).to.include('bob@example.com');
  });

  it('ends a session everywhere when it is logged out on one replica', async () => {
    const bob = await login(urls[0]!, 'bob');
    const caller = { token: bob, purpose: 'SELF_SERVICE' };
    expect(codes(await gql(urls[1]!, '{ me { id } }', {}, caller))).to.deep.equal([]);
    expect(codes(await gql(urls[1]!, 'mutation { logout }', {}, caller))).to.deep.equal([]);
    expect(codes(await gql(urls[0]!, '{ me { id } }', {}, caller))).to.deep.equal(['UNAUTHENTICATED']);
  });

  it('runs the jobs through the pooler, and the access log written by both replicas verifies', async () => {
    const { knex, keys } = replicas[0]!.services;
    const runs = async () =>
      Object.fromEntries(
        (await knex('job_run').select('name', 'runs')).map((r: { name: string; runs: number }) => [
          r.name,
          Number(r.runs),
        ]),
      );
    for (let i = 0; i < 100 && !((await runs()).deliveries >= 2); i++) await sleep(200);
    expect((await runs()).deliveries).to.be.at.least(2);
    expect((await runs())['access-log member index']).to.be.at.least(1);
    expect(await verifyChain(knex, keys.verifyKey)).to.deep.include({ ok: true });
  });

  it('leaves no setting of its own on the pooled server connections', async () => {
    const query = `select concat_ws(' ', ${SETTINGS.map((n) => `current_setting('${n}')`).join(', ')}) as v`;
    // Each client holds a transaction open, so each is given a server connection of its own: every one the
    // replicas have used is sampled.
    const settings = async (url: URL | string, clients: number) => {
      const open = await Promise.all(
        Array.from({ length: clients }, async () => {
          const client = new Client({ connectionString: url.toString() });
          await client.connect();
          await client.query('begin');
          return client;
        }),
      );
      try {
        return [...new Set(await Promise.all(open.map(async (c) => (await c.query(query)).rows[0].v as string)))];
      } finally {
        await Promise.all(open.map((c) => c.end()));
      }
    };
    expect(await settings(pooledUrl, 20)).to.deep.equal(await settings(pg.url, 1));
  });
});
