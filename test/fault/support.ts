import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import sqlite3 from 'sqlite3';

/**
 * Shared by the fault suites: the gateway as a real child process (`node src/main.ts`), the SQLite file
 * opened with the `sqlite3` package, and `npm run audit:verify` run as an operator would.
 */

export const ROOT = path.resolve(__dirname, '../..');

export const skipUnlessSqlite = (): boolean => process.env.TEST_DB === 'postgresql';

export const freshDataDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'gw-fault-'));

/** A free TCP port on 127.0.0.1 (asked of the OS, released at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The environment of a child: this one's, without what would point it elsewhere, plus `extra`. */
function childEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['DB_URL', 'TEST_DB', 'PORT', 'DATA_DIR', 'SIGNING_KEY', 'MASTER_KEY', 'SEED_DEMO']) delete env[k];
  return { ...env, ...extra };
}

export interface GatewayProcess {
  readonly proc: ChildProcess;
  readonly url: string;
  /** Everything the child wrote to stdout and stderr so far. */
  output(): string;
  /** SIGKILL: no handler runs, nothing is flushed or closed. */
  kill9(): Promise<void>;
  /** SIGTERM (graceful close), SIGKILL after 10 s. */
  stop(): Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const READY_TIMEOUT_MS = 60_000;

/** Children still running when this process exits (mocha --exit, a crash) are killed with it, none left behind. */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const p of live) p.kill('SIGKILL');
});

/**
 * `node -r ts-node/register/transpile-only src/main.ts` with DATA_DIR and PORT, NODE_ENV=development (demo data
 * seeded into a fresh DATA_DIR); resolves once GET /ready answers 200 on 127.0.0.1.
 */
export async function startGatewayProcess(
  dataDir: string,
  port: number,
  env: NodeJS.ProcessEnv = {},
): Promise<GatewayProcess> {
  const proc = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: ROOT,
    env: childEnv({ NODE_ENV: 'development', LOG_REQUESTS: 'false', ...env, DATA_DIR: dataDir, PORT: String(port) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (chunk: Buffer) => {
    out += chunk.toString('utf8');
    if (out.length > 2_000_000) out = out.slice(-1_000_000);
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  let done = false;
  live.add(proc);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => {
      done = true;
      live.delete(proc);
      resolve({ code, signal });
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const t0 = Date.now();
  for (;;) {
    if (done) throw new Error(`gateway exited during startup:\n${out.slice(-4000)}`);
    if (Date.now() - t0 > READY_TIMEOUT_MS) {
      proc.kill('SIGKILL');
      throw new Error(`gateway not ready after ${READY_TIMEOUT_MS / 1000} s:\n${out.slice(-4000)}`);
    }
    try {
      const res = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  return {
    proc,
    url,
    output: () => out,
    exited,
    async kill9() {
      if (!done) proc.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (done) return;
      proc.kill('SIGTERM');
      const killer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** `npm run audit:verify` against DATA_DIR: exit code and output. */
export function auditVerify(dataDir: string, timeoutMs = 60_000): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const proc = spawn('npm', ['run', '-s', 'audit:verify'], {
      cwd: ROOT,
      env: childEnv({ DATA_DIR: dataDir, NODE_ENV: 'development' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    proc.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
    proc.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
    const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output: output.trim() });
    });
  });
}

/** A plain connection to a SQLite file through the `sqlite3` package, promisified. */
export class Sqlite {
  private constructor(private readonly db: sqlite3.Database) {}

  static open(file: string, busyTimeoutMs = 5000): Promise<Sqlite> {
    return new Promise((resolve, reject) => {
      const db = new sqlite3.Database(file, sqlite3.OPEN_READWRITE, (err) => {
        if (err) return reject(err);
        db.configure('busyTimeout', busyTimeoutMs);
        resolve(new Sqlite(db));
      });
    });
  }

  all<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return new Promise((resolve, reject) =>
      this.db.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows as T[]))),
    );
  }

  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => this.db.exec(sql, (err) => (err ? reject(err) : resolve())));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.db.close(() => resolve()));
  }
}

export const gatewayFile = (dataDir: string): string => path.join(dataDir, 'gateway.sqlite');
export const retentionFile = (dataDir: string): string => path.join(dataDir, 'retention.sqlite');

/** `PRAGMA integrity_check` of one file: 'ok' or the problems it lists. */
export async function integrityCheck(file: string): Promise<string> {
  const db = await Sqlite.open(file);
  try {
    const rows = await db.all<{ integrity_check: string }>('PRAGMA integrity_check');
    return rows.map((r) => r.integrity_check).join('\n');
  } finally {
    await db.close();
  }
}

/** A GraphQL POST that never throws: `null` status when no response arrived (refused, reset, timed out). */
export interface Outcome {
  status: number | null;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  } | null;
  text: string;
  error?: string;
  /** ms since the epoch when the answer (or the failure) arrived. */
  at: number;
}

export async function post(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
  purpose?: string,
  timeoutMs = 30_000,
): Promise<Outcome> {
  try {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(purpose ? { 'x-purpose': purpose } : {}),
      },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let body: Outcome['body'] = null;
    try {
      body = JSON.parse(text) as Outcome['body'];
    } catch {
      body = null;
    }
    return { status: res.status, body, text, at: Date.now() };
  } catch (err) {
    return { status: null, body: null, text: '', error: (err as Error).message, at: Date.now() };
  }
}

export const LOGIN =
  'mutation Login($loginId: String!, $password: String!) { login(loginId: $loginId, password: $password) { accessToken } }';

export async function loginAs(url: string, loginId: string, password = 'demo-password'): Promise<string> {
  const res = await post(url, LOGIN, { loginId, password });
  const token = (res.body?.data?.login as { accessToken?: string } | undefined)?.accessToken;
  if (!token) throw new Error(`login ${loginId} failed (HTTP ${res.status}): ${res.text.slice(0, 500)}`);
  return token;
}

export const errorCodes = (o: Outcome): string[] => (o.body?.errors ?? []).map((e) => String(e.extensions?.code));

/** Tail of a child's output, for assertion messages. */
export const tail = (text: string, n = 3000): string => (text.length > n ? `…${text.slice(-n)}` : text);
