/**
 * `npx ts-node --transpile-only bench/pg-statements.ts`: where (f)'s PostgreSQL CPU goes. A gateway on a scratch
 * PostgreSQL database (bench-seeded) serves (a)'s request; the SQL it sends during one request is captured, then
 * each statement is replayed alone `PROBE_REPEAT` (300) times on a connection of its own, and the CPU of that
 * connection's backend (/proc) per execution is printed, with `EXPLAIN (ANALYZE, BUFFERS)` of the read statements.
 * The access-log INSERT is replayed with its `seq` values moved past the chain each time (the chain no longer
 * verifies: a scratch database). Then `PROBE_SECONDS` (5) of (a) at 10 connections, and the backends' CPU per
 * request over it, against the sum of the statements alone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { exportJWK, generateKeyPair } from 'jose';
import { Client } from 'pg';
import { loadConfig } from '../src/config';
import { createGateway } from '../src/app';
import { createScratchDatabase } from '../src/db/scratch-postgres';
import { BENCH_PASSWORD, BENCH_STAFF_LOGIN } from './constants';
import { membersAsAgent } from './scenarios';
import { seedBench } from './seed';
import { PgCpu } from './pg-cpu';

const REPEAT = Number(process.env.PROBE_REPEAT ?? 300);
const SECONDS = Number(process.env.PROBE_SECONDS ?? 5);

function backendMicros(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(rest[11]) + Number(rest[12])) * 1_000_000) / 100;
}

/** knex's `?` placeholders as PostgreSQL's `$n` (the captured SQL is knex's, before its own conversion). */
const positional = (sql: string): string => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

async function main(): Promise<void> {
  const db = await createScratchDatabase('gw_probe');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-probe-'));
  const { privateKey } = await generateKeyPair('EdDSA', { extractable: true });
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'production',
    COST_BUDGET_PER_MINUTE: '0',
    LOG_REQUESTS: 'false',
    DATA_DIR: dataDir,
    DB_URL: db.url,
    SIGNING_KEY: JSON.stringify({ ...(await exportJWK(privateKey)), kid: 'probe-1' }),
    MASTER_KEY: randomBytes(32).toString('base64'),
  });
  const gateway = await createGateway(config, {});
  try {
    await seedBench(gateway.services, 1000);
    const url = await gateway.listen(0, '127.0.0.1');
    const post = async (body: unknown, headers: Record<string, string> = {}) => {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      return (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    };
    const login = await post({
      query: 'mutation L($l: String!, $p: String!) { login(loginId: $l, password: $p) { accessToken } }',
      variables: { l: BENCH_STAFF_LOGIN, p: BENCH_PASSWORD },
    });
    const token = (login.data!.login as { accessToken: string }).accessToken;
    const headers = { authorization: `Bearer ${token}`, 'x-purpose': membersAsAgent.purpose! };
    const body = { query: membersAsAgent.query, variables: membersAsAgent.variables };
    for (let i = 0; i < 20; i++) await post(body, headers);
    // As in a long run, where autovacuum has analyzed the seeded tables: PROBE_ANALYZE=0 to see the plans without.
    if (process.env.PROBE_ANALYZE !== '0') await gateway.services.knex.raw('analyze');
    await new Promise((r) => setTimeout(r, 1500));

    const captured: { sql: string; bindings: unknown[] }[] = [];
    const onQuery = (q: { sql: string; bindings?: unknown[] }) =>
      captured.push({ sql: q.sql, bindings: [...(q.bindings ?? [])] });
    gateway.services.knex.on('query', onQuery);
    const answer = await post(body, headers);
    await new Promise((r) => setTimeout(r, 100));
    gateway.services.knex.off('query', onQuery);
    if (answer.errors) throw new Error(JSON.stringify(answer.errors));
    process.stdout.write(`one request of (a) sent ${captured.length} statements\n`);

    const client = new Client({ connectionString: db.url });
    await client.connect();
    const {
      rows: [{ pid }],
    } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
    let shift = 10_000_000;
    let sum = 0;
    for (const { sql, bindings } of captured) {
      const text = positional(sql);
      const isLogInsert = /^insert into "?access_log"? /.test(sql);
      const columns = isLogInsert ? sql.slice(sql.indexOf('(') + 1, sql.indexOf(')')).split(',') : [];
      const seqAt = columns.findIndex((c) => c.trim().replace(/"/g, '') === 'seq');
      // The statement's `seq` values moved past the chain: a VALUES list (one binding a row) or unnest (an array).
      const params = (): unknown[] => {
        if (!isLogInsert) return bindings;
        shift += 1000;
        if (Array.isArray(bindings[seqAt]))
          return bindings.map((b, i) => (i === seqAt ? (b as number[]).map((n) => n + shift) : b));
        return bindings.map((b, i) => (i % columns.length === seqAt ? Number(b) + shift : b));
      };
      for (let i = 0; i < 10; i++) await client.query(text, params());
      const t0 = backendMicros(pid);
      const w0 = performance.now();
      for (let i = 0; i < REPEAT; i++) await client.query(text, params());
      const us = (backendMicros(pid) - t0) / REPEAT;
      const wall = ((performance.now() - w0) * 1000) / REPEAT;
      sum += us;
      process.stdout.write(
        `\n${(us / 1000).toFixed(3)} ms backend CPU, ${(wall / 1000).toFixed(3)} ms wall each, ${bindings.length} params: ${sql.slice(0, 300)}${sql.length > 300 ? '…' : ''}\n`,
      );
      if (/^(select|with)/i.test(sql.trim())) {
        const plan = await client.query(`explain (analyze, buffers) ${text}`, bindings);
        process.stdout.write(plan.rows.map((r: Record<string, string>) => `    ${r['QUERY PLAN']}`).join('\n') + '\n');
      }
    }
    process.stdout.write(`\nsum of the statements alone: ${(sum / 1000).toFixed(3)} ms backend CPU per request\n`);
    await client.end();

    const cpu = await PgCpu.open();
    const name = new URL(db.url).pathname.slice(1);
    const before = await cpu!.snapshot(name);
    const result = await autocannon({
      url: `${url}/graphql`,
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      connections: 10,
      duration: SECONDS,
    });
    const us = await cpu!.since(name, before);
    await cpu!.close();
    // Which backends spent it: the gateway's pool, autovacuum, …
    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    const { rows: who } = await admin.query<{ pid: number; backend_type: string; query: string }>(
      'select pid, backend_type, query from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [name],
    );
    await admin.end();
    for (const w of who) {
      const spent = before.has(w.pid) ? backendMicros(w.pid) - before.get(w.pid)! : backendMicros(w.pid);
      process.stdout.write(
        `  backend ${w.pid} ${w.backend_type}: ${(spent / 1000 / result.requests.total).toFixed(3)} ms/request; last: ${w.query.slice(0, 80)}\n`,
      );
    }
    process.stdout.write(
      `under load (10 connections, ${SECONDS} s): ${result.requests.total} requests, ${(us / 1000 / result.requests.total).toFixed(3)} ms PostgreSQL CPU per request (backends of the database; the shared WAL writer and checkpointer left out)\n`,
    );
  } finally {
    await gateway.close().catch(() => undefined);
    await db.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
