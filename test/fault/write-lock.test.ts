import fs from 'node:fs';
import { expect } from 'chai';
import {
  Sqlite,
  auditVerify,
  errorCodes,
  freePort,
  freshDataDir,
  gatewayFile,
  loginAs,
  post,
  skipUnlessSqlite,
  startGatewayProcess,
  tail,
  type GatewayProcess,
  type Outcome,
} from './support';

const ME = 'query Me { me { name email phone } }';
const LIST = 'query CsList { members(first: 10) { edges { node { name email } } } }';
/** How long the other process holds the write lock: past the gateway's 5 s busy timeout. */
const HOLD_MS = 7000;
/** Codes a read may answer while the log cannot be written: fail closed, and say why. */
const CLEAR_CODES = ['AUDIT_UNAVAILABLE', 'TIMEOUT'];

const GRANT = 'mutation Grant { grantConsent(purpose: "MARKETING") { id purpose } }';

interface Sent {
  what: 'me' | 'list' | 'grant';
  sentAt: number;
  outcome: Outcome;
}

/** Every personal value a baseline answer held, to look for in the answers given under the lock. */
function personalValues(me: Outcome, list: Outcome): string[] {
  const values = new Set<string>();
  const add = (v: unknown) => typeof v === 'string' && v.length > 0 && values.add(v);
  const m = me.body?.data?.me as Record<string, unknown> | undefined;
  for (const v of Object.values(m ?? {})) add(v);
  const edges = (list.body?.data?.members as { edges?: { node: Record<string, unknown> }[] } | undefined)?.edges ?? [];
  for (const e of edges) for (const v of Object.values(e.node)) add(v);
  return [...values];
}

describe('§10 another process holds the SQLite write lock past the busy timeout', function () {
  this.timeout(60_000);
  let dataDir: string;
  let gw: GatewayProcess | null = null;
  let holder: Sqlite | null = null;
  let alice: string;
  let cs: string;
  let bob: string;
  let values: string[];
  const sent: Sent[] = [];
  let lockedAt = 0;
  let releasedAt = 0;

  before(async function () {
    if (skipUnlessSqlite()) this.skip();
    dataDir = freshDataDir();
    gw = await startGatewayProcess(dataDir, await freePort(), {
      COST_BUDGET_PER_MINUTE: '0',
      JOBS_INTERVAL_SECONDS: '0',
      RETENTION_INTERVAL_MINUTES: '0',
    });
    alice = await loginAs(gw.url, 'alice');
    cs = await loginAs(gw.url, 'cs-agent');
    bob = await loginAs(gw.url, 'bob');
    const me = await post(gw.url, ME, {}, alice, 'SELF_SERVICE');
    const list = await post(gw.url, LIST, {}, cs, 'MEMBER_MANAGEMENT');
    expect(me.body?.data?.me, me.text).to.deep.equal({
      name: 'Alice Kim',
      email: 'alice@example.com',
      phone: '010-1234-5678',
    });
    // jun (under 14, guardian consent pending) is always denied; nothing else may be.
    expect(
      errorCodes(list).every((c) => c === 'GUARDIAN_CONSENT_REQUIRED'),
      list.text,
    ).to.equal(true);
    values = personalValues(me, list);
    expect(values).to.include.members(['Alice Kim', 'bob@example.com', 'Minji Park']);

    // A separate connection, as another process would hold it: the write lock, for HOLD_MS.
    holder = await Sqlite.open(gatewayFile(dataDir), 1000);
    await holder.exec('BEGIN EXCLUSIVE');
    lockedAt = Date.now();
    const fire = async (what: Sent['what'], delayMs: number) => {
      await new Promise((r) => setTimeout(r, delayMs));
      const sentAt = Date.now();
      const outcome =
        what === 'me'
          ? await post(gw!.url, ME, {}, alice, 'SELF_SERVICE')
          : what === 'list'
            ? await post(gw!.url, LIST, {}, cs, 'MEMBER_MANAGEMENT')
            : await post(gw!.url, GRANT, {}, bob, 'SELF_SERVICE');
      sent.push({ what, sentAt, outcome });
    };
    // Three readers at once, then one more every second while the lock is held; and bob changes a consent.
    const inFlight = [
      fire('me', 0),
      fire('list', 0),
      fire('me', 0),
      fire('list', 1000),
      fire('me', 2000),
      fire('list', 3000),
      fire('grant', 500),
    ];
    await new Promise((r) => setTimeout(r, HOLD_MS - (Date.now() - lockedAt)));
    await holder.exec('ROLLBACK');
    releasedAt = Date.now();
    await Promise.all(inFlight);
  });

  after(async () => {
    await holder?.close();
    await gw?.stop();
    if (dataDir && !process.env.FAULT_KEEP_DATA) fs.rmSync(dataDir, { recursive: true, force: true });
    else if (dataDir) console.log(`kept ${dataDir}`);
  });

  it('answers every read made under the lock with HTTP status below 500, no stack, and a clear code', () => {
    if (process.env.FAULT_VERBOSE) {
      for (const s of sent) {
        console.log(
          `      ${s.what} sent +${s.sentAt - lockedAt} ms, answered +${s.outcome.at - lockedAt} ms (lock released +${releasedAt - lockedAt} ms): ` +
            `HTTP ${s.outcome.status} ${[...new Set(errorCodes(s.outcome))].join(',')}`,
        );
      }
    }
    expect(sent).to.have.length(7);
    for (const s of sent.filter((x) => x.what !== 'grant')) {
      const what = `${s.what} sent at +${s.sentAt - lockedAt} ms, answered at +${s.outcome.at - lockedAt} ms: HTTP ${s.outcome.status} ${s.outcome.text.slice(0, 600)}`;
      expect(s.outcome.status, what).to.be.a('number');
      expect(s.outcome.status, what).to.not.equal(500);
      expect(s.outcome.body, `${what}: JSON`).to.not.equal(null);
      expect(s.outcome.text, what).to.not.match(/stacktrace|\bat .+\.(ts|js):\d+|SQLITE_|Error:/);
      if (s.outcome.at < releasedAt) {
        // Answered while the lock was held: nothing can have been logged, so nothing personal may have left.
        const codes = errorCodes(s.outcome).filter((c) => c !== 'GUARDIAN_CONSENT_REQUIRED'); // jun, always
        expect(codes, what).to.not.be.empty;
        expect(
          codes.every((c) => CLEAR_CODES.includes(c)),
          what,
        ).to.equal(true);
      }
    }
  });

  it('gives out no personal value while the log cannot be written', () => {
    const underLock = sent.filter((s) => s.what !== 'grant' && s.outcome.at < releasedAt);
    expect(underLock.length, 'at least the first readers are answered before the lock is released').to.be.greaterThan(
      0,
    );
    for (const s of underLock) {
      for (const v of values)
        expect(s.outcome.text, `${s.what} answered at +${s.outcome.at - lockedAt} ms leaks "${v}"`).to.not.include(v);
    }
    for (const s of underLock.filter((x) => x.outcome.body?.data)) {
      const data = s.outcome.body!.data!;
      if (s.what === 'me' && data.me) expect(data.me).to.deep.equal({ name: null, email: null, phone: null });
      if (s.what === 'list' && data.members) {
        for (const e of (data.members as { edges: { node: Record<string, unknown> }[] }).edges)
          expect(e.node).to.deep.equal({ name: null, email: null });
      }
    }
  });

  it('refuses a change it cannot log, without a 500 or a stack; a change it makes has its row', async () => {
    const grant = sent.find((s) => s.what === 'grant')!;
    const what = `grant answered at +${grant.outcome.at - lockedAt} ms (lock released +${releasedAt - lockedAt} ms): HTTP ${grant.outcome.status} ${grant.outcome.text.slice(0, 400)}`;
    expect(grant.outcome.status, what).to.be.a('number').and.below(500);
    expect(grant.outcome.text, what).to.not.match(/stacktrace|\bat .+\.(ts|js):\d+|SQLITE_|Error:/);
    const applied = grant.outcome.body?.data?.grantConsent ?? null;
    if (applied === null) expect(errorCodes(grant.outcome), what).to.have.length(1);
    else expect(grant.outcome.at, `${what}: applied only once the lock was gone`).to.be.at.least(releasedAt);
    const db = await Sqlite.open(gatewayFile(dataDir));
    try {
      const [{ id: bobId }] = await db.all<{ id: string }>("select id from member where login_id = 'bob'");
      const consents = await db.all(
        "select id from consent where member_id = ? and purpose = 'MARKETING' and withdrawn_at is null",
        [bobId],
      );
      const rows = await db.all("select seq from access_log where member_id = ? and action = 'CHANGE'", [bobId]);
      expect([consents.length, rows.length], `${what}: [marketing consents, CHANGE rows] of bob`).to.deep.equal(
        applied === null ? [0, 0] : [1, 1],
      );
    } finally {
      await db.close();
    }
  });

  it('answers normally once the lock is released: a personal answer has its row committed, changes go through', async () => {
    const db = await Sqlite.open(gatewayFile(dataDir));
    try {
      const [{ id: aliceId }] = await db.all<{ id: string }>("select id from member where login_id = 'alice'");
      const own = async () =>
        (
          await db.all<{ n: number }>(
            "select count(*) as n from access_log where accessor_id = ? and member_id = ? and purpose = 'SELF_SERVICE'",
            [aliceId, aliceId],
          )
        )[0]!.n;
      const personalUnderLock = sent.filter(
        (s) => s.what === 'me' && (s.outcome.body?.data?.me as { name?: string } | null)?.name,
      ).length;
      // The baseline read, and any personal answer given after the release, each with its row.
      const before = await own();
      // A read, a change, a list read (all made, then checked: the chain test after this one sees the result).
      const me = await post(gw!.url, ME, {}, alice, 'SELF_SERVICE');
      const afterMe = await own(); // committed, i.e. visible to another connection, once the answer is out
      const change = await post(
        gw!.url,
        'mutation Withdraw { withdrawConsent(purpose: "MARKETING") }',
        {},
        bob,
        'SELF_SERVICE',
      );
      const list = await post(gw!.url, LIST, {}, cs, 'MEMBER_MANAGEMENT');
      const afterList = await own();

      expect(before, 'alice’s reads before this one, logged').to.equal(1 + personalUnderLock);
      expect(me.status).to.equal(200);
      expect(me.body?.data?.me, me.text).to.deep.equal({
        name: 'Alice Kim',
        email: 'alice@example.com',
        phone: '010-1234-5678',
      });
      expect(afterMe, 'the row of the read just answered, as another connection sees it').to.equal(before + 1);
      expect(change.body?.errors, `a change after the release: ${change.text}`).to.equal(undefined);
      expect(change.body?.data?.withdrawConsent).to.be.a('number');
      expect(
        errorCodes(list).every((c) => c === 'GUARDIAN_CONSENT_REQUIRED'),
        list.text,
      ).to.equal(true);
      expect(list.text).to.include('Alice Kim');
      expect(afterList, 'alice’s rows are all still there after the next writes').to.equal(before + 1);
    } finally {
      await db.close();
    }
  });

  it('leaves a chain that npm run audit:verify accepts', async () => {
    const v = await auditVerify(dataDir);
    expect(v.code, `${v.output}\n--- gateway:\n${tail(gw!.output())}`).to.equal(0);
    expect(v.output).to.match(/verified \d+ rows/);
  });
});
