import path from 'node:path';
import { expect } from 'chai';
import sqlite3 from 'sqlite3';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { login } from '../helpers/http';

/**
 * A request still running after REQUEST_TIMEOUT_MS is cut off with HTTP 503 and code TIMEOUT, and nothing
 * personal leaves with it. Another connection holds the SQLite write lock, so every write (the access log of a read,
 * a logout) waits on the busy timeout far longer than the request may run.
 */

const exec = (db: sqlite3.Database, sql: string): Promise<void> =>
  new Promise((resolve, reject) => db.exec(sql, (err) => (err ? reject(err) : resolve())));

const open = (file: string): Promise<sqlite3.Database> =>
  new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READWRITE, (err) => (err ? reject(err) : resolve(db)));
  });

const close = (db: sqlite3.Database): Promise<void> => new Promise((resolve) => db.close(() => resolve()));

async function raw(
  url: string,
  query: string,
  token: string,
  purpose?: string,
): Promise<{ status: number; text: string; ms: number }> {
  const started = Date.now();
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      ...(purpose ? { 'x-purpose': purpose } : {}),
    },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, text: await res.text(), ms: Date.now() - started };
}

/** What Alice's and Bob's answers would contain. */
const PERSONAL = ['Alice', 'alice@example.com', 'Bob', 'bob@', '010-', 'Seoul', 'accessToken'];

describe('§10 request timeout', function () {
  let t: TestGateway;
  let alice: string;
  let bob: string;
  let lock: sqlite3.Database | undefined;

  before(async function () {
    if (process.env.TEST_DB === 'postgresql') return this.skip();
    t = await startGateway({ env: { REQUEST_TIMEOUT_MS: '300' } });
    alice = await login(t.url, 'alice');
    bob = await login(t.url, 'bob');
  });
  after(async () => {
    if (lock)
      await exec(lock, 'ROLLBACK')
        .catch(() => undefined)
        .then(() => close(lock!));
    await t?.stop();
  });

  it('cuts off reads and writes stuck behind a write lock with 503 TIMEOUT and no personal data, then recovers', async function () {
    this.timeout(20_000);
    const ME = '{ me { name email phone address birthDate bankAccount } }';
    const before = await raw(t.url, ME, alice, 'SELF_SERVICE');
    expect(before.status).to.equal(200);
    expect(before.text).to.include('Alice Kim');

    lock = await open(path.join(t.config.dataDir, 'gateway.sqlite'));
    await exec(lock, 'BEGIN EXCLUSIVE');

    // A read (its access-log row cannot be written) and a logout (its update cannot be written), concurrently.
    const [read, logout] = await Promise.all([
      raw(t.url, ME, alice, 'SELF_SERVICE'),
      raw(t.url, 'mutation { logout }', bob),
    ]);
    for (const [name, res] of [
      ['read', read],
      ['logout', logout],
    ] as const) {
      expect(res.status, `${name}: ${res.text}`).to.equal(503);
      const body = JSON.parse(res.text) as {
        data?: unknown;
        errors: { message: string; extensions: { code: string } }[];
      };
      expect(
        body.errors.map((e) => e.extensions.code),
        name,
      ).to.deep.equal(['TIMEOUT']);
      expect(body).to.not.have.property('data');
      for (const p of PERSONAL) expect(res.text, `${name} carries no personal data`).to.not.include(p);
      expect(res.text).to.not.match(/SQLITE_|    at |node_modules/);
      expect(res.ms, `${name} cut off near 300 ms`).to.be.within(250, 2000);
    }

    await exec(lock, 'ROLLBACK');
    await close(lock);
    lock = undefined;

    // The gateway answers normally again.
    const deadline = Date.now() + 10_000;
    let after = await raw(t.url, ME, alice, 'SELF_SERVICE');
    while (after.status !== 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      after = await raw(t.url, ME, alice, 'SELF_SERVICE');
    }
    expect(after.status, after.text).to.equal(200);
    const body = JSON.parse(after.text) as { data: { me: { name: string } }; errors?: unknown };
    expect(body.errors, after.text).to.equal(undefined);
    expect(body.data.me.name).to.equal('Alice Kim');
    expect((await fetch(`${t.url}/ready`)).status).to.equal(200);
  });
});
