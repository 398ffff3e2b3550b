import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import type { Knex, SqlEntityManager } from '@mikro-orm/knex';
import { openDatabase } from '../../src/db/orm';
import { createScratchDatabase, type ScratchDatabase } from '../../src/db/scratch-postgres';
import { codes, gql, login, oauth } from '../helpers/http';
import { sharedKeys, startReplica, type Replica } from '../helpers/replicas';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Three gateway replicas, each its own process (`src/main.ts`), on one PostgreSQL database with the same keys,
 * behave as one gateway: §10 throttles, §4 consent, sessions, §11 retention, correction notices and the §10 access
 * log are shared, whichever replica a request reaches.
 */
describe('three replicas on one PostgreSQL behave as one gateway', function () {
  this.timeout(300_000);
  let pg: ScratchDatabase;
  let orm: MikroORM;
  let knex: Knex;
  let replicas: Replica[] = [];
  let keys: ReturnType<typeof sharedKeys>;
  const hits = new Map<string, number>();
  let hook: http.Server;
  let hookUrl = '';

  before(async function () {
    if (process.env.TEST_DB !== 'postgresql') return this.skip();
    pg = await createScratchDatabase('gw_test');
    keys = sharedKeys();
    orm = await openDatabase({ dbUrl: pg.url, dataDir: '' });
    knex = (orm.em as SqlEntityManager).getKnex();
    // Retention last ran two hours ago: due on the first tick of every replica.
    await knex('job_run').insert({ name: 'retention', last_run_at: new Date(Date.now() - 7_200_000), runs: 0 });
    hook = http.createServer((req, res) => {
      const key = String(req.headers['idempotency-key']);
      hits.set(key, (hits.get(key) ?? 0) + 1);
      req.resume();
      req.on('end', () => res.writeHead(200).end());
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/notices`;
    // Started together on the migrated, empty database: one seeds and records the keys, the others wait.
    const started = await Promise.allSettled(
      [1, 2, 3].map(() =>
        startReplica({
          NODE_ENV: 'test',
          NOTIFIER: 'outbox',
          DB_URL: pg.url,
          ...keys,
          JOBS_INTERVAL_SECONDS: '1',
          RETENTION_INTERVAL_MINUTES: '60',
          LOG_LEVEL: 'info',
        }),
      ),
    );
    replicas = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
  });
  after(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    hook?.close();
    await orm?.close(true);
    await pg?.drop();
  });

  const r = (i: 1 | 2 | 3) => replicas[i - 1]!.url;

  it('§11 runs retention exactly once while three replicas start together with it due', async () => {
    for (let i = 0; i < 100 && Number((await knex('job_run').where({ name: 'retention' }).first()).runs) < 1; i++)
      await sleep(200);
    await sleep(2000);
    expect(await knex('job_run').where({ name: 'retention' }).first()).to.include({ runs: 1 });
    const runs = replicas.map((x) => (x.output().match(/"msg":"retention run"/g) ?? []).length);
    expect(
      runs.reduce((a, b) => a + b),
      `retention runs per replica: ${runs.join(', ')}`,
    ).to.equal(1);
  });

  it('§10 earns the log-in lock across replicas: three failures spread over three replicas lock bob on each', async () => {
    const LOGIN = 'mutation($l: String!, $p: String!) { login(loginId: $l, password: $p) { accessToken } }';
    for (const i of [1, 2, 3] as const)
      expect(codes(await gql(r(i), LOGIN, { l: 'bob', p: `wrong-${i}` }))).to.deep.equal(['UNAUTHENTICATED']);
    // Each replica saw one failure of its own; held in one count, they are three, and the fourth waits.
    for (const i of [1, 2, 3] as const)
      expect(codes(await gql(r(i), LOGIN, { l: 'bob', p: 'demo-password' })), `replica ${i}`).to.deep.equal([
        'RATE_LIMITED',
      ]);
  });

  it('§4 denies on replica 3 the marketing read of a member whose consent was withdrawn on replica 1', async () => {
    const alice = await login(r(1), 'alice');
    const me = await gql<{ me: { id: string } }>(r(1), '{ me { id } }', {}, { token: alice, purpose: 'SELF_SERVICE' });
    const aliceId = me.data!.me.id;
    const partner = (await oauth(r(3), 'partner-ads', 'demo-password')).token!;
    const LIST = '{ members(first: 50) { edges { node { id name } } } }';
    const named = async () => {
      const res = await gql<{ members: { edges: { node: { id: string; name: string | null } }[] } }>(
        r(3),
        LIST,
        {},
        { token: partner, purpose: 'MARKETING' },
      );
      return res.data!.members.edges.some((e) => e.node.id === aliceId && e.node.name !== null);
    };
    expect(await named(), 'before the withdrawal').to.equal(true);
    const withdrawn = await gql(
      r(1),
      'mutation { withdrawConsent(purpose: "MARKETING") }',
      {},
      {
        token: alice,
        purpose: 'SELF_SERVICE',
      },
    );
    expect(withdrawn.errors).to.equal(undefined);
    expect(await named(), 'the next request on another replica').to.equal(false);
  });

  it('refuses on replica 3 a session ended on replica 1', async () => {
    const token = await login(r(2), 'minji');
    const caller = { token, purpose: 'SELF_SERVICE' };
    expect(codes(await gql(r(3), '{ me { id } }', {}, caller))).to.deep.equal([]);
    expect(codes(await gql(r(1), 'mutation { logout }', {}, caller))).to.deep.equal([]);
    expect(codes(await gql(r(3), '{ me { id } }', {}, caller))).to.deep.equal(['UNAUTHENTICATED']);
    expect(codes(await gql(r(2), '{ me { id } }', {}, caller))).to.deep.equal(['UNAUTHENTICATED']);
  });

  it('pushes each correction notice once while three replicas deliver every second', async () => {
    const courier = await knex('api_client').where({ client_id: 'courier' }).first('id');
    await knex('api_client')
      .where({ id: courier.id })
      .update({ webhook_url: hookUrl, webhook_secret: 'a-webhook-secret-of-at-least-32-characters' });
    const ids = Array.from({ length: 30 }, () => randomUUID());
    await knex('correction_notice').insert(
      ids.map((noticeId) => ({
        notice_id: noticeId,
        recipient_id: courier.id,
        member_id: randomUUID(),
        field: 'address',
        correction_id: randomUUID(),
        created_at: new Date(),
        attempts: 0,
        next_attempt_at: new Date(Date.now() - 1000),
      })),
    );
    for (let i = 0; i < 100; i++) {
      const left = await knex('correction_notice')
        .whereIn('notice_id', ids)
        .whereNull('delivered_at')
        .count({ n: '*' });
      if (Number(left[0]!.n) === 0) break;
      await sleep(200);
    }
    await sleep(3000); // three more ticks on every replica
    expect(ids.map((id) => hits.get(id) ?? 0)).to.deep.equal(ids.map(() => 1));
  });

  it('§10 keeps one verified chain after concurrent load on all three, with a row for every answer', async () => {
    const staff = await Promise.all(([1, 2, 3] as const).map((i) => login(r(i), 'cs-agent')));
    const LIST = 'query Load { members(first: 10) { edges { node { id name email } } } }';
    const answered: string[] = [];
    const refused: string[] = [];
    await Promise.all(
      ([1, 2, 3] as const).flatMap((i) =>
        Array.from({ length: 8 }, async () => {
          for (let n = 0; n < 15; n++) {
            const res = await gql(r(i), LIST, {}, { token: staff[i - 1]!, purpose: 'MEMBER_MANAGEMENT' });
            // Policy denials come back as errors with a code; an unwritten log row would be AUDIT_UNAVAILABLE.
            if (res.status === 200 && res.data && !codes(res).includes('AUDIT_UNAVAILABLE'))
              answered.push(res.headers.get('x-request-id')!);
            else refused.push(JSON.stringify(res.errors));
          }
        }),
      ),
    );
    expect(answered, refused[0]).to.have.length(3 * 8 * 15);
    const logged = (await knex('access_log')
      .whereIn('request_id', answered)
      .countDistinct({ n: 'request_id' })
      .first())!;
    expect(Number(logged.n), 'every answer has its rows').to.equal(answered.length);
    const seq = (await knex('access_log').min({ lo: 'seq' }).max({ hi: 'seq' }).count({ n: '*' }).first())!;
    expect(Number(seq.hi) - Number(seq.lo) + 1, 'no gap, no repeated seq').to.equal(Number(seq.n));
    const verify = spawnSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', path.join('src', 'tools', 'audit-verify.ts')],
      {
        cwd: path.resolve(__dirname, '../..'),
        env: { PATH: process.env.PATH, NODE_ENV: 'test', DB_URL: pg.url, ...keys },
        encoding: 'utf8',
      },
    );
    expect(verify.stdout, verify.stderr).to.match(new RegExp(`^verified ${seq.n} rows`));
    expect(verify.status).to.equal(0);
  });
});
