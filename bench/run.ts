/**
 * `npm run bench`: throughput, p99 latency and server CPU per request of the scenarios in bench/scenarios.ts, in
 * one run, with the ratios between them. Each server runs in its own child process (so the load generator's CPU is
 * not the server's), production mode, on 127.0.0.1 and a free port, on a fresh temp DATA_DIR. Timings are reported,
 * never asserted: the machine is shared and noisy; read the ratios, and the per-round spread beside them.
 *
 * Env: BENCH_ROUNDS (5), BENCH_SECONDS (5) per timed round, BENCH_WARMUP_SECONDS (= BENCH_SECONDS),
 * BENCH_CONNECTIONS (10), BENCH_MEMBERS (1000), BENCH_SCENARIOS (e.g. "a,b"; all by default),
 * BENCH_CPU_PROF=1 (after timing, one extra profiled round per gateway scenario: top self time printed, the
 * .cpuprofile kept in bench/profiles/).
 */
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fork, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { exportJWK, generateKeyPair } from 'jose';
import type { FromChild, ToChild } from './child';
import { BENCH_PASSWORD } from './constants';
import {
  membersAsAgent,
  ratios,
  scenarios,
  servers,
  type GraphQLRequest,
  type Scenario,
  type ServerSpec,
} from './scenarios';
import { summarizeProfile } from './profile';
import { measureLogWrite, type LogWriteCost } from './log-write';
import { PgCpu } from './pg-cpu';
import { PEER_SCHEMA, seedPeer } from './peer-db';
import { createScratchDatabase, PG_ADMIN_URL, type ScratchDatabase } from '../src/db/scratch-postgres';

// ---------------------------------------------------------------- settings

function envNumber(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number ≥ ${min}, got "${raw}"`);
  return value;
}

const seconds = envNumber('BENCH_SECONDS', 5, 1);
const settings = {
  rounds: Math.floor(envNumber('BENCH_ROUNDS', 5, 1)),
  seconds,
  warmupSeconds: envNumber('BENCH_WARMUP_SECONDS', seconds, 1),
  connections: Math.floor(envNumber('BENCH_CONNECTIONS', 10, 1)),
  members: Math.floor(envNumber('BENCH_MEMBERS', 1000, 50)),
  only: (process.env.BENCH_SCENARIOS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
  profile: process.env.BENCH_CPU_PROF === '1',
};

const ROOT = path.resolve(__dirname, '..');
const log = (line: string): void => void process.stderr.write(`${line}\n`);

// ---------------------------------------------------------------- server children

const STARTUP_TIMEOUT_MS = 300_000;
const REPLY_TIMEOUT_MS = 30_000;
/** Requests the log's write alone is timed over (after a fifth as many to warm up). */
const LOG_WRITE_REQUESTS = 2000;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** One server in its own process, spoken to over the fork IPC channel. */
class ServerChild {
  url = '';
  info: unknown;
  /** The PostgreSQL database the server reads, whose backends' CPU counts as the server's database CPU. */
  database: string | null = null;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (m: FromChild & { type: 'reply' }) => void; reject: (e: Error) => void }
  >();
  private exited: string | null = null;
  private readonly exit: Promise<void>;

  private constructor(
    readonly name: string,
    readonly proc: ChildProcess,
  ) {
    this.exit = new Promise((resolve) => {
      proc.once('exit', (code, signal) => {
        this.exited = `server ${name} exited (${signal ?? `code ${code}`})`;
        for (const p of this.pending.values()) p.reject(new Error(this.exited));
        this.pending.clear();
        resolve();
      });
    });
    proc.on('message', (msg: FromChild) => {
      if (msg.type !== 'reply') return;
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (msg.error) p?.reject(new Error(`server ${name}: ${msg.error}`));
      else p?.resolve(msg);
    });
  }

  static async start(name: string, script: string, env: NodeJS.ProcessEnv): Promise<ServerChild> {
    const proc = fork(path.join(__dirname, script), [], {
      cwd: ROOT,
      // The peer is plain JavaScript with its own node_modules (graphql 15): no ts-node, nothing of ours loaded.
      execArgv: script.endsWith('.js') ? [] : ['-r', 'ts-node/register/transpile-only'],
      env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const child = new ServerChild(name, proc);
    live.add(child);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`server ${name} not ready after ${STARTUP_TIMEOUT_MS / 1000}s`)),
        STARTUP_TIMEOUT_MS,
      );
      proc.on('message', (msg: FromChild) => {
        if (msg.type === 'ready') {
          clearTimeout(timer);
          child.url = msg.url;
          child.info = msg.info;
          resolve();
        } else if (msg.type === 'failed') {
          clearTimeout(timer);
          reject(new Error(`server ${name} failed to start:\n${msg.message}`));
        }
      });
      proc.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`server ${name} exited during startup (${signal ?? `code ${code}`})`));
      });
    });
    return child;
  }

  request(msg: DistributiveOmit<Exclude<ToChild, { type: 'stop' }>, 'id'>): Promise<FromChild & { type: 'reply' }> {
    if (this.exited) return Promise.reject(new Error(this.exited));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`server ${this.name}: no reply to ${msg.type}`));
      }, REPLY_TIMEOUT_MS);
      this.pending.set(id, {
        resolve: (m) => (clearTimeout(timer), resolve(m)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.proc.send({ ...msg, id } as ToChild);
    });
  }

  /** process.cpuUsage() of the child, user + system, µs. */
  async cpuMicros(): Promise<number> {
    const { user = 0, system = 0 } = await this.request({ type: 'cpu' });
    return user + system;
  }

  assertAlive(): void {
    if (this.exited) throw new Error(this.exited);
  }

  async stop(): Promise<void> {
    live.delete(this);
    if (this.exited) return;
    if (this.proc.connected) this.proc.send({ type: 'stop' } satisfies ToChild);
    else this.proc.kill('SIGTERM');
    const killer = setTimeout(() => this.proc.kill('SIGKILL'), 10_000);
    await this.exit;
    clearTimeout(killer);
  }
}

const live = new Set<ServerChild>();
let tempRoot: string | null = null;
const scratchDatabases: ScratchDatabase[] = [];
let pgCpu: PgCpu | null = null;

async function cleanup(): Promise<void> {
  await Promise.allSettled([...live].map((c) => c.stop()));
  await Promise.allSettled(scratchDatabases.splice(0).map((db) => db.drop()));
  await pgCpu?.close().catch(() => undefined);
  pgCpu = null;
  if (tempRoot) fs.rmSync(tempRoot, { recursive: true, force: true });
  tempRoot = null;
}

const databaseName = (url: string): string => new URL(url).pathname.slice(1);

/** Whether a server needs PostgreSQL (a gateway on it, or the peer). */
const onPostgres = (spec: ServerSpec): boolean =>
  spec.kind === 'peer' || (spec.kind === 'gateway' && !!spec.postgresql);

const PEER_DIR = path.join(__dirname, 'peer');

/** The peer's own install (graphql 15 and all), made from its lockfile the first time the bench needs it. */
function ensurePeerInstalled(): void {
  if (fs.existsSync(path.join(PEER_DIR, 'node_modules', 'postgraphile', 'package.json'))) return;
  log('bench: installing the peer (npm ci --prefix bench/peer)');
  const res = spawnSync('npm', ['ci', '--prefix', PEER_DIR, '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (res.status !== 0) throw new Error(`npm ci --prefix bench/peer failed (exit ${res.status})`);
}

// ---------------------------------------------------------------- requests

interface HttpRequest {
  readonly method: 'POST';
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

interface Prepared {
  readonly scenario: Scenario;
  readonly server: ServerChild;
  readonly request: HttpRequest;
  /** The body every response must equal (deterministic data): checked in the sanity check and the warm-up. */
  readonly expectedBody: string;
  readonly contentType: string;
}

async function post(url: string, req: HttpRequest): Promise<{ status: number; contentType: string; text: string }> {
  const res = await fetch(`${url}${req.path}`, { method: req.method, headers: req.headers, body: req.body });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
}

const graphqlRequest = (gql: GraphQLRequest, token: string | null): HttpRequest => ({
  method: 'POST',
  path: '/graphql',
  headers: {
    'content-type': 'application/json',
    ...(token === null ? {} : { authorization: `Bearer ${token}` }),
    ...(gql.purpose === undefined ? {} : { 'x-purpose': gql.purpose }),
  },
  body: JSON.stringify({ query: gql.query, variables: gql.variables ?? {} }),
});

async function login(server: ServerChild, loginId: string): Promise<string> {
  const res = await post(server.url, {
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query:
        'mutation BenchLogin($loginId: String!, $password: String!) { login(loginId: $loginId, password: $password) { accessToken } }',
      variables: { loginId, password: BENCH_PASSWORD },
    }),
  });
  const token = (JSON.parse(res.text) as { data?: { login?: { accessToken?: string } } }).data?.login?.accessToken;
  if (res.status !== 200 || !token)
    throw new Error(`login ${loginId} on ${server.name} failed (HTTP ${res.status}): ${res.text}`);
  return token;
}

/** HTTP 200, JSON, no `errors`, `data` passing the scenario's check, and the same bytes on every call. */
async function sanityCheck(
  scenario: Scenario,
  server: ServerChild,
  request: HttpRequest,
): Promise<{ body: string; contentType: string }> {
  const what = `sanity check (${scenario.key}) ${scenario.label}`;
  let first: { body: string; contentType: string } | null = null;
  for (let i = 0; i < 3; i++) {
    const res = await post(server.url, request);
    if (res.status !== 200) throw new Error(`${what}: HTTP ${res.status}: ${res.text.slice(0, 2000)}`);
    let json: { data?: unknown; errors?: unknown[] };
    try {
      json = JSON.parse(res.text) as typeof json;
    } catch {
      throw new Error(`${what}: not JSON: ${res.text.slice(0, 500)}`);
    }
    if (json.errors !== undefined)
      throw new Error(`${what}: errors in the response: ${JSON.stringify(json.errors).slice(0, 2000)}`);
    if (json.data === undefined || json.data === null) throw new Error(`${what}: no data: ${res.text.slice(0, 500)}`);
    try {
      scenario.check?.(json.data);
    } catch (err) {
      throw new Error(`${what}: ${(err as Error).message}`);
    }
    if (first && first.body !== res.text) throw new Error(`${what}: two identical requests answered different bodies`);
    first ??= { body: res.text, contentType: res.contentType };
  }
  return first!;
}

// ---------------------------------------------------------------- rounds

interface RoundResult {
  readonly rps: number;
  readonly p99: number;
  /** The server process's CPU per response. */
  readonly cpuMsPerReq: number;
  /** Its PostgreSQL backends' CPU per response (0 on SQLite, which runs inside the server process). */
  readonly dbMsPerReq: number;
  readonly requests: number;
}

/** What the ratios compare: everything the server made the machine do per response, process and database. */
const totalCpu = (r: { cpuMsPerReq: number; dbMsPerReq: number }): number => r.cpuMsPerReq + r.dbMsPerReq;

/** Wraps exactly the load window of a round (the profiled round uses it to start and stop the profiler). */
interface Around {
  before(): Promise<unknown>;
  after(): Promise<unknown>;
}

async function round(p: Prepared, duration: number, checkBodies: boolean, around?: Around): Promise<RoundResult> {
  p.server.assertAlive();
  await around?.before();
  const database = p.server.database;
  const dbBefore = database && pgCpu ? await pgCpu.snapshot(database) : null;
  const before = await p.server.cpuMicros();
  const result = await autocannon({
    url: `${p.server.url}${p.request.path}`,
    method: p.request.method,
    headers: p.request.headers,
    body: p.request.body,
    connections: settings.connections,
    duration,
    ...(checkBodies ? { expectBody: p.expectedBody } : {}),
  });
  const after = await p.server.cpuMicros();
  const dbMicros = database && pgCpu && dbBefore ? await pgCpu.since(database, dbBefore) : 0;
  await around?.after();
  await settle(p.server);
  const requests = result.requests.total;
  const problems = [
    result.non2xx > 0 && `${result.non2xx} non-2xx (${JSON.stringify(result.statusCodeStats)})`,
    result.errors > 0 && `${result.errors} errors`,
    result.timeouts > 0 && `${result.timeouts} timeouts`,
    checkBodies && result.mismatches > 0 && `${result.mismatches} bodies differing from the sanity-checked one`,
    requests === 0 && 'no request completed',
  ].filter(Boolean);
  if (problems.length > 0) throw new Error(`(${p.scenario.key}) ${p.scenario.label}: ${problems.join(', ')}`);
  return {
    rps: requests / result.duration,
    p99: result.latency.p99,
    cpuMsPerReq: (after - before) / 1000 / requests,
    dbMsPerReq: dbMicros / 1000 / requests,
    requests,
  };
}

/**
 * Waits until the server is idle (under 2 % of a core over 100 ms, 3 s at most): the requests autocannon left in
 * flight at the end of a round finish before the next round measures anything, and before a server is stopped.
 */
async function settle(server: ServerChild): Promise<void> {
  const t0 = Date.now();
  let last = await server.cpuMicros();
  while (Date.now() - t0 < 3000) {
    await new Promise((r) => setTimeout(r, 100));
    const now = await server.cpuMicros();
    if (now - last < 2000) return;
    last = now;
  }
  log(`bench: server ${server.name} still busy 3 s after the round; going on`);
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const byKey = new Map(scenarios.map((s) => [s.key, s]));
  const unknown = settings.only.filter((k) => !byKey.has(k));
  if (unknown.length > 0)
    throw new Error(
      `BENCH_SCENARIOS names unknown scenarios: ${unknown.join(', ')} (known: ${[...byKey.keys()].join(', ')})`,
    );
  let selected = scenarios.filter((s) => settings.only.length === 0 || settings.only.includes(s.key));
  if (selected.some((s) => onPostgres(servers[s.server]!))) {
    pgCpu = await PgCpu.open();
    if (!pgCpu) {
      const skipped = selected.filter((s) => onPostgres(servers[s.server]!));
      log(
        `bench: no PostgreSQL reachable at ${new URL(PG_ADMIN_URL).host} (PG_ADMIN_URL): skipping ${skipped.map((s) => `(${s.key})`).join(', ')}`,
      );
      selected = selected.filter((s) => !skipped.includes(s));
    }
  }

  // Scenarios to prepare: the selected ones, plus those a static server copies or a body is compared with.
  const needed = new Set<string>();
  const need = (key: string): void => {
    const s = byKey.get(key);
    if (!s) throw new Error(`scenario ${key} is referenced but not defined`);
    if (needed.has(key)) return;
    needed.add(key);
    const spec = servers[s.server];
    if (!spec) throw new Error(`scenario ${key} names unknown server ${s.server}`);
    if (spec.kind === 'static') need(spec.bodyOf);
    if (spec.kind !== 'static' && !s.request) throw new Error(`scenario ${key} runs on a server but has no request`);
  };
  selected.forEach((s) => need(s.key));
  const prepOrder = scenarios.filter((s) => needed.has(s.key));
  const serverNames = [...new Set(prepOrder.map((s) => s.server))];

  tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-bench-'));
  const { privateKey } = await generateKeyPair('EdDSA', { extractable: true });
  const keysEnv = {
    SIGNING_KEY: JSON.stringify({ ...(await exportJWK(privateKey)), kid: 'bench-1' }),
    MASTER_KEY: randomBytes(32).toString('base64'),
  };
  const baseEnv = (): NodeJS.ProcessEnv => {
    // The per-minute cost budget would cut a load test short: this measures throughput, not abuse.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'production',
      COST_BUDGET_PER_MINUTE: '0',
      LOG_REQUESTS: 'false',
    };
    for (const k of Object.keys(env)) if (k.startsWith('BENCH_') || k === 'DB_URL' || k === 'PORT') delete env[k];
    return env;
  };

  log(`bench: ${os.cpus().length} CPUs, node ${process.version}; temp dir ${tempRoot}`);
  const started = new Map<string, ServerChild>();
  const startServer = async (name: string, spec: ServerSpec, extra: NodeJS.ProcessEnv): Promise<void> => {
    const t0 = Date.now();
    const script = { gateway: 'gateway-server.ts', static: 'static-server.ts', peer: 'peer/server.js' }[spec.kind];
    const child = await ServerChild.start(name, script, { ...baseEnv(), ...extra });
    const dbUrl = extra.DB_URL ?? extra.BENCH_PEER_DB_URL;
    child.database = dbUrl ? databaseName(dbUrl) : null;
    started.set(name, child);
    log(
      `bench: server ${name} (${spec.description}) ready at ${child.url} in ${Date.now() - t0} ms ${JSON.stringify(child.info)}`,
    );
  };

  /** A scratch PostgreSQL database of the bench's own, dropped at the end. */
  const scratch = async (): Promise<string> => {
    const db = await createScratchDatabase('gw_bench');
    scratchDatabases.push(db);
    return db.url;
  };

  // Gateways and the peer first (in parallel): each on its own fresh DATA_DIR or scratch database, seeded with the
  // same deterministic rows.
  await Promise.all(
    serverNames.map(async (name) => {
      const spec = servers[name]!;
      if (spec.kind === 'peer') {
        ensurePeerInstalled();
        const url = await scratch();
        await seedPeer(url, settings.members);
        return startServer(name, spec, { BENCH_PEER_DB_URL: url, BENCH_PEER_SCHEMA: PEER_SCHEMA });
      }
      if (spec.kind !== 'gateway') return;
      const dataDir = path.join(tempRoot!, name);
      fs.mkdirSync(dataDir);
      return startServer(name, spec, {
        ...keysEnv,
        ...spec.env,
        DATA_DIR: dataDir,
        ...(spec.postgresql ? { DB_URL: await scratch() } : {}),
        BENCH_MEMBERS: String(settings.members),
        BENCH_GATEWAY_OPTIONS: JSON.stringify(spec.options ?? {}),
      });
    }),
  );

  // Sanity check (fails loudly): every gateway and peer scenario answers 200, no errors, the data it should.
  const prepared = new Map<string, Prepared>();
  const tokens = new Map<string, string>();
  for (const s of prepOrder) {
    const spec = servers[s.server]!;
    if (spec.kind === 'static') continue;
    const server = started.get(s.server)!;
    const who = s.request!.login;
    const tokenKey = `${s.server}\0${who}`;
    if (who !== undefined && !tokens.has(tokenKey)) tokens.set(tokenKey, await login(server, who));
    const request = graphqlRequest(s.request!, who === undefined ? null : tokens.get(tokenKey)!);
    const { body, contentType } = await sanityCheck(s, server, request);
    prepared.set(s.key, { scenario: s, server, request, expectedBody: body, contentType });
    log(`bench: sanity (${s.key}) ok: HTTP 200, no errors, ${body.length} bytes`);
  }

  // Static servers answer the captured bytes of the scenario they copy, to the same request.
  for (const name of serverNames) {
    const spec = servers[name]!;
    if (spec.kind !== 'static') continue;
    const source = prepared.get(spec.bodyOf)!;
    const bodyFile = path.join(tempRoot, `${name}.body`);
    fs.writeFileSync(bodyFile, source.expectedBody);
    await startServer(name, spec, { BENCH_BODY_FILE: bodyFile, BENCH_CONTENT_TYPE: source.contentType });
  }
  for (const s of prepOrder) {
    if (servers[s.server]!.kind !== 'static') continue;
    const source = prepared.get((servers[s.server] as { bodyOf: string }).bodyOf)!;
    const server = started.get(s.server)!;
    const res = await post(server.url, source.request);
    if (res.status !== 200 || res.text !== source.expectedBody)
      throw new Error(`sanity check (${s.key}): the static server does not answer the captured body`);
    prepared.set(s.key, { ...source, scenario: s, server });
    log(`bench: sanity (${s.key}) ok: HTTP 200, ${res.text.length} bytes`);
  }
  for (const s of prepOrder) {
    if (!s.sameBodyAs || !prepared.has(s.sameBodyAs)) continue;
    if (prepared.get(s.key)!.expectedBody !== prepared.get(s.sameBodyAs)!.expectedBody) {
      throw new Error(
        `sanity check (${s.key}): body differs from (${s.sameBodyAs})'s; the comparison would not be like for like`,
      );
    }
  }

  const timed = selected.map((s) => prepared.get(s.key)!);

  // Warm-up (not counted): JIT, caches, connection pools; every response must be 200 and byte-identical to the
  // sanity-checked body (so no `errors`, no denied field).
  for (const p of timed) {
    const r = await round(p, settings.warmupSeconds, true);
    log(
      `bench: warm-up (${p.scenario.key}): ${r.requests} responses, all 200 and as checked; ${r.rps.toFixed(0)} req/s`,
    );
  }

  // Timed rounds, interleaved (a, b, c, d, a, b, …) so drift on the machine spreads over every scenario.
  const results = new Map<string, RoundResult[]>(timed.map((p) => [p.scenario.key, []]));
  for (let r = 1; r <= settings.rounds; r++) {
    for (const p of timed) {
      const res = await round(p, settings.seconds, false);
      results.get(p.scenario.key)!.push(res);
      log(
        `bench: round ${r}/${settings.rounds} (${p.scenario.key}): ${res.rps.toFixed(0)} req/s, p99 ${res.p99} ms, ${res.cpuMsPerReq.toFixed(3)} CPU ms/req (${res.requests} requests)`,
      );
    }
  }

  // The log's write alone, after timing and before profiling, so that nothing else runs meanwhile: one request at a
  // time, and as many at once as (a) has connections (group commit then joins whoever waits).
  let logWrite: { single: LogWriteCost; together: LogWriteCost } | null = null;
  if (results.has('a') && results.has('e')) {
    const rows = Number(membersAsAgent.variables!.first);
    const measure = (concurrency: number) =>
      measureLogWrite(fs.mkdtempSync(path.join(tempRoot!, 'log-write-')), LOG_WRITE_REQUESTS, rows, concurrency);
    logWrite = { single: await measure(1), together: await measure(settings.connections) };
    log(
      `bench: access log write alone: ${logWrite.single.cpuMsPerReq.toFixed(3)} CPU ms per ${rows}-row request one at a time, ` +
        `${logWrite.together.cpuMsPerReq.toFixed(3)} with ${settings.connections} at once`,
    );
  }

  // Optional: one extra, profiled round per gateway scenario (after timing, so the profiler skews nothing reported).
  const profiles: string[] = [];
  if (settings.profile) {
    const dir = path.join(__dirname, 'profiles');
    fs.mkdirSync(dir, { recursive: true });
    for (const p of timed) {
      if (servers[p.scenario.server]!.kind !== 'gateway') continue;
      const file = path.join(dir, `${p.scenario.key}-${p.scenario.server}.cpuprofile`);
      const res = await round(p, settings.seconds, false, {
        before: () => p.server.request({ type: 'profile-start' }),
        after: () => p.server.request({ type: 'profile-stop', file }),
      });
      const summary = summarizeProfile(
        JSON.parse(fs.readFileSync(file, 'utf8')) as Parameters<typeof summarizeProfile>[0],
      );
      const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
      profiles.push(
        [
          `### CPU profile (${p.scenario.key}) ${p.scenario.label}: ` +
            `${res.requests} requests; main thread busy ${summary.busyMs.toFixed(0)} ms, ` +
            `idle ${summary.idleMs.toFixed(0)} ms (${path.relative(ROOT, file)}; SQLite itself runs off the main thread, in libuv's pool)`,
          '',
          '| self time, by package / folder | ms | share |',
          '|---|---:|---:|',
          ...summary.groups.map((g) => `| ${g.name} | ${g.ms.toFixed(0)} | ${pct(g.share)} |`),
          '',
          '| self time, by function | ms | share |',
          '|---|---:|---:|',
          ...summary.functions.map((f) => `| \`${f.name}\` | ${f.ms.toFixed(0)} | ${pct(f.share)} |`),
        ].join('\n'),
      );
    }
  }

  // ------------------------------------------------------------ report
  const med = new Map(
    [...results].map(([key, rs]) => [
      key,
      {
        rps: median(rs.map((r) => r.rps)),
        p99: median(rs.map((r) => r.p99)),
        node: median(rs.map((r) => r.cpuMsPerReq)),
        db: median(rs.map((r) => r.dbMsPerReq)),
        cpu: median(rs.map(totalCpu)),
      },
    ]),
  );
  const fmt = (x: number, digits: number) => x.toFixed(digits);
  /** About three significant digits, without exponent notation (ratios run from 0.00x to 100s). */
  const sig = (x: number) =>
    x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toPrecision(2);
  const range = (xs: number[]) => (xs.length > 1 ? `${sig(Math.min(...xs))}–${sig(Math.max(...xs))}` : '–');
  const out: string[] = [];
  out.push(
    `## Gateway bench: ${settings.rounds} interleaved round(s) × ${settings.seconds} s per scenario, ${settings.connections} connections, ` +
      `${settings.members} members; medians (${os.cpus().length} CPUs, node ${process.version}, autocannon in the parent process)`,
    '',
    '| scenario | req/s | p99 ms | server CPU ms/req | PostgreSQL CPU ms/req | total CPU ms/req |',
    '|---|---:|---:|---:|---:|---:|',
  );
  for (const p of timed) {
    const m = med.get(p.scenario.key)!;
    const db = p.server.database ? sig(m.db) : '–';
    out.push(
      `| (${p.scenario.key}) ${p.scenario.label} | ${fmt(m.rps, 0)} | ${m.p99 < 1 ? '< 1' : fmt(m.p99, 0)} | ${sig(m.node)} | ${db} | ${sig(m.cpu)} |`,
    );
  }
  const shown = ratios.filter((r) => med.has(r.num) && med.has(r.den));
  if (shown.length > 0) {
    out.push(
      '',
      '| ratio | throughput (req/s num / den) | per-round range | total CPU/req (num / den) | per-round range |',
      '|---|---:|---:|---:|---:|',
    );
    for (const r of shown) {
      const n = med.get(r.num)!,
        d = med.get(r.den)!;
      const rn = results.get(r.num)!,
        rd = results.get(r.den)!;
      const perRound = (f: (x: RoundResult) => number) => rn.map((x, i) => f(x) / f(rd[i]!));
      out.push(
        `| ${r.num}/${r.den} (${r.meaning}) | ${sig(n.rps / d.rps)} | ${range(perRound((x) => x.rps))} | ` +
          `${sig(n.cpu / d.cpu)} | ${range(perRound(totalCpu))} |`,
      );
    }
  }
  out.push(
    '',
    'Server CPU = process.cpuUsage() of the server child (user + system, all threads, SQLite included) over the round ÷ ' +
      "responses; PostgreSQL CPU = utime + stime (/proc) of the backends connected to that server's database, over the " +
      'same round ÷ responses; total = both. Ratios are of total CPU medians; the per-round range is the ratio within ' +
      'each round. Not assertions: the machine is noisy.',
  );
  if (logWrite) {
    const a = med.get('a')!.node,
      e = med.get('e')!.node;
    const { single, together } = logWrite;
    out.push(
      '',
      `Access log write alone (bench/log-write.ts: (a)'s ${membersAsAgent.variables!.first} rows per request, linked and ` +
        `inserted by the gateway's writer into a fresh SQLite file, ${LOG_WRITE_REQUESTS} requests, nothing else running): ` +
        `${sig(single.cpuMsPerReq)} CPU ms per request one at a time, ${sig(together.cpuMsPerReq)} with ` +
        `${settings.connections} at once (group commit), against the ${sig(e)} CPU ms (e) spends per request. Were that ` +
        `all the log cost, server CPU/req a/e would be ${sig(1 + together.cpuMsPerReq / e)}–${sig(1 + single.cpuMsPerReq / e)}; ` +
        `measured above: ${sig(a / e)}.`,
    );
  }
  if (profiles.length > 0) out.push('', ...profiles);
  process.stdout.write(`\n${out.join('\n')}\n`);
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    log(`bench: ${signal}, cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}

main()
  .catch((err: unknown) => {
    if (!interrupted) {
      log(`bench FAILED: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    }
  })
  .finally(async () => {
    await cleanup();
    // autocannon's timers or a lingering socket must not keep the process alive.
    setTimeout(() => process.exit(), 200).unref();
  });
