import { expect } from 'chai';
import type { MikroORM } from '@mikro-orm/core';
import type { Knex, SqlEntityManager } from '@mikro-orm/knex';
import { openDatabase } from '../../src/db/orm';
import { createScratchDatabase, type ScratchDatabase } from '../../src/db/scratch-postgres';
import { jobClaims } from '../../src/scheduling/claim';

/**
 * Background jobs on several replicas (retention §11, deliveries, the log's member index): on PostgreSQL one replica
 * at a time runs a job, once per interval across all, and a replica that dies mid-run leaves the job to the next.
 */
describe('jobs on several replicas: one runner at a time, once per interval', function () {
  let pg: ScratchDatabase;
  const orms: MikroORM[] = [];
  const knexes: Knex[] = [];

  before(async function () {
    if (process.env.TEST_DB !== 'postgresql') return this.skip();
    pg = await createScratchDatabase('gw_test');
    for (let i = 0; i < 3; i++) {
      const orm = await openDatabase({ dbUrl: pg.url, dataDir: '' });
      orms.push(orm);
      knexes.push((orm.em as SqlEntityManager).getKnex());
    }
  });
  after(async () => {
    for (const orm of orms) await orm.close(true).catch(() => undefined);
    await pg?.drop();
  });

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('runs a job on exactly one of three replicas ticking at once, and skips it on all until its interval passes', async () => {
    const claims = knexes.map((k, i) => jobClaims(k, 'postgresql', `replica-${i}`));
    // A job's first schedule starts now: nothing is due on a fresh database.
    expect(await claims[0]!.run('sweep', 60_000, async () => 'ran')).to.equal(null);
    await knexes[0]!('job_run')
      .where({ name: 'sweep' })
      .update({ last_run_at: new Date(Date.now() - 3_600_000) });
    let runs = 0;
    const slow = async () => {
      runs++;
      await sleep(300);
      return runs;
    };
    const results = await Promise.all(claims.map((c) => c.run('sweep', 60_000, slow)));
    expect(runs).to.equal(1);
    expect(results.filter((r) => r !== null)).to.have.length(1);
    // Ran less than an interval ago anywhere: nobody runs it again.
    expect(await Promise.all(claims.map((c) => c.run('sweep', 60_000, slow)))).to.deep.equal([null, null, null]);
    const row = await knexes[2]!('job_run').where({ name: 'sweep' }).first();
    expect(row).to.include({ runs: 1 });
    expect(row.last_run_by).to.match(/^replica-\d$/);
  });

  it('leaves a failed run unrecorded, so the next tick anywhere runs it again', async () => {
    const [a, b] = knexes.map((k) => jobClaims(k, 'postgresql'));
    await a!.run('flaky', 0, async () => undefined);
    let err: unknown = null;
    await a!.run('flaky', 0, async () => Promise.reject(new Error('delivery failed'))).catch((e) => (err = e));
    expect(String(err)).to.match(/delivery failed/);
    expect(await b!.run('flaky', 0, async () => 'again')).to.deep.equal({ result: 'again' });
    // The failure left `runs` where it was: one success before it, one after.
    expect(await knexes[0]!('job_run').where({ name: 'flaky' }).first()).to.include({ runs: 2 });
  });

  it('hands the job to another replica at once when the runner’s connection dies mid-run', async () => {
    const [a, b] = knexes.map((k) => jobClaims(k, 'postgresql'));
    let release!: () => void;
    const stuck = new Promise<void>((r) => (release = r));
    const first = a!.run('index', 0, () => stuck);
    await sleep(200);
    expect(await b!.run('index', 0, async () => 'b')).to.equal(null);
    // The runner's lock transaction, as the server sees a replica killed with -9: its connection ends.
    await knexes[2]!.raw(
      `select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and state = 'idle in transaction' and pid <> pg_backend_pid()`,
    );
    expect(await b!.run('index', 0, async () => 'b')).to.deep.equal({ result: 'b' });
    release();
    let err: unknown = null;
    await first.catch((e) => (err = e));
    expect(err, 'the dead runner’s run is not recorded').to.not.equal(null);
  });

  // These two use the replicas whose connections the test before left alive.
  it('gives up a run that hangs at its deadline: the lock is released, another replica runs the job, the late result is dropped', async () => {
    const [a, b] = [jobClaims(knexes[1]!, 'postgresql', 'replica-a'), jobClaims(knexes[2]!, 'postgresql', 'replica-b')];
    const bounds = { deadlineMs: 1000, stepMs: 200 };
    await a.run('hangs', 0, async () => undefined);
    let finish!: (v: string) => void;
    const hung = a.run('hangs', 0, () => new Promise<string>((r) => (finish = r)), bounds);
    await sleep(300);
    expect(await b.run('hangs', 0, async () => 'b', bounds), 'locked while the run is within its deadline').to.equal(
      null,
    );
    expect(await hung, 'given up at its deadline').to.equal(null);
    expect(await a.run('hangs', 0, async () => 'a again', bounds), 'not started twice on its replica').to.equal(null);
    expect(await b.run('hangs', 0, async () => 'b', bounds)).to.deep.equal({ result: 'b' });
    finish('late');
    await sleep(50);
    const row = await knexes[2]!('job_run').where({ name: 'hangs' }).first();
    expect(row).to.include({ runs: 2, last_run_by: 'replica-b' });
    expect(await a.run('hangs', 0, async () => 'a', bounds), 'its replica runs it again once it ended').to.deep.equal({
      result: 'a',
    });
  });

  it('stops a slow job between its steps before another replica may start it, so no step is done twice', async () => {
    const [a, b] = knexes.slice(1).map((k) => jobClaims(k, 'postgresql'));
    const done: { by: string; item: number; at: number }[] = [];
    const items = Array.from({ length: 50 }, (_, i) => i);
    // Each item is one whole step (a notice sent and recorded); a run takes the items not done yet.
    const deliver = (by: string, stepMs: number) => async (signal: AbortSignal) => {
      for (const item of items) {
        if (signal.aborted) return;
        if (done.some((d) => d.item === item)) continue;
        await sleep(stepMs);
        done.push({ by, item, at: Date.now() });
      }
    };
    await a!.run('slow', 0, async () => undefined);
    expect(await a!.run('slow', 0, deliver('a', 150), { deadlineMs: 1000, stepMs: 300 })).to.equal(null);
    const bStarted = Date.now();
    expect(await b!.run('slow', 0, deliver('b', 1), { deadlineMs: 10_000, stepMs: 300 })).to.deep.equal({
      result: undefined,
    });
    const byA = done.filter((d) => d.by === 'a');
    expect(byA.length).to.be.at.least(1);
    expect(Math.max(...byA.map((d) => d.at))).to.be.below(bStarted);
    expect(done.map((d) => d.item).sort((x, y) => x - y)).to.deep.equal(items);
  });
});
