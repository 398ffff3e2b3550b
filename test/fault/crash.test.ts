import fs from 'node:fs';
import { expect } from 'chai';
import {
  LOGIN,
  Sqlite,
  auditVerify,
  errorCodes,
  freePort,
  freshDataDir,
  gatewayFile,
  integrityCheck,
  loginAs,
  post,
  retentionFile,
  skipUnlessSqlite,
  startGatewayProcess,
  tail,
  type GatewayProcess,
  type Outcome,
} from './support';

const ME = 'query Me { me { name email phone } }';
const LIST = 'query CsList { members(first: 10) { edges { node { name email } } } }';
const ME_FIELDS = ['email', 'name', 'phone'];

/** Load shape: clients per account, and when to pull the plug. */
const MEMBER_CLIENTS = 3; // each, for alice and bob
const CS_CLIENTS = 2;
const RELOGIN_EVERY = 8;
const KILL_AFTER_MS = 2500;
const MIN_RESPONSES_BEFORE_KILL = 40;
const LOAD_HARD_LIMIT_MS = 15_000;
const MAX_ITERATIONS = 5000;

/** What the clients saw, per stream of requests. */
interface Tally {
  sent: number;
  /** Requests that got no answer at all (in flight at the kill, or refused after it). */
  lost: number;
  /** Answers carrying at least one personal value. */
  personal: number;
  /** Answers without any personal value (withheld, denied, errors), by code. */
  impersonal: Record<string, number>;
  /** For list reads: per member name, the answers in which a value of that member appeared. */
  byMember: Record<string, number>;
  /** Personal fields seen in the answers (to check the rows list them). */
  fields: Set<string>;
  lastAnswerAt: number;
}

const tally = (): Tally => ({
  sent: 0,
  lost: 0,
  personal: 0,
  impersonal: {},
  byMember: {},
  fields: new Set(),
  lastAnswerAt: 0,
});

describe('§10 kill -9 of the gateway under load, then restart on the same DATA_DIR', function () {
  this.timeout(60_000);
  let dataDir: string;
  let first: GatewayProcess | null = null;
  let second: GatewayProcess | null = null;
  const seen: Record<'alice' | 'bob' | 'cs-agent', Tally> = { alice: tally(), bob: tally(), 'cs-agent': tally() };
  let logins = 0;
  let loadStart = 0;
  let killAt = 0;
  let inFlightAtKill = 0;

  before(async function () {
    if (skipUnlessSqlite()) this.skip();
    dataDir = freshDataDir();
    first = await startGatewayProcess(dataDir, await freePort(), { COST_BUDGET_PER_MINUTE: '0' });
    const url = first.url;
    let killed = false;
    let inFlight = 0;
    let answered = 0;
    const deadline = () => killed || Date.now() - loadStart > LOAD_HARD_LIMIT_MS;

    const send = async (
      t: Tally | null,
      query: string,
      variables: Record<string, unknown>,
      token?: string,
      purpose?: string,
    ): Promise<Outcome> => {
      if (t) t.sent++;
      inFlight++;
      const o = await post(url, query, variables, token, purpose, 10_000);
      inFlight--;
      if (o.status !== null) answered++;
      return o;
    };
    const impersonal = (t: Tally, o: Outcome) => {
      const key = o.status === null ? 'NO_ANSWER' : errorCodes(o).join(',') || `HTTP_${o.status}`;
      t.impersonal[key] = (t.impersonal[key] ?? 0) + 1;
    };

    const memberClient = async (loginId: 'alice' | 'bob') => {
      const t = seen[loginId];
      let token: string | undefined;
      for (let i = 0; i < MAX_ITERATIONS && !deadline(); i++) {
        if (i % RELOGIN_EVERY === 0) {
          const o = await send(null, LOGIN, { loginId, password: 'demo-password' });
          if (o.status === null) break;
          token = (o.body?.data?.login as { accessToken?: string } | undefined)?.accessToken ?? token;
          logins++;
        }
        const o = await send(t, ME, {}, token, 'SELF_SERVICE');
        if (o.status === null) {
          t.lost++;
          break;
        }
        const me = o.body?.data?.me as Record<string, unknown> | null | undefined;
        const returned = Object.entries(me ?? {})
          .filter(([, v]) => v !== null && v !== undefined)
          .map(([k]) => k);
        if (returned.length > 0) {
          t.personal++;
          returned.forEach((f) => t.fields.add(f));
          t.lastAnswerAt = o.at;
        } else impersonal(t, o);
      }
    };

    const csClient = async () => {
      const t = seen['cs-agent'];
      let token: string | undefined;
      for (let i = 0; i < MAX_ITERATIONS && !deadline(); i++) {
        if (i % (RELOGIN_EVERY * 3) === 0) {
          const o = await send(null, LOGIN, { loginId: 'cs-agent', password: 'demo-password' });
          if (o.status === null) break;
          token = (o.body?.data?.login as { accessToken?: string } | undefined)?.accessToken ?? token;
          logins++;
        }
        const o = await send(t, LIST, {}, token, 'MEMBER_MANAGEMENT');
        if (o.status === null) {
          t.lost++;
          break;
        }
        const edges = (o.body?.data?.members as { edges?: { node: Record<string, unknown> }[] } | null)?.edges ?? [];
        let any = false;
        for (const { node } of edges) {
          const returned = Object.entries(node)
            .filter(([, v]) => v !== null && v !== undefined)
            .map(([k]) => k);
          if (returned.length === 0) continue;
          any = true;
          returned.forEach((f) => t.fields.add(f));
          const name = String(node.name ?? node.email);
          t.byMember[name] = (t.byMember[name] ?? 0) + 1;
        }
        if (any) {
          t.personal++;
          t.lastAnswerAt = o.at;
        } else impersonal(t, o);
      }
    };

    loadStart = Date.now();
    const clients = [
      ...Array.from({ length: MEMBER_CLIENTS }, () => memberClient('alice')),
      ...Array.from({ length: MEMBER_CLIENTS }, () => memberClient('bob')),
      ...Array.from({ length: CS_CLIENTS }, () => csClient()),
    ];
    // Mid-load: after KILL_AFTER_MS, once a fair number of answers came back (bounded by the hard limit).
    while (!deadline() && (Date.now() - loadStart < KILL_AFTER_MS || answered < MIN_RESPONSES_BEFORE_KILL)) {
      await new Promise((r) => setTimeout(r, 25));
    }
    inFlightAtKill = inFlight;
    killAt = Date.now();
    await first.kill9();
    killed = true;
    await Promise.all(clients);

    second = await startGatewayProcess(dataDir, await freePort(), { COST_BUDGET_PER_MINUTE: '0' });
  });

  after(async () => {
    await first?.kill9();
    await second?.stop();
    if (dataDir && !process.env.FAULT_KEEP_DATA) fs.rmSync(dataDir, { recursive: true, force: true });
    else if (dataDir) console.log(`kept ${dataDir}`);
  });

  it('was killed mid-load: answers with personal data right up to the kill, requests still in flight', () => {
    const all = Object.values(seen);
    const summary = JSON.stringify({
      logins,
      inFlightAtKill,
      ...Object.fromEntries(Object.entries(seen).map(([k, t]) => [k, { ...t, fields: [...t.fields] }])),
    });
    if (process.env.FAULT_VERBOSE) console.log(`      load until the kill at +${killAt - loadStart} ms: ${summary}`);
    for (const [who, t] of Object.entries(seen))
      expect(t.personal, `${who} got personal answers: ${summary}`).to.be.greaterThan(0);
    expect(
      Math.max(...all.map((t) => t.lastAnswerAt)),
      `a personal answer within 300 ms of the kill: ${summary}`,
    ).to.be.greaterThan(killAt - 300);
    expect(inFlightAtKill, `requests in flight at the kill: ${summary}`).to.be.greaterThan(0);
    expect(
      all.reduce((n, t) => n + t.lost, 0),
      summary,
    ).to.be.greaterThan(0);
  });

  it('restarts on the same DATA_DIR with both SQLite files passing PRAGMA integrity_check', async () => {
    expect(await integrityCheck(gatewayFile(dataDir))).to.equal('ok');
    expect(await integrityCheck(retentionFile(dataDir))).to.equal('ok');
  });

  it('has an access-log row for every answer with personal data the clients received', async () => {
    const db = await Sqlite.open(gatewayFile(dataDir));
    try {
      const member = Object.fromEntries(
        (await db.all<{ id: string; login_id: string; name: string }>('select id, login_id, name from member')).map(
          (m) => [m.login_id, m],
        ),
      );
      const [staff] = await db.all<{ id: string }>("select id from staff where login_id = 'cs-agent'");
      const rows = await db.all<{
        accessor_id: string;
        member_id: string | null;
        purpose: string | null;
        action: string;
        fields: string;
        request_id: string;
      }>('select accessor_id, member_id, purpose, action, fields, request_id from access_log order by seq');

      // SELF_SERVICE: per member, their own reads.
      for (const loginId of ['alice', 'bob'] as const) {
        const t = seen[loginId];
        const id = member[loginId]!.id;
        const own = rows.filter(
          (r) => r.accessor_id === id && r.member_id === id && r.purpose === 'SELF_SERVICE' && r.action === 'VIEW',
        );
        const complete = own.filter((r) => ME_FIELDS.every((f) => (JSON.parse(r.fields) as string[]).includes(f)));
        const what = `${loginId}: ${t.personal} personal answers received (${t.sent} sent, ${t.lost} unanswered, impersonal ${JSON.stringify(t.impersonal)}); ${own.length} SELF_SERVICE rows, ${complete.length} listing ${ME_FIELDS}`;
        expect([...t.fields].sort(), what).to.deep.equal(ME_FIELDS);
        expect(complete.length, `every answer logged: ${what}`).to.be.at.least(t.personal);
        // No row without a request behind it: at most the unanswered ones were logged besides.
        expect(own.length, `no extra rows: ${what}`).to.be.at.most(t.personal + t.lost);
      }

      // MEMBER_MANAGEMENT list reads: per member whose values the agent received, and per request.
      const t = seen['cs-agent'];
      const agentRows = rows.filter((r) => r.accessor_id === staff!.id && r.purpose === 'MEMBER_MANAGEMENT');
      const byName = Object.fromEntries(Object.values(member).map((m) => [m.name, m.id]));
      for (const [name, answers] of Object.entries(t.byMember)) {
        const id = byName[name];
        expect(id, `member named ${name}`).to.be.a('string');
        const logged = agentRows.filter(
          (r) => r.member_id === id && (JSON.parse(r.fields) as string[]).length > 0,
        ).length;
        expect(logged, `cs-agent received ${name}'s data in ${answers} answers; rows: ${logged}`).to.be.at.least(
          answers,
        );
      }
      const requests = new Set(agentRows.map((r) => r.request_id)).size;
      const what = `cs-agent: ${t.personal} personal answers (${t.sent} sent, ${t.lost} unanswered, impersonal ${JSON.stringify(t.impersonal)}); rows of ${requests} requests`;
      expect(requests, what).to.be.at.least(t.personal);
      expect(requests, what).to.be.at.most(t.personal + t.lost);

      // Per accessor, as a whole.
      for (const [who, id] of [
        ['alice', member.alice!.id],
        ['bob', member.bob!.id],
        ['cs-agent', staff!.id],
      ] as const) {
        const n = rows.filter((r) => r.accessor_id === id).length;
        expect(n, `${who}: rows ≥ personal answers`).to.be.at.least(seen[who].personal);
      }
    } finally {
      await db.close();
    }
  });

  it('answers normally after the restart, extending the same chain', async () => {
    const alice = await loginAs(second!.url, 'alice');
    const me = await post(second!.url, ME, {}, alice, 'SELF_SERVICE');
    expect(me.body?.data?.me, me.text).to.deep.equal({
      name: 'Alice Kim',
      email: 'alice@example.com',
      phone: '010-1234-5678',
    });
    const cs = await loginAs(second!.url, 'cs-agent');
    const list = await post(second!.url, LIST, {}, cs, 'MEMBER_MANAGEMENT');
    expect(list.text).to.include('Bob Lee');
    expect(
      errorCodes(list).every((c) => c === 'GUARDIAN_CONSENT_REQUIRED'),
      list.text,
    ).to.equal(true);
  });

  it('keeps a chain that npm run audit:verify accepts', async () => {
    const v = await auditVerify(dataDir);
    expect(
      v.code,
      `${v.output}\n--- gateway before the kill:\n${tail(first!.output())}\n--- after:\n${tail(second!.output())}`,
    ).to.equal(0);
    expect(v.output).to.match(/verified \d+ rows/);
  });

  it('logged no internal error before the kill or after the restart', () => {
    for (const [when, out] of [
      ['before the kill', first!.output()],
      ['after the restart', second!.output()],
    ] as const) {
      expect(out, when).to.not.match(/"level":"error"/);
    }
  });
});
