import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { codes, gql, login } from '../helpers/http';
import type { AccessRecord } from '../../src/audit/chain';
import { MAX_STATEMENT_ROWS } from '../../src/audit/row-insert';
import { fromRow, type AccessLogRow } from '../../src/audit/rows';
import { verifyChain } from '../../src/audit/verify';
import { BUSY_TIMEOUT_MS } from '../../src/db/orm';
import { isBusy } from '../../src/db/refusals';
import { Sqlite, gatewayFile, skipUnlessSqlite } from '../fault/support';

/** What the writer stores is exactly what it was given, however a statement groups and binds it. */
describe('§10 access log: rows written as given', () => {
  let t: TestGateway;
  before(async () => {
    t = await startGateway({ env: { ACCESS_LOG_INDEX_MS: '0' } });
  });
  after(() => t.stop());

  const knex = () => t.gateway.services.knex;
  const record = (requestId: string, over: Partial<AccessRecord>): AccessRecord => ({
    requestId,
    at: new Date('2026-11-27T01:02:03.456Z'),
    accessorId: 'acc-1',
    accessorKind: 'STAFF',
    accessorRole: 'CS_AGENT',
    accessorName: 'Agent “Kim”',
    clientIp: '203.0.113.9',
    memberId: randomUUID(),
    action: 'VIEW',
    purpose: 'MEMBER_MANAGEMENT',
    legalBasis: null,
    fields: ['name', 'email'],
    denied: {},
    operationName: 'Q',
    ...over,
  });
  const stored = async (since: number) =>
    ((await knex()('access_log').select('*').where('seq', '>', since).orderBy('seq')) as AccessLogRow[]).map(fromRow);
  const lastSeq = async () => Number((await knex()('access_log').max({ m: 'seq' }).first())?.m ?? 0);
  const expectStored = (rows: Awaited<ReturnType<typeof stored>>, given: AccessRecord[], since: number) => {
    expect(rows.map((r) => r.seq)).to.deep.equal(given.map((_, i) => since + 1 + i));
    rows.forEach((r, i) => {
      const g = given[i]!;
      expect({ ...r, fields: [...r.fields].sort() }).to.deep.include({ ...g, fields: [...g.fields].sort() });
      if (i > 0) expect(r.prevHash).to.equal(rows[i - 1]!.hash);
    });
  };

  it('stores requests written together, with members missing and field sets and denials that differ by row', async () => {
    const since = await lastSeq();
    const a = [
      record('req-a', {}),
      record('req-a', { memberId: null, fields: ['accessLogs'] }),
      record('req-a', { denied: { address: 'PURPOSE_DENIED', phone: 'CONSENT_MISSING' }, fields: [] }),
      record('req-a', { fields: ['email', 'name'] }),
    ];
    const b = [
      record('req-b', {
        memberId: 'legacy-7',
        action: 'PROVIDE',
        accessorKind: 'PARTNER',
        accessorRole: null,
        legalBasis: 'LR-1 (id)',
      }),
      record('req-b', { memberId: 'legacy 8' }),
    ];
    // Appended in the same tick: the second waits for the first's flush and both go in one statement.
    await Promise.all([t.gateway.services.accessLog.append(a), t.gateway.services.accessLog.append(b)]);
    expectStored(await stored(since), [...a, ...b], since);
    expect((await verifyChain(knex(), t.gateway.services.keys.verifyKey)).ok).to.equal(true);
  });

  it(`stores a request of more than ${MAX_STATEMENT_ROWS} rows, in order`, async () => {
    const since = await lastSeq();
    const big = Array.from({ length: MAX_STATEMENT_ROWS + 37 }, (_, i) =>
      record('req-big', i % 7 === 0 ? { memberId: null } : {}),
    );
    await t.gateway.services.accessLog.append(big);
    expectStored(await stored(since), big, since);
    expect((await verifyChain(knex(), t.gateway.services.keys.verifyKey)).ok).to.equal(true);
  });

  it('withholds, and keeps serving, when the log statement cannot even be prepared; then recovers', async () => {
    const alice = await login(t.url, 'alice');
    expect((await gql(t.url, '{ me { name } }', {}, { token: alice, purpose: 'SELF_SERVICE' })).errors).to.equal(
      undefined,
    );
    const cs = await login(t.url, 'cs-agent');
    const list = () =>
      gql<{ members: { edges: { node: { name: string | null } }[] } | null }>(
        t.url,
        '{ members(first: 10) { edges { node { name } } } }',
        {},
        { token: cs, purpose: 'MEMBER_MANAGEMENT' },
      );
    await knex().raw('alter table access_log rename to access_log_away');
    try {
      // The log's connection learns the table is gone (its member indexer fails) while the writer keeps its cached
      // head: a row count not written before is then refused when its statement is prepared.
      await t.gateway.services.accessLog.indexMembers().then(
        () => expect.fail('indexed a missing table'),
        () => undefined,
      );
      const refused = await list();
      expect(codes(refused)).to.include('AUDIT_UNAVAILABLE');
      expect(JSON.stringify(refused.data)).to.not.include('Alice');
    } finally {
      await knex().raw('alter table access_log_away rename to access_log');
    }
    const served = await list();
    expect(codes(served)).to.not.include('AUDIT_UNAVAILABLE');
    expect(served.data!.members!.edges.map((e) => e.node.name)).to.include('Alice Kim');
    expect((await verifyChain(knex(), t.gateway.services.keys.verifyKey)).ok).to.equal(true);
  });

  it('fails only the request whose rows the database refuses, not the others written with it', async () => {
    const since = await lastSeq();
    const good = [record('req-good', {}), record('req-good', {})];
    const bad = [record('req-bad', { accessorName: null as unknown as string })]; // NOT NULL column
    const later = [record('req-later', {})];
    const [g, b, l] = await Promise.allSettled([
      t.gateway.services.accessLog.append(good),
      t.gateway.services.accessLog.append(bad),
      t.gateway.services.accessLog.append(later),
    ]);
    expect([g.status, b.status, l.status]).to.deep.equal(['fulfilled', 'rejected', 'fulfilled']);
    expectStored(await stored(since), [...good, ...later], since);
    expect((await verifyChain(knex(), t.gateway.services.keys.verifyKey)).ok).to.equal(true);
  });

  it('cuts a client’s over-long operation name to the column’s 200 characters instead of refusing the request', async () => {
    const cs = await login(t.url, 'cs-agent');
    const since = await lastSeq();
    const name = `Q${'x'.repeat(299)}`;
    const res = await gql(
      t.url,
      `query ${name} { members(first: 2) { edges { node { name } } } }`,
      {},
      { token: cs, purpose: 'MEMBER_MANAGEMENT' },
    );
    expect(codes(res)).to.not.include('AUDIT_UNAVAILABLE');
    const rows = await stored(since);
    expect(rows).to.not.be.empty;
    expect(rows.every((r) => r.operationName === name.slice(0, 200))).to.equal(true);
  });
});

describe('§10 access log: the member indexer and a lock held elsewhere (SQLite)', () => {
  let t: TestGateway;
  let holder: Sqlite | null = null;
  before(async function () {
    if (skipUnlessSqlite()) this.skip();
    t = await startGateway({ env: { ACCESS_LOG_INDEX_MS: '0' } });
  });
  after(async () => {
    await holder?.close();
    await t?.stop();
  });

  it('gives way at once, so an append queued behind it keeps its whole busy timeout; indexes once the lock is gone', async () => {
    const { accessLog, config } = t.gateway.services;
    const one = (requestId: string): AccessRecord[] => [
      {
        requestId,
        at: new Date(),
        accessorId: 'acc-1',
        accessorKind: 'STAFF',
        accessorRole: 'CS_AGENT',
        accessorName: 'Agent',
        clientIp: '203.0.113.9',
        memberId: randomUUID(),
        action: 'VIEW',
        purpose: 'MEMBER_MANAGEMENT',
        legalBasis: null,
        fields: ['name'],
        denied: {},
        operationName: 'Q',
      },
    ];
    await accessLog.append(one('req-before'));
    holder = await Sqlite.open(gatewayFile(config.dataDir), 1000);
    await holder.exec('BEGIN IMMEDIATE');
    const started = Date.now();
    const indexing = accessLog.indexMembers().then(
      () => null,
      (err: unknown) => err,
    );
    const queued = accessLog.append(one('req-queued')).then(() => Date.now() - started);
    const refused = await indexing;
    expect(Date.now() - started).to.be.lessThan(BUSY_TIMEOUT_MS / 5);
    expect(isBusy(refused), String(refused)).to.equal(true);
    // The append queued behind it waits out the lock (released after a second) instead of failing at once.
    setTimeout(() => void holder!.exec('ROLLBACK'), 1000);
    expect(await queued).to.be.within(900, BUSY_TIMEOUT_MS);
    expect(await accessLog.indexMembers()).to.equal(2);
  });
});
