/**
 * `npm run load`: LOAD_CLIENTS (50) concurrent clients for LOAD_SECONDS (60) of mixed traffic against one gateway
 * child (bench/load-server.ts: development mode, demo data, LOAD_MEMBERS (1000) extra members from bench/seed.ts,
 * fresh temp DATA_DIR, 127.0.0.1, COST_BUDGET_PER_MINUTE=0, LOG_REQUESTS=false). Then the child is stopped and
 * the access log is checked against what the clients received, and `npm run audit:verify` walks the chain.
 *
 * The mix, per client (each first signs up a member of its own, with marketing consent and consent to provision
 * to partner-ads, and logs in as it):
 *   storefront  `me { id name email phone address }`, SELF_SERVICE, as its member or a demo member
 *   partner     `members(first: 50)` as the partner-ads client (client-credentials token), MARKETING
 *   sign-up     `signUp` of a new member (unique login id and email)
 *   consent     `withdrawConsent` / `grantConsent(purpose: "MARKETING")` in turn, as its member
 *   correction  `requestCorrection(field: "address")` as its member, then `completeCorrection(id)` as cs-agent,
 *               MEMBER_MANAGEMENT
 *
 * Printed: requests, errors by code, p50/p99 latency (all and per operation), access-log rows versus the answers
 * that carried personal data (reads) or confirmed a change (mutations), per member and accessor, and the chain
 * verification. Exit code 1 if any answer had status 5xx, any row is missing, or the chain does not verify.
 *
 * Env: LOAD_SECONDS (60), LOAD_CLIENTS (50), LOAD_MEMBERS (1000), LOAD_SEED (1, the mix's PRNG),
 * LOAD_KEEP_DATA=1 (keep the temp DATA_DIR and print its path).
 *
 * `npm run load -- --replicas 3`: that many gateway children on one scratch PostgreSQL database (PG_ADMIN_URL's
 * server, default the local one) with the same generated keys, as a deployment behind a load balancer runs them;
 * client i talks to replica i mod N. The report adds requests per replica. `--kill-one` also kills the last
 * replica with SIGKILL halfway through: its clients move to the others, and every answer it gave before it died
 * must still have its rows.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AsyncLocalStorage } from 'node:async_hooks';
import { fork, spawn, type ChildProcess } from 'node:child_process';
import sqlite3 from 'sqlite3';
import pg from 'pg';
import type { FromChild, ToChild } from './child';
import { PG_LOG_BYTES } from './log-size';
import { createScratchDatabase, type ScratchDatabase } from '../src/db/scratch-postgres';
import { newMasterKey, newSigningJwk } from '../src/crypto/generate-keys';

// ---------------------------------------------------------------- settings

function envNumber(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max)
    throw new Error(`${name} must be a number from ${min} to ${max}, got "${raw}"`);
  return value;
}

function argNumber(flag: string, fallback: number, min: number, max: number): number {
  const i = process.argv.indexOf(flag);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`${flag} takes a whole number from ${min} to ${max}, got "${process.argv[i + 1]}"`);
  return value;
}

const settings = {
  replicas: argNumber('--replicas', 1, 1, 8),
  killOne: process.argv.includes('--kill-one'),
  seconds: envNumber('LOAD_SECONDS', 60, 1, 3600),
  clients: Math.floor(envNumber('LOAD_CLIENTS', 50, 1, 1000)),
  members: Math.floor(envNumber('LOAD_MEMBERS', 1000, 0, 100_000)),
  seed: Math.floor(envNumber('LOAD_SEED', 1, 0, 2 ** 31)),
  keep: process.env.LOAD_KEEP_DATA === '1',
};

const ROOT = path.resolve(__dirname, '..');
const DEMO_PASSWORD = 'demo-password';
const BENCH_PASSWORD = 'bench-password';
/** Per request: a client gives up waiting after this (counted as NO_ANSWER). */
const REQUEST_TIMEOUT_MS = 30_000;
/** Per client: at most this many iterations per second of the run, whatever the time says. */
const MAX_ITERATIONS_PER_SECOND = 2000;
const log = (line: string): void => void process.stderr.write(`${line}\n`);

/** Weighted mix of what a client does next. */
const MIX = [
  ['storefront', 45],
  ['partner', 15],
  ['signup', 4],
  ['consent', 22],
  ['correction', 14],
] as const;
type Action = (typeof MIX)[number][0];

/** mulberry32: the mix is the same from run to run for one LOAD_SEED. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------- operations

const OPS = {
  login:
    'mutation LoadLogin($loginId: String!, $password: String!) { login(loginId: $loginId, password: $password) { accessToken } }',
  storefront: 'query StorefrontMe { me { id name email phone address } }',
  partner: 'query PartnerList { members(first: 50) { edges { node { id name email } } } }',
  signup: 'mutation SignUp($input: SignUpInput!) { signUp(input: $input) { outcome memberId } }',
  grant: 'mutation GrantMarketing { grantConsent(purpose: "MARKETING") { id purpose withdrawnAt } }',
  withdraw: 'mutation WithdrawMarketing { withdrawConsent(purpose: "MARKETING") }',
  request:
    'mutation RequestAddressCorrection($v: String!, $r: String!) { requestCorrection(field: "address", newValue: $v, reason: $r) { id memberId status } }',
  complete:
    'mutation CompleteCorrection($id: ID!) { completeCorrection(id: $id) { id memberId field newValue status } }',
} as const;
type OpName = keyof typeof OPS;

/** Codes of a single field refused by the policy: the answer is correct, the field is null by design. */
const POLICY_DENIALS = new Set(['CONSENT_MISSING', 'PURPOSE_DENIED', 'GUARDIAN_CONSENT_REQUIRED', 'UNDER_CORRECTION']);

// ---------------------------------------------------------------- the gateway child

const STARTUP_TIMEOUT_MS = 120_000;

class GatewayChild {
  url = '';
  info: { dataDir: string; benchMembers: number; benchMemberLogin: string | null } | null = null;
  output = '';
  errorLines = 0;
  private readonly exit: Promise<void>;
  private exited = false;

  constructor(readonly proc: ChildProcess) {
    this.exit = new Promise((resolve) =>
      proc.once('exit', () => {
        this.exited = true;
        resolve();
      }),
    );
    const keep = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this.errorLines += (text.match(/"level":"error"/g) ?? []).length;
      this.output = (this.output + text).slice(-200_000);
    };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
  }

  static async start(env: NodeJS.ProcessEnv): Promise<GatewayChild> {
    const proc = fork(path.join(__dirname, 'load-server.ts'), [], {
      cwd: ROOT,
      execArgv: ['-r', 'ts-node/register/transpile-only'],
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const child = new GatewayChild(proc);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`gateway child not ready after ${STARTUP_TIMEOUT_MS / 1000} s`)),
        STARTUP_TIMEOUT_MS,
      );
      proc.on('message', (msg: FromChild) => {
        if (msg.type === 'ready') {
          clearTimeout(timer);
          child.url = msg.url;
          child.info = msg.info as GatewayChild['info'];
          resolve();
        } else if (msg.type === 'failed') {
          clearTimeout(timer);
          reject(new Error(`gateway child failed to start:\n${msg.message}`));
        }
      });
      proc.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(
          new Error(`gateway child exited during startup (${signal ?? `code ${code}`}):\n${child.output.slice(-3000)}`),
        );
      });
    });
    return child;
  }

  /** process.cpuUsage() of the child (user + system, all threads), µs; null if it does not answer. */
  cpuMicros(): Promise<number | null> {
    if (this.exited || !this.proc.connected) return Promise.resolve(null);
    const id = ++this.nextId;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.proc.off('message', onMessage);
        resolve(null);
      }, 10_000);
      const onMessage = (msg: FromChild) => {
        if (msg.type !== 'reply' || msg.id !== id) return;
        clearTimeout(timer);
        this.proc.off('message', onMessage);
        resolve((msg.user ?? 0) + (msg.system ?? 0));
      };
      this.proc.on('message', onMessage);
      this.proc.send({ type: 'cpu', id } satisfies ToChild);
    });
  }

  private nextId = 0;

  get alive(): boolean {
    return !this.exited;
  }

  /** Graceful: the child closes the gateway (server, access-log connection, ORM); SIGKILL after 20 s. */
  async stop(): Promise<void> {
    if (this.exited) return;
    if (this.proc.connected) this.proc.send({ type: 'stop' } satisfies ToChild);
    else this.proc.kill('SIGTERM');
    const killer = setTimeout(() => this.proc.kill('SIGKILL'), 20_000);
    await this.exit;
    clearTimeout(killer);
  }
}

// ---------------------------------------------------------------- HTTP

interface Answer {
  status: number | null;
  ms: number;
  data: Record<string, unknown> | null;
  codes: string[];
  text: string;
}

/** The replicas' base URLs; each client's requests go to its own (`route`), or the next one alive. */
let bases: string[] = [];
const dead = new Set<number>();
const route = new AsyncLocalStorage<{ replica: number }>();
const perReplica: number[] = [];
function target(): number {
  const own = route.getStore()?.replica ?? 0;
  for (let k = 0; k < bases.length; k++) {
    const i = (own + k) % bases.length;
    if (!dead.has(i)) return i;
  }
  return own;
}

/** Raw outcomes, by operation: latencies and codes. */
const stats = new Map<OpName | 'oauth', { ms: number[]; codes: Map<string, number>; statuses: Map<string, number> }>();
const leaks: string[] = [];

function note(op: OpName | 'oauth', a: Answer): void {
  let s = stats.get(op);
  if (!s) stats.set(op, (s = { ms: [], codes: new Map(), statuses: new Map() }));
  s.ms.push(a.ms);
  const status = a.status === null ? 'no answer' : String(a.status);
  s.statuses.set(status, (s.statuses.get(status) ?? 0) + 1);
  for (const c of a.codes) s.codes.set(c, (s.codes.get(c) ?? 0) + 1);
  // Never a stack, a driver message or a file path in an answer.
  if (/stacktrace|SQLITE_|\bat .+\.(ts|js):\d+/.test(a.text) && leaks.length < 5)
    leaks.push(`${op}: ${a.text.slice(0, 300)}`);
}

async function gql(
  op: OpName,
  variables: Record<string, unknown> = {},
  token?: string,
  purpose?: string,
): Promise<Answer> {
  const t0 = performance.now();
  const replica = target();
  perReplica[replica] = (perReplica[replica] ?? 0) + 1;
  let answer: Answer;
  try {
    const res = await fetch(`${bases[replica]}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(purpose ? { 'x-purpose': purpose } : {}),
      },
      body: JSON.stringify({ query: OPS[op], variables }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await res.text();
    type Body = { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
    const body = ((): Body | null => {
      try {
        return JSON.parse(text) as Body;
      } catch {
        return null;
      }
    })();
    const codes = body ? (body.errors ?? []).map((e) => String(e.extensions?.code ?? 'NO_CODE')) : ['NOT_JSON'];
    answer = { status: res.status, ms: performance.now() - t0, data: body?.data ?? null, codes, text };
  } catch (err) {
    const name = (err as Error).name === 'TimeoutError' ? 'CLIENT_TIMEOUT' : 'NETWORK_ERROR';
    answer = { status: null, ms: performance.now() - t0, data: null, codes: [name], text: '' };
  }
  note(op, answer);
  return answer;
}

async function partnerToken(): Promise<string> {
  const t0 = performance.now();
  const res = await fetch(`${bases[target()]}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'partner-ads',
      client_secret: DEMO_PASSWORD,
    }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await res.text();
  note('oauth', {
    status: res.status,
    ms: performance.now() - t0,
    data: null,
    codes: res.ok ? [] : ['OAUTH_ERROR'],
    text,
  });
  const token = (JSON.parse(text) as { access_token?: string }).access_token;
  if (!token) throw new Error(`partner-ads token: HTTP ${res.status} ${text}`);
  return token;
}

async function loginToken(loginId: string, password: string): Promise<string | null> {
  const a = await gql('login', { loginId, password });
  return (a.data?.login as { accessToken?: string } | undefined)?.accessToken ?? null;
}

// ---------------------------------------------------------------- what the clients received

/** key -> count: per (operation, accessor, member), the answers that must each have left a row. */
const expected = new Map<string, number>();
const expect = (op: string, accessor: string, member: string): void => {
  const key = `${op}\t${accessor}\t${member}`;
  expected.set(key, (expected.get(key) ?? 0) + 1);
};
/** The accessor ids of the shared principals (member ids for members). */
const ids = { partner: '', cs: '' };

/** Personal fields present (non-null) in a member object of an answer. */
const personal = (node: Record<string, unknown> | null | undefined, fields: readonly string[]): string[] =>
  fields.filter((f) => node?.[f] !== null && node?.[f] !== undefined);

interface Account {
  loginId: string;
  password: string;
  token: string | null;
  id: string | null;
}

let uniq = 0;
const runTag = Date.now().toString(36);

async function signUp(random: () => number): Promise<Account | null> {
  const n = ++uniq;
  const loginId = `load-${runTag}-${n}`;
  const password = `load-password-${n}`;
  const a = await gql('signup', {
    input: {
      agree: true,
      policyVersion: 1,
      loginId,
      password,
      name: `Load Member ${n}`,
      email: `${loginId}@load.example`,
      address: `${n} Load-ro, Seoul`,
      birthDate: '1990-01-01',
      marketing: random() < 0.9,
      provideTo: ['partner-ads'],
    },
  });
  const result = a.data?.signUp as { outcome?: string; memberId?: string } | undefined;
  if (!result?.memberId || a.codes.length > 0) return null;
  // One INPUT row, by the anonymous visitor, for the new member.
  expect('SignUp', 'anonymous', result.memberId);
  return { loginId, password, token: null, id: result.memberId };
}

async function storefront(account: Account): Promise<void> {
  if (!account.token) return;
  const a = await gql('storefront', {}, account.token, 'SELF_SERVICE');
  const me = a.data?.me as Record<string, unknown> | null | undefined;
  if (me && typeof me.id === 'string') account.id ??= me.id;
  if (me && personal(me, ['name', 'email', 'phone', 'address']).length > 0)
    expect('StorefrontMe', String(me.id), String(me.id));
}

async function partner(token: string): Promise<void> {
  const a = await gql('partner', {}, token, 'MARKETING');
  const edges = (a.data?.members as { edges?: { node: Record<string, unknown> }[] } | null)?.edges ?? [];
  for (const { node } of edges)
    if (personal(node, ['name', 'email']).length > 0) expect('PartnerList', ids.partner, String(node.id));
}

type ConsentState = 'granted' | 'withdrawn' | 'unknown';

async function consent(account: Account, state: ConsentState): Promise<ConsentState> {
  if (!account.token || !account.id) return state;
  if (state === 'withdrawn') {
    const a = await gql('grant', {}, account.token, 'SELF_SERVICE');
    const receipt = a.data?.grantConsent as { withdrawnAt?: string | null } | undefined;
    if (!receipt || a.codes.length > 0) return 'unknown';
    expect('GrantMarketing', account.id, account.id); // it was withdrawn: a new receipt, one CHANGE row
    return 'granted';
  }
  const a = await gql('withdraw', {}, account.token, 'SELF_SERVICE');
  const count = a.data?.withdrawConsent;
  if (typeof count !== 'number' || a.codes.length > 0) return 'unknown';
  if (count > 0) expect('WithdrawMarketing', account.id, account.id);
  return 'withdrawn';
}

async function correction(account: Account, csToken: string, pending: { id: string | null }): Promise<void> {
  if (!account.token || !account.id) return;
  if (!pending.id) {
    const n = ++uniq;
    const a = await gql('request', { v: `${n} Corrected-ro, Busan`, r: 'Moved house' }, account.token, 'SELF_SERVICE');
    const c = a.data?.requestCorrection as { id?: string } | undefined;
    if (!c?.id || a.codes.length > 0) return;
    expect('RequestAddressCorrection', account.id, account.id);
    pending.id = c.id;
  }
  const a = await gql('complete', { id: pending.id }, csToken, 'MEMBER_MANAGEMENT');
  const done = a.data?.completeCorrection as { memberId?: string; status?: string } | undefined;
  if (done?.status === 'COMPLETED' && a.codes.length === 0) {
    expect('CompleteCorrection', ids.cs, account.id);
    pending.id = null;
  } else if (a.codes.includes('NOT_FOUND')) pending.id = null; // completed after all, by a cut-off earlier try
}

// ---------------------------------------------------------------- the run

interface Shared {
  csToken: string;
  partnerToken: string;
  demo: Account[];
}

async function client(i: number, shared: Shared, end: number): Promise<void> {
  const random = prng(settings.seed * 1000 + i);
  const maxIterations = Math.ceil(settings.seconds * MAX_ITERATIONS_PER_SECOND);
  let own: Account | null = null;
  let consentState: ConsentState = 'unknown';
  const pending = { id: null as string | null };
  const pick = (): Action => {
    let r = random() * MIX.reduce((n, [, w]) => n + w, 0);
    for (const [action, w] of MIX) if ((r -= w) < 0) return action;
    return 'storefront';
  };
  for (let it = 0; it < maxIterations && Date.now() < end; it++) {
    if (!own?.token) {
      // First (or again, after a failure): a member of its own, signed up and logged in.
      own = own ?? (await signUp(random));
      if (own && !own.token) own.token = await loginToken(own.loginId, own.password);
      continue;
    }
    switch (pick()) {
      case 'storefront':
        await storefront(
          random() < 0.7 || shared.demo.length === 0 ? own : shared.demo[Math.floor(random() * shared.demo.length)]!,
        );
        break;
      case 'partner':
        await partner(shared.partnerToken);
        break;
      case 'signup':
        await signUp(random);
        break;
      case 'consent':
        consentState = await consent(own, consentState);
        break;
      case 'correction':
        await correction(own, shared.csToken, pending);
        break;
    }
  }
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function sqliteAll<T>(file: string, sql: string): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (err) => {
      if (err) return reject(err);
      db.all(sql, (e, rows) => db.close(() => (e ? reject(e) : resolve(rows as T[]))));
    });
  });
}

/** The gateways' database after (or during) the run: the SQLite file, or the PostgreSQL database. */
async function dbAll<T>(dataDir: string, sql: string): Promise<T[]> {
  if (!scratch) return sqliteAll<T>(path.join(dataDir, 'gateway.sqlite'), sql);
  const client = new pg.Client({ connectionString: scratch.url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

function auditVerify(dataDir: string, keys: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'development', ...keys };
    delete env.DB_URL;
    if (scratch) env.DB_URL = scratch.url;
    const proc = spawn('npm', ['run', '-s', 'audit:verify'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    proc.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
    proc.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
    const timer = setTimeout(() => proc.kill('SIGKILL'), 300_000);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output: output.trim() });
    });
  });
}

let gateways: GatewayChild[] = [];
let tempRoot: string | null = null;
let scratch: ScratchDatabase | null = null;

async function main(): Promise<number> {
  tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-load-'));
  const dataDir = path.join(tempRoot, 'data');
  fs.mkdirSync(dataDir);
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('LOAD_') || k.startsWith('BENCH_')) delete env[k];
  for (const k of ['DB_URL', 'PORT', 'SIGNING_KEY', 'MASTER_KEY', 'SEED_DEMO']) delete env[k];
  Object.assign(env, {
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    COST_BUDGET_PER_MINUTE: '0',
    LOG_REQUESTS: 'false',
    LOAD_MEMBERS: String(settings.members),
  });
  // Replicas: one PostgreSQL database and the same keys for all, as the README's deployment says.
  const keys: NodeJS.ProcessEnv = {};
  if (settings.replicas > 1) {
    scratch = await createScratchDatabase('gw_load');
    keys.SIGNING_KEY = JSON.stringify(await newSigningJwk(new Date()));
    keys.MASTER_KEY = newMasterKey();
    Object.assign(env, { DB_URL: scratch.url, ...keys });
  }

  log(
    `load: ${os.cpus().length} CPUs, node ${process.version}; DATA_DIR ${dataDir}` +
      (scratch ? `; ${settings.replicas} replicas on PostgreSQL ${new URL(scratch.url).pathname.slice(1)}` : ''),
  );
  const t0 = Date.now();
  // The first replica migrates and seeds; the others start on the seeded database, each with a DATA_DIR of its own.
  gateways.push(await GatewayChild.start(env));
  const more = Array.from({ length: settings.replicas - 1 }, (_, i) => {
    const own = path.join(tempRoot!, `data-${i + 2}`);
    fs.mkdirSync(own);
    return GatewayChild.start({ ...env, DATA_DIR: own, LOAD_MEMBERS: '0' });
  });
  gateways.push(...(await Promise.all(more)));
  const gateway = gateways[0]!;
  bases = gateways.map((g) => g.url);
  log(`load: gateways ready at ${bases.join(', ')} in ${Date.now() - t0} ms ${JSON.stringify(gateway.info)}`);

  // Shared principals, logged in before the clock starts.
  const csToken = await loginToken('cs-agent', DEMO_PASSWORD);
  if (!csToken) throw new Error('cs-agent could not log in');
  const shared: Shared = { csToken, partnerToken: await partnerToken(), demo: [] };
  for (const [loginId, password] of [
    ['alice', DEMO_PASSWORD],
    ['bob', DEMO_PASSWORD],
    ['minji', DEMO_PASSWORD],
    ...(gateway.info?.benchMemberLogin ? [[gateway.info.benchMemberLogin, BENCH_PASSWORD]] : []),
  ] as [string, string][]) {
    const token = await loginToken(loginId, password);
    if (!token) throw new Error(`${loginId} could not log in`);
    shared.demo.push({ loginId, password, token, id: null });
  }
  const principals = await dbAll<{ id: string; who: string }>(
    dataDir,
    "select id, 'partner' as who from api_client where client_id = 'partner-ads' union all select id, 'cs' from staff where login_id = 'cs-agent'",
  );
  for (const p of principals) ids[p.who as 'partner' | 'cs'] = p.id;
  stats.clear(); // setup requests are not part of the run
  perReplica.length = 0;
  const logRowsBefore = await countLogRows(dataDir);

  log(`load: ${settings.clients} clients for ${settings.seconds} s`);
  const cpuEach = await Promise.all(gateways.map((g) => g.cpuMicros()));
  const selfBefore = process.cpuUsage();
  const started = Date.now();
  const end = started + settings.seconds * 1000;
  const ticker = setInterval(() => {
    const n = [...stats.values()].reduce((s, x) => s + x.ms.length, 0);
    log(`load: +${Math.round((Date.now() - started) / 1000)} s, ${n} requests`);
  }, 10_000);
  const killer = settings.killOne && gateways.length > 1 ? setTimeout(killLast, (settings.seconds * 1000) / 2) : null;
  await Promise.all(
    Array.from({ length: settings.clients }, (_, i) =>
      route.run({ replica: i % gateways.length }, () => client(i, shared, end)),
    ),
  );
  clearInterval(ticker);
  if (killer) clearTimeout(killer);
  const elapsed = (Date.now() - started) / 1000;
  const alive = gateways.every((g, i) => g.alive || dead.has(i));
  // CPU of the replicas alive at the end (a killed one's is lost with it); the report says so.
  const survivors = gateways.map((_, i) => i).filter((i) => !dead.has(i));
  const cpuBefore = sumOrNull(survivors.map((i) => cpuEach[i] ?? null));
  const cpuAfter = sumOrNull(await Promise.all(survivors.map((i) => gateways[i]!.cpuMicros())));
  const self = process.cpuUsage(selfBefore);
  const logRows = (await countLogRows(dataDir)) - logRowsBefore;
  const bytesPerRow = await logBytesPerRow(dataDir);

  log('load: stopping the gateway children');
  await Promise.all(gateways.map((g) => g.stop()));

  // ------------------------------------------------------------ after the run: the log against the answers
  const rows = await dbAll<{
    op: string | null;
    accessor_id: string;
    accessor_kind: string;
    member_id: string | null;
    n: number;
  }>(
    dataDir,
    `select operation_name as op, accessor_id, accessor_kind, member_id, count(*) as n from access_log
     where ${scratch ? 'jsonb_array_length' : 'json_array_length'}(fields) > 0
     group by operation_name, accessor_id, accessor_kind, member_id`,
  );
  const logged = new Map<string, number>();
  for (const r of rows) {
    const accessor = r.accessor_kind === 'ANONYMOUS' ? 'anonymous' : r.accessor_id;
    const key = `${r.op}\t${accessor}\t${r.member_id}`;
    logged.set(key, (logged.get(key) ?? 0) + Number(r.n));
  }
  const provisions = await dbAll<{ member_id: string; n: number }>(
    dataDir,
    `select member_id, count(*) as n from provision where recipient_id = '${ids.partner}' group by member_id`,
  );
  const [integrity] = scratch
    ? [{ integrity_check: 'n/a (PostgreSQL)' }]
    : await dbAll<{ integrity_check: string }>(dataDir, 'PRAGMA integrity_check');
  const verify = await auditVerify(dataDir, keys);

  // ------------------------------------------------------------ report
  const out: string[] = [];
  const all = [...stats.entries()];
  const total = all.reduce((n, [, s]) => n + s.ms.length, 0);
  const statusCount = (pred: (status: string) => boolean) =>
    all.reduce((n, [, s]) => n + [...s.statuses].filter(([k]) => pred(k)).reduce((m, [, c]) => m + c, 0), 0);
  const fivexx = statusCount((k) => /^5\d\d$/.test(k));
  const noAnswer = statusCount((k) => k === 'no answer');
  const ms = (x: number) => (Number.isNaN(x) ? '–' : x < 10 ? x.toFixed(1) : x.toFixed(0));

  out.push(
    `## Load: ${settings.clients} clients × ${elapsed.toFixed(1)} s against ${gateways.length === 1 ? 'one gateway child' : `${gateways.length} gateway replicas`} (${os.cpus().length} CPUs, node ${process.version}, ` +
      `${scratch ? 'PostgreSQL' : 'SQLite'}, development demo data + ${gateway.info?.benchMembers ?? 0} bench members, clients in the parent process)`,
    '',
    `requests: ${total} (${(total / elapsed).toFixed(0)}/s); HTTP status 5xx: ${fivexx}; no answer: ${noAnswer}; gateway alive at the end: ${alive}; ` +
      `error lines in the gateway log: ${gateways.reduce((n, g) => n + g.errorLines, 0)}`,
    ...(gateways.length > 1
      ? [
          `requests per replica: ${gateways.map((_, i) => `#${i + 1} ${perReplica[i] ?? 0}${dead.has(i) ? ' (killed -9 halfway)' : ''}`).join(', ')}`,
        ]
      : []),
    `access log: ${logRows} rows written (${(logRows / elapsed).toFixed(0)} rows/s), ${bytesPerRow === null ? 'bytes per row unknown' : `${bytesPerRow.toFixed(0)} bytes per row (with its member-index row, tables and indexes)`}`,
    '',
    `CPU over the run: ${dead.size > 0 ? 'surviving gateway children' : gateways.length > 1 ? 'gateway children' : 'gateway child'} ${
      cpuBefore !== null && cpuAfter !== null
        ? `${((cpuAfter - cpuBefore) / 1e6).toFixed(1)} s ` +
          `(${((cpuAfter - cpuBefore) / 1e3 / Math.max(1, total)).toFixed(2)} ms per request, ${((cpuAfter - cpuBefore) / 1e4 / elapsed).toFixed(0)} % of one CPU)`
        : 'unknown'
    }; ` + `load clients ${((self.user + self.system) / 1e6).toFixed(1)} s`,
    '',
    '| operation | requests | p50 ms | p99 ms | max ms | HTTP statuses | codes in `errors` |',
    '|---|---:|---:|---:|---:|---|---|',
  );
  const allMs: number[] = [];
  for (const [op, s] of all.sort((a, b) => b[1].ms.length - a[1].ms.length)) {
    const sorted = [...s.ms].sort((a, b) => a - b);
    allMs.push(...sorted);
    const statuses = [...s.statuses].map(([k, c]) => `${k}: ${c}`).join(', ');
    const codes =
      [...s.codes]
        .sort((a, b) => b[1] - a[1])
        .map(([k, c]) => `${k}: ${c}`)
        .join(', ') || '–';
    out.push(
      `| ${op} | ${s.ms.length} | ${ms(percentile(sorted, 50))} | ${ms(percentile(sorted, 99))} | ${ms(sorted.at(-1) ?? NaN)} | ${statuses} | ${codes} |`,
    );
  }
  allMs.sort((a, b) => a - b);
  out.push(
    `| **all** | ${allMs.length} | ${ms(percentile(allMs, 50))} | ${ms(percentile(allMs, 99))} | ${ms(allMs.at(-1) ?? NaN)} | | |`,
  );

  const byCode = new Map<string, number>();
  for (const [, s] of all) for (const [c, n] of s.codes) byCode.set(c, (byCode.get(c) ?? 0) + n);
  const list = (pred: (c: string) => boolean) =>
    [...byCode]
      .filter(([c]) => pred(c))
      .sort((a, b) => b[1] - a[1])
      .map(([c, n]) => `${c} ${n}`)
      .join(', ') || 'none';
  out.push(
    '',
    `errors by code: ${list((c) => !POLICY_DENIALS.has(c))}`,
    `field denials by policy (one per denied field, expected: e.g. partner-ads lists members who consented to provision but withdrew MARKETING): ${list((c) => POLICY_DENIALS.has(c))}`,
  );
  if (leaks.length > 0)
    out.push('', `answers showing internals (first ${leaks.length}):`, ...leaks.map((l) => `  ${l}`));

  // Per operation: answers that must have left a row, the rows, and the difference per (accessor, member).
  const labels: Record<string, string> = {
    StorefrontMe: 'storefront `me` (SELF_SERVICE VIEW; per member)',
    PartnerList: 'partner-ads `members(first: 50)` (MARKETING PROVIDE; per member)',
    SignUp: 'signUp (INPUT; per new member)',
    GrantMarketing: 'grantConsent MARKETING (CHANGE; per member)',
    WithdrawMarketing: 'withdrawConsent MARKETING (CHANGE; per member)',
    RequestAddressCorrection: 'requestCorrection address (INPUT; per member)',
    CompleteCorrection: 'cs-agent completeCorrection (CHANGE; per member)',
  };
  out.push(
    '',
    '| access log: answers with personal data / confirmed changes | answers | rows | missing rows | extra rows | (accessor, member) pairs |',
    '|---|---:|---:|---:|---:|---:|',
  );
  let missingTotal = 0;
  for (const op of Object.keys(labels)) {
    const keys = new Set([...expected.keys(), ...logged.keys()].filter((k) => k.startsWith(`${op}\t`)));
    let answers = 0,
      rowsN = 0,
      missing = 0,
      extra = 0;
    for (const k of keys) {
      const e = expected.get(k) ?? 0,
        l = logged.get(k) ?? 0;
      answers += e;
      rowsN += l;
      missing += Math.max(0, e - l);
      extra += Math.max(0, l - e);
    }
    missingTotal += missing;
    out.push(`| ${labels[op]} | ${answers} | ${rowsN} | ${missing} | ${extra} | ${keys.size} |`);
  }
  const partnerAnswers = new Map<string, number>();
  for (const [k, n] of expected) {
    const [op, , member] = k.split('\t');
    if (op === 'PartnerList') partnerAnswers.set(member!, n);
  }
  const provisionMissing = [...partnerAnswers].reduce(
    (m, [member, n]) => m + Math.max(0, n - Number(provisions.find((p) => p.member_id === member)?.n ?? 0)),
    0,
  );
  out.push(
    '',
    `provision ledger (partner-ads): ${provisions.reduce((n, p) => n + Number(p.n), 0)} entries for ${[...partnerAnswers.values()].reduce((a, b) => a + b, 0)} ` +
      `member values received; missing ${provisionMissing}`,
    `missing access-log rows in all: ${missingTotal}`,
    `PRAGMA integrity_check: ${integrity?.integrity_check}`,
    `audit:verify (after the child stopped): exit ${verify.code}: ${verify.output}`,
  );
  const ok = fivexx === 0 && missingTotal === 0 && verify.code === 0 && alive && leaks.length === 0;
  out.push(
    '',
    ok ? 'RESULT: target met (0 answers with status 5xx, 0 missing log rows, chain intact)' : 'RESULT: target NOT met',
  );
  if (gateways.some((g) => g.errorLines > 0)) {
    const lines = gateways.flatMap((g) => g.output.split('\n')).filter((l) => l.includes('"level":"error"'));
    const kinds = new Map<string, number>();
    for (const l of lines) {
      const msg = /"msg":"([^"]*)"/.exec(l)?.[1];
      const error = /"error":"([^"]*)"/.exec(l)?.[1];
      const k = msg ? `${msg}: ${error ?? ''}` : l.slice(0, 200);
      kinds.set(k, (kinds.get(k) ?? 0) + 1);
    }
    out.push(
      '',
      'gateway error log lines (of the last 200 kB of output), by message:',
      ...[...kinds].map(([k, n]) => `  ${n} × ${k}`),
    );
  }
  process.stdout.write(`\n${out.join('\n')}\n`);
  return ok ? 0 : 1;
}

async function cleanup(): Promise<void> {
  await Promise.all(gateways.map((g) => g.stop().catch(() => undefined)));
  if (scratch && !settings.keep) await scratch.drop().catch(() => undefined);
  else if (scratch) log(`load: kept database ${scratch.url}`);
  scratch = null;
  if (tempRoot && !settings.keep) fs.rmSync(tempRoot, { recursive: true, force: true });
  else if (tempRoot) log(`load: kept ${tempRoot}`);
  tempRoot = null;
}

/** CPU of several children together, µs; null if one did not answer. */
const sumOrNull = (each: readonly (number | null)[]): number | null =>
  each.some((c) => c === null) ? null : each.reduce<number>((a, b) => a + b!, 0);

function killLast(): void {
  const i = gateways.length - 1;
  dead.add(i);
  gateways[i]!.proc.kill('SIGKILL');
  log(`load: killed replica #${i + 1} with SIGKILL; its clients move to the others`);
}

async function countLogRows(dataDir: string): Promise<number> {
  const [row] = await dbAll<{ n: number | string }>(dataDir, 'select count(*) as n from access_log');
  return Number(row?.n ?? 0);
}

/**
 * What a log row takes on disk with its member-index row, indexes included; null where the engine does not say
 * (SQLite without dbstat).
 */
async function logBytesPerRow(dataDir: string): Promise<number | null> {
  const rows = await countLogRows(dataDir);
  if (rows === 0) return null;
  const sql = scratch
    ? PG_LOG_BYTES
    : `select sum(pgsize) as bytes from dbstat where name in
       (select name from sqlite_master where tbl_name in ('access_log', 'access_log_member'))`;
  try {
    const [row] = await dbAll<{ bytes: number | string | null }>(dataDir, sql);
    return row?.bytes == null ? null : Number(row.bytes) / rows;
  } catch {
    return null;
  }
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    log(`load: ${signal}, cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}

main()
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err: unknown) => {
    if (!interrupted) {
      log(`load FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      for (const g of gateways) log(`--- gateway output (tail):\n${g.output.slice(-3000)}`);
      process.exitCode = 1;
    }
  })
  .finally(async () => {
    await cleanup();
    setTimeout(() => process.exit(), 200).unref();
  });
