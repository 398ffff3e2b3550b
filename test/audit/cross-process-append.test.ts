import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { openDatabase } from '../../src/db/orm';
import { accessLogWriter, type AccessLogWriter } from '../../src/audit/writer';
import { verifyChain } from '../../src/audit/verify';
import type { AccessRecord } from '../../src/audit/chain';

/**
 * §10 one access log for several replicas: writers on separate connection pools (as separate processes have)
 * append side by side, in group commits and inside change transactions; the chain stays one line, every `seq`
 * once, none missing, and every acknowledged append has its rows.
 */
describe('§10 access log appended by several replicas at once', function () {
  let t: TestGateway;
  const orms: MikroORM[] = [];
  const writers: AccessLogWriter[] = [];

  before(async function () {
    if (process.env.TEST_DB !== 'postgresql') return this.skip();
    t = await startGateway({ env: { ACCESS_LOG_INDEX_MS: '0', JOBS_INTERVAL_SECONDS: '0' } });
    writers.push(t.gateway.services.accessLog);
    for (let i = 0; i < 2; i++) {
      const orm = await openDatabase(t.config);
      orms.push(orm);
      writers.push(accessLogWriter((orm.em as SqlEntityManager).getKnex(), 'postgresql'));
    }
  });
  after(async () => {
    for (const w of writers.slice(1)) await w.close();
    for (const orm of orms) await orm.close(true);
    await t?.stop();
  });

  const records = (replica: number, n: number): AccessRecord[] => {
    const requestId = randomUUID();
    return Array.from({ length: n }, () => ({
      requestId,
      at: new Date(),
      accessorId: `replica-${replica}`,
      accessorKind: 'STAFF',
      accessorRole: 'CS_AGENT',
      accessorName: 'Agent',
      clientIp: '203.0.113.9',
      memberId: randomUUID(),
      action: 'VIEW',
      purpose: 'MEMBER_MANAGEMENT',
      legalBasis: null,
      fields: ['name', 'email'],
      denied: {},
      operationName: 'Members',
    }));
  };

  it('keeps one chain with no fork, gap or repeated seq under concurrent appends from three replicas', async () => {
    const knex = t.gateway.services.knex;
    const before = Number((await knex('access_log').count({ n: '*' }).first())!.n);
    const REQUESTS = 150;
    let expected = 0;
    const work: Promise<void>[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const replica = i % 3;
      const size = 1 + (i % 7);
      expected += size;
      const writer = writers[replica]!;
      // Every fifth is a change written in its own transaction (the chain lock), the rest reads (group commit).
      work.push(
        i % 5 === 0
          ? writer.inTransaction(async () => ({ result: undefined, records: records(replica, size) }))
          : writer.append(records(replica, size)),
      );
    }
    const settled = await Promise.allSettled(work);
    expect(
      settled.filter((s) => s.status === 'rejected'),
      'every append acknowledged',
    ).to.deep.equal([]);

    const rows = (await knex('access_log').select('seq', 'prev_hash', 'hash').orderBy('seq')) as {
      seq: string | number;
      prev_hash: string;
      hash: string;
    }[];
    expect(rows.length - before, 'every acknowledged row is there').to.equal(expected);
    rows.forEach((r, i) => expect(Number(r.seq), 'no gap, no repeat').to.equal(i + 1));
    const prevs = new Set(rows.map((r) => r.prev_hash));
    expect(prevs.size, 'no two rows link to the same row (no fork)').to.equal(rows.length);
    expect(await verifyChain(knex, t.gateway.services.keys.verifyKey)).to.deep.include({ ok: true, rows: rows.length });
    const byReplica = (await knex('access_log')
      .select('accessor_id')
      .count({ n: '*' })
      .whereLike('accessor_id', 'replica-%')
      .groupBy('accessor_id')) as { n: string }[];
    expect(byReplica, 'all three wrote').to.have.length(3);
  });
});
