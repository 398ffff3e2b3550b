import path from 'node:path';
import { execFile } from 'node:child_process';
import { expect } from 'chai';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { clientToken, codes, gql, login } from '../helpers/http';
import { memberIds } from './support';
import { queueUsageNotices } from '../../src/modules/usage-notice/queue';

const ROOT = path.resolve(__dirname, '../..');
const NOTICE = `query($year: Int!) { me { usageNotice(year: $year) {
  year
  accesses { accessorKind accessorName accessorRole purpose actions count }
  provisions { recipientName recipientKind purpose fields count }
} } }`;

type Notice = {
  year: number;
  accesses: { accessorKind: string; accessorName: string; purpose: string | null; actions: string[]; count: number }[];
  provisions: { recipientName: string; recipientKind: string; purpose: string; fields: string[]; count: number }[];
};

/** `npm run usage-notices -- --year N` against the test gateway's database, as an operator runs it. */
const usageNoticesCommand = (t: TestGateway, year: number): Promise<string> =>
  new Promise((resolve, reject) => {
    const env = {
      ...process.env,
      NODE_ENV: 'test',
      NOTIFIER: 'outbox',
      DATA_DIR: t.config.dataDir,
      ...(t.config.dbUrl ? { DB_URL: t.config.dbUrl } : {}),
    };
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', 'src/tools/usage-notices.ts', '--year', String(year)],
      { cwd: ROOT, env },
      (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)),
    );
  });

describe('§11 the yearly usage notice (PIPA Art. 20-2): who read or received the member’s data, queued once per year and shown in me', () => {
  let t: TestGateway;
  let ids: Record<string, string>;
  let alice: string;
  const year = new Date().getUTCFullYear();
  before(async () => {
    t = await startGateway({ env: { JOBS_INTERVAL_SECONDS: '0', RETENTION_INTERVAL_MINUTES: '0' } });
    ids = await memberIds(t);
    alice = await login(t.url, 'alice');
    const cs = await login(t.url, 'cs-agent');
    const partner = await clientToken(t.url, 'partner-ads');
    const read = (token: string, purpose: string, fields: string) =>
      gql(t.url, `query($id: ID!) { member(id: $id) { ${fields} } }`, { id: ids.alice }, { token, purpose });
    expect((await read(cs, 'MEMBER_MANAGEMENT', 'name email')).errors).to.equal(undefined);
    expect((await read(partner, 'MARKETING', 'name')).errors).to.equal(undefined);
    expect((await gql(t.url, '{ me { name } }', {}, { token: alice, purpose: 'SELF_SERVICE' })).errors).to.equal(
      undefined,
    );
  });
  after(() => t.stop());
  const knex = () => t.gateway.services.knex;
  const messagesTo = (to: string) => knex()('notification').select('subject', 'body').where({ recipient: to });

  it('`npm run usage-notices -- --year` queues one notice per active member through the notifier', async function () {
    this.timeout(120_000);
    const out = await usageNoticesCommand(t, year);
    const active = Number((await knex()('member').count({ n: '*' }).where({ status: 'ACTIVE' }).first())?.n);
    expect(out).to.include(`usage notices for ${year}: queued ${active},`);
    const [message, ...more] = await messagesTo('alice@example.com');
    expect(more).to.deep.equal([]);
    expect(message!.subject).to.equal(`How your bettra data was used in ${year}`);
    expect(message!.body).to.match(/Partner Ads Co\. \(PARTNER\) for MARKETING: name/);
    expect(message!.body).to.match(/\(CS_AGENT\) for MEMBER_MANAGEMENT: VIEW/);
  });

  it('is idempotent per member and year: a second run queues nothing', async () => {
    const run = await queueUsageNotices(t.gateway.services, year);
    expect(run.queued).to.equal(0);
    expect(run.alreadyQueued).to.be.greaterThan(0);
    expect(await messagesTo('alice@example.com')).to.have.length(1);
  });

  it('sends a child’s notice to her verified guardian', async () => {
    const minji = await knex()('usage_notice').first('year').where({ member_id: ids.minji, year });
    expect(minji).to.not.equal(undefined);
    const toGuardian = await messagesTo('soyeon.park@example.com');
    expect(toGuardian.map((m) => m.subject)).to.include(`How your bettra data was used in ${year}`);
  });

  it('me { usageNotice(year) } shows the same content: others’ reads by purpose and the provisions, not her own reads', async () => {
    const res = await gql<{ me: { usageNotice: Notice } }>(
      t.url,
      NOTICE,
      { year },
      {
        token: alice,
        purpose: 'SELF_SERVICE',
      },
    );
    expect(res.errors, JSON.stringify(res.errors)).to.equal(undefined);
    const notice = res.data!.me.usageNotice;
    expect(notice.year).to.equal(year);
    expect(notice.accesses.map((a) => a.accessorKind)).to.not.include('MEMBER');
    const staff = notice.accesses.filter((a) => a.accessorKind === 'STAFF');
    expect(staff.map(({ purpose, actions, count }) => ({ purpose, actions, count }))).to.deep.equal([
      { purpose: 'MEMBER_MANAGEMENT', actions: ['VIEW'], count: 1 },
    ]);
    expect(notice.provisions).to.deep.equal([
      { recipientName: 'Partner Ads Co.', recipientKind: 'PARTNER', purpose: 'MARKETING', fields: ['name'], count: 1 },
    ]);
    const [message] = await messagesTo('alice@example.com');
    for (const a of notice.accesses) expect(message!.body).to.include(a.accessorName);
  });

  it('reading it is logged as the member’s own read', async () => {
    const row = await knex()('access_log')
      .first('accessor_id', 'action', 'fields')
      .where({ member_id: ids.alice })
      .orderBy('seq', 'desc');
    expect(row.accessor_id).to.equal(ids.alice);
    expect(row.action).to.equal('VIEW');
    expect(String(row.fields)).to.include('usageNotice');
  });

  it('is the member’s own: SELF_SERVICE only, and a year in the future is BAD_USER_INPUT', async () => {
    const future = await gql(t.url, NOTICE, { year: year + 1 }, { token: alice, purpose: 'SELF_SERVICE' });
    expect(codes(future)).to.deep.equal(['BAD_USER_INPUT']);
    const cs = await login(t.url, 'cs-agent');
    const staff = await gql(
      t.url,
      'query($id: ID!, $year: Int!) { member(id: $id) { usageNotice(year: $year) { year } } }',
      { id: ids.alice, year },
      { token: cs, purpose: 'MEMBER_MANAGEMENT' },
    );
    expect(codes(staff)).to.deep.equal(['PURPOSE_DENIED']);
  });
});
