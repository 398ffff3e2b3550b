import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sharedDatabase, type SharedDatabase } from '../helpers/shared-database';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A PostgreSQL gateway stopped while a job it started runs: the job is told to stop between its steps, the step in
 * flight ends whole, the claim rolls back (the run is not recorded, so the next replica runs it at once), and the
 * pool closes. Before, the stop waited on the claim's connection while the job waited for a connection from the
 * closing pool, until the pool's 60 s acquire timeout.
 */
describe('stopping a PostgreSQL gateway while its jobs run', function () {
  let db: SharedDatabase;
  let hook: http.Server;
  const received: string[] = [];

  before(async function () {
    if (process.env.TEST_DB !== 'postgresql') return this.skip();
    db = await sharedDatabase();
    await (await db.start()).stop(); // migrated and seeded
    // A webhook that takes each notice and never answers: the delivery step ends on its 5 s timeout.
    hook = http.createServer((req) => {
      received.push(String(req.headers['idempotency-key']));
      req.resume();
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  });
  after(async () => {
    hook?.closeAllConnections();
    hook?.close();
    await db?.drop();
  });

  it('ends the delivery in flight, sends nothing more, leaves the run unrecorded and its row unlocked', async function () {
    this.timeout(30_000);
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    await db.open(async (knex) => {
      const courier = await knex('api_client').where({ client_id: 'courier' }).first('id');
      await knex('api_client')
        .where({ id: courier.id })
        .update({
          webhook_url: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/notices`,
          webhook_secret: 'a-webhook-secret-of-at-least-32-characters',
        });
      await knex('correction_notice').insert(
        ids.map((noticeId, i) => ({
          notice_id: noticeId,
          recipient_id: courier.id,
          member_id: randomUUID(),
          field: 'address',
          correction_id: randomUUID(),
          created_at: new Date(Date.now() - 10_000 + i),
          attempts: 0,
          next_attempt_at: new Date(Date.now() - 1000),
        })),
      );
      await knex('job_run')
        .insert({ name: 'deliveries', last_run_at: new Date(Date.now() - 3_600_000), runs: 0 })
        .onConflict('name')
        .merge();
    });
    // Due at start: the first tick claims the run and posts the first notice.
    const t = await db.start({ JOBS_INTERVAL_SECONDS: '60' });
    for (let i = 0; i < 100 && received.length === 0; i++) await sleep(100);
    expect(received).to.deep.equal([ids[0]]);

    await t.stop();

    expect(received, 'no notice is posted after the stop').to.deep.equal([ids[0]]);
    await db.open(async (knex) => {
      const notices = await knex('correction_notice')
        .whereIn('notice_id', ids)
        .orderBy('created_at')
        .select('attempts', 'delivered_at', 'last_error');
      // The step in flight ended whole: its attempt is recorded; the others were not attempted.
      expect(notices.map((n) => Number(n.attempts))).to.deep.equal([1, 0, 0]);
      expect(notices[0].last_error).to.match(/timed out/);
      await knex.transaction(async (trx) => {
        const row = await trx.raw(`select runs from job_run where name = 'deliveries' for update nowait`);
        expect(row.rows, 'the run stopped early is not recorded').to.deep.equal([{ runs: 0 }]);
      });
    });
  });
});
