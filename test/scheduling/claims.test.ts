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
});
