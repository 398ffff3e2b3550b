import { expect } from 'chai';
import type { MikroORM } from '@mikro-orm/core';
import type { Knex, SqlEntityManager } from '@mikro-orm/knex';
import { openDatabase } from '../../src/db/orm';
import { createScratchDatabase, type ScratchDatabase } from '../../src/db/scratch-postgres';
import { postgresLimiters, sweepExpiredLimits } from '../../src/limits/postgres-limiters';
import type { Clock } from '../../src/clock';

/**
 * §10 throttles across replicas: on PostgreSQL every replica counts in one table, so two gateways (two connection
 * pools, as two processes have) share each key's count, its lock and its window, read against the gateway clock.
 */
describe('§10 shared limits on PostgreSQL: one count for every replica', function () {
  let pg: ScratchDatabase;
  const orms: MikroORM[] = [];
  const knexes: Knex[] = [];
  let now = new Date('2026-06-01T00:00:00Z');
  const clock: Clock = { now: () => now };

  before(async function () {
    if (process.env.TEST_DB !== 'postgresql') return this.skip();
    pg = await createScratchDatabase('gw_test');
    for (let i = 0; i < 2; i++) {
      const orm = await openDatabase({ dbUrl: pg.url, dataDir: '' });
      orms.push(orm);
      knexes.push((orm.em as SqlEntityManager).getKnex());
    }
  });
  after(async () => {
    for (const orm of orms) await orm.close(true);
    await pg?.drop();
  });

  it('lets a burst spread over two replicas take exactly the limit, however the takes interleave', async () => {
    const [a, b] = knexes.map((k) => postgresLimiters(k, clock)('burst', 10, 60_000));
    const taken = await Promise.all(Array.from({ length: 80 }, (_, i) => (i % 2 ? a! : b!).take('bob')));
    expect(taken.filter((t) => t.allowed)).to.have.length(10);
    // Every take saw its own count: the counts are 1 … 80, each once.
    expect(taken.map((t) => t.count).sort((x, y) => x - y)).to.deep.equal(Array.from({ length: 80 }, (_, i) => i + 1));
  });

  it('holds a block set through one replica on the other, until the gateway clock passes it', async () => {
    const [a, b] = knexes.map((k) => postgresLimiters(k, clock)('lock', 100, 15 * 60_000));
    await a!.block('alice', 15 * 60_000);
    const refused = await b!.take('alice');
    expect(refused.allowed).to.equal(false);
    expect(refused.retryAfterMs).to.be.within(14 * 60_000, 15 * 60_000);
    now = new Date(now.getTime() + 15 * 60_000 + 1);
    const later = await b!.take('alice');
    expect(later).to.include({ allowed: true, count: 1 });
  });

  it('gives back and clears on one replica what the other reserved; expired keys are swept', async () => {
    const [a, b] = knexes.map((k) => postgresLimiters(k, clock)('give', 3, 60_000));
    await a!.take('k', 2);
    await b!.giveBack('k', 1);
    expect((await a!.take('k')).count).to.equal(2);
    await b!.clear('k');
    expect((await a!.take('k')).count).to.equal(1);
    now = new Date(now.getTime() + 61_000);
    const swept = await sweepExpiredLimits(knexes[0]!, now);
    expect(swept).to.be.greaterThan(0);
    expect(await knexes[1]!('rate_limit').where('key', 'give:k').first()).to.equal(undefined);
  });
});
