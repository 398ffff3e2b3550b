import { expect } from 'chai';
import { Lexer, Source, TokenKind, getIntrospectionQuery } from 'graphql';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { codes, gql, login, type Caller, type GraphQLResponse } from '../helpers/http';

/**
 * Every request limit of the README (depth 8, aliases 15, directives 50, tokens 1,000, a first-weighted
 * cost of 5,000) refuses the request before anything runs: the exact code, no data, no access-log row, no database
 * change, and a message that neither states the limit nor hints at the schema.
 */

/** Tables a refused request must leave exactly as they were. */
const WATCHED = [
  'member',
  'consent',
  'access_log',
  'notification',
  'verification_code',
  'complaint',
  'correction_request',
  'cookie_preference',
];

interface DbState {
  maxSeq: number;
  counts: Record<string, number>;
  alice: string;
}

async function dbState(t: TestGateway): Promise<DbState> {
  const { knex } = t.gateway.services;
  const head = await knex('access_log').max({ m: 'seq' }).first();
  const counts: Record<string, number> = {};
  for (const table of WATCHED) {
    const [row] = (await knex(table).count({ n: '*' })) as [{ n: number | string }];
    counts[table] = Number(row.n);
  }
  // Alice's whole row: updateMyProfile changes columns, not counts.
  const alice = await knex('member').first('*').where({ login_id: 'alice' });
  return { maxSeq: Number(head?.m ?? 0), counts, alice: JSON.stringify(alice) };
}

/** A message that states no limit and gives no hint. */
const LIMIT_NUMBERS = /(^|[^0-9])(8|15|50|1,?000|5,?000)([^0-9]|$)/;

function expectRefused(res: GraphQLResponse<unknown>, code: string, status = 400): void {
  const summary = JSON.stringify({ status: res.status, data: res.data, errors: res.errors }).slice(0, 500);
  expect(codes(res), summary).to.deep.equal([code]);
  expect(res.data, `nothing executed, so no data: ${summary}`).to.equal(undefined);
  for (const e of res.errors ?? []) {
    expect(e.message, 'message states no limit').to.not.match(LIMIT_NUMBERS);
    expect(e.message).to.not.include('Did you mean');
    expect(Object.keys(e.extensions ?? {}), 'extensions carry the code only, no limit or count').to.deep.equal([
      'code',
    ]);
  }
  expect(res.status, `HTTP status: ${summary}`).to.equal(status);
}

const SELF = (token: string): Caller => ({ token, purpose: 'SELF_SERVICE' });

const signUpInput = (loginId: string): string =>
  `{ loginId: "${loginId}", password: "a-long-password-1", name: "Mallory", email: "${loginId}@example.com", birthDate: "1990-01-01", agree: true, policyVersion: 1 }`;

/** Tokens as graphql-js's lexer counts them (punctuators, names, values; not commas, spaces or comments). */
function tokenCount(doc: string): number {
  const lexer = new Lexer(new Source(doc));
  let n = 0;
  while (lexer.advance().kind !== TokenKind.EOF) n++;
  return n;
}

/** A harmless document (sign-up with agree: false) of exactly `n` tokens. */
function tokenPadded(n: number): string {
  const doc = (k: number) =>
    `mutation { signUp(input: { loginId: "pad", password: "a-long-password-1", name: "Pad", email: "pad@example.com", agree: false, policyVersion: 1, provideTo: [${'"x" '.repeat(k)}] }) { outcome } }`;
  const base = tokenCount(doc(0));
  return doc(n - base);
}

const times = (n: number, f: (i: number) => string, sep = ' '): string =>
  Array.from({ length: n }, (_, i) => f(i)).join(sep);

/** Depth 10 through introspection of a type (only `__schema` is exempt from the depth count). */
const DEEP_TYPE =
  '__type(name: "Member") { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } }';
/** Exactly depth 8: accepted. */
const DEPTH_8_TYPE = '__type(name: "Member") { fields { type { ofType { ofType { ofType { ofType { name } } } } } } }';

describe('§10 request limits over HTTP', () => {
  let t: TestGateway;
  let alice: string;
  let agent: string;
  before(async () => {
    t = await startGateway({ env: { NODE_ENV: 'development' } });
    alice = await login(t.url, 'alice');
    agent = await login(t.url, 'cs-agent');
  });
  after(() => t?.stop());

  /** Sends each request, asserts the refusal and that the database, access log included, did not move. */
  async function refusedWithoutEffect(
    code: string,
    requests: [string, Caller, Record<string, unknown>?][],
  ): Promise<void> {
    for (const [query, caller, variables] of requests) {
      const before = await dbState(t);
      const started = Date.now();
      const res = await gql(t.url, query, variables ?? {}, caller);
      const ms = Date.now() - started;
      const after = await dbState(t);
      const what = `${query.slice(0, 60)}… → ${res.status} ${JSON.stringify(res.errors).slice(0, 200)}`;
      expect(codes(res), what).to.deep.equal([code]);
      expect(after, `nothing executed: ${what}`).to.deep.equal(before);
      expect(ms, `refused quickly: ${what}`).to.be.below(1000);
      expectRefused(res, code);
    }
  }

  describe('controls: the same shapes under the limits execute and leave traces', () => {
    it('a personal-data read writes an access-log row and a sign-up adds a member', async () => {
      const before = await dbState(t);
      const read = await gql(t.url, `{ me { name } ${DEPTH_8_TYPE} }`, {}, SELF(alice));
      expect(read.errors, JSON.stringify(read.errors)).to.equal(undefined);
      expect(read.data).to.have.nested.property('me.name', 'Alice Kim');
      const signUp = await gql(
        t.url,
        `mutation { ${times(15, (i) => `s${i}: signUp(input: { loginId: "control-${i}", password: "a-long-password-1", name: "Control", email: "control-${i}@example.com", agree: false, policyVersion: 1 }) { outcome }`)} }`,
      );
      expect(signUp.errors, JSON.stringify(signUp.errors)).to.equal(undefined);
      const one = await gql(t.url, `mutation { signUp(input: ${signUpInput('control')}) { outcome } }`);
      expect(one.errors, JSON.stringify(one.errors)).to.equal(undefined);
      const after = await dbState(t);
      expect(after.maxSeq).to.be.above(before.maxSeq);
      expect(after.counts.member).to.equal(before.counts.member + 1);
    });

    it('exactly 50 directives and exactly 1,000 tokens are answered; 1,001 tokens are not', async () => {
      const directives = await gql(t.url, `{ me { ${'name @include(if: true) '.repeat(50)} } }`, {}, SELF(alice));
      expect(directives.errors, JSON.stringify(directives.errors)).to.equal(undefined);
      // A sign-up with agree: false stores nothing; its provideTo list pads the document to an exact token count.
      const exactly1000 = tokenPadded(1000);
      expect(tokenCount(exactly1000)).to.equal(1000);
      const ok = await gql(t.url, exactly1000);
      expect(ok.errors, JSON.stringify(ok.errors)).to.equal(undefined);
      expect(ok.data).to.deep.equal({ signUp: { outcome: 'CANCELLED' } });
      const over = await gql(t.url, tokenPadded(1001));
      expectRefused(over, 'LIMIT_EXCEEDED');
    });

    it('a page of 100 members costing 4,901 is answered (the cost limit is 5,000, lists weighted by first)', async () => {
      // members 1 + edges 100 + node 100 + 47 fields x 100 = 4,901
      const res = await gql(
        t.url,
        `{ members(first: 100) { edges { node { ${'name '.repeat(47)} } } } }`,
        {},
        { token: agent, purpose: 'MEMBER_MANAGEMENT' },
      );
      expect(res.status).to.equal(200);
      expect(codes(res)).to.not.include('LIMIT_EXCEEDED');
      expect((res.data as { members: { edges: unknown[] } }).members.edges).to.not.be.empty;
    });
  });

  it('refuses depth > 8 with LIMIT_EXCEEDED', async () => {
    await refusedWithoutEffect('LIMIT_EXCEEDED', [
      [`{ me { name email } ${DEEP_TYPE} }`, SELF(alice)],
      [
        `query Deep { me { ...Fields } ...Intro } fragment Fields on Member { name } fragment Intro on Query { ${DEEP_TYPE} }`,
        SELF(alice),
      ],
    ]);
  });

  it('refuses more than 15 aliases with LIMIT_EXCEEDED', async () => {
    await refusedWithoutEffect('LIMIT_EXCEEDED', [
      [`{ me { ${times(16, (i) => `a${i}: name`)} } }`, SELF(alice)],
      [`mutation { ${times(16, (i) => `s${i}: signUp(input: ${signUpInput(`alias-${i}`)}) { memberId }`)} }`, {}],
      [
        `mutation { ${times(16, (i) => `p${i}: updateMyProfile(input: { name: "Mallory ${i}" }) { name }`)} }`,
        SELF(alice),
      ],
      // Spread through a fragment, aliases still count.
      [`query { me { ...A } } fragment A on Member { ${times(16, (i) => `a${i}: email`)} }`, SELF(alice)],
    ]);
  });

  it('refuses more than 50 directives with LIMIT_EXCEEDED', async () => {
    await refusedWithoutEffect('LIMIT_EXCEEDED', [
      [`{ me { ${'name @include(if: true) '.repeat(51)} } }`, SELF(alice)],
      [`mutation { signUp(input: ${signUpInput('directives')}) { ${'memberId @skip(if: false) '.repeat(51)} } }`, {}],
      [
        `mutation { updateMyProfile(input: { name: "Mallory" }) { ${'name @include(if: true) '.repeat(51)} } }`,
        SELF(alice),
      ],
    ]);
  });

  it('refuses more than 1,000 tokens with LIMIT_EXCEEDED', async () => {
    await refusedWithoutEffect('LIMIT_EXCEEDED', [
      [`{ me { ${'name '.repeat(996)} } }`, SELF(alice)], // 1,001 tokens
      [`{ me { ${'name '.repeat(1000)} } }`, SELF(alice)],
      [`mutation { signUp(input: ${signUpInput('tokens')}) { ${'memberId '.repeat(1000)} } }`, {}],
      [`mutation { updateMyProfile(input: { name: "Mallory" }) { ${'name '.repeat(1000)} } }`, SELF(alice)],
    ]);
  });

  it('refuses a cost over 5,000 (lists weighted by first) with LIMIT_EXCEEDED', async () => {
    const manager: Caller = { token: agent, purpose: 'MEMBER_MANAGEMENT' };
    await refusedWithoutEffect('LIMIT_EXCEEDED', [
      // 1 + 100 + 100 + 48 x 100 = 5,001
      [`{ members(first: 100) { edges { node { ${'name '.repeat(48)} } } } }`, manager],
      // three pages of every field: about 2,200 each, the cost adds up across root fields
      [
        `{ ${times(3, (i) => `p${i}: members(first: 100) { edges { cursor node { id name email phone address birthDate gender ageBand bankAccount cardNumber guardianName guardianContact signupIp browser os inflowRoute loginId deliveryArea status } } pageInfo { hasNextPage endCursor } }`)} }`,
        manager,
      ],
      // nested lists multiply
      [`{ members(first: 100) { edges { node { name accessHistory(first: 100) { edges { cursor } } } } } }`, manager],
      // the page size through a variable
      [
        'query($n: Int!) { members(first: $n) { edges { node { name email phone address birthDate gender ageBand } } } }',
        manager,
        { n: 1000 },
      ],
      [
        'mutation { updateMyProfile(input: { name: "Mallory" }) { name accessHistory(first: 5000) { edges { cursor } } } }',
        SELF(alice),
      ],
    ]);
  });

  it('abuse 6: costs a page size given by a variable default, and a list without first by the rows it can return', async () => {
    const manager: Caller = { token: agent, purpose: 'MEMBER_MANAGEMENT' };
    const CORRECTION = 'id field memberId newValue reason requestedAt resolvedAt status';
    await refusedWithoutEffect('LIMIT_EXCEEDED', [
      // runs with first: 100 when no variable is sent: 1 + 100 + 100 + 48 x 100 = 5,001
      [`query($n: Int = 100) { members(first: $n) { edges { node { ${'name '.repeat(48)} } } } }`, manager],
      // openCorrections returns up to 500 rows: 2 x (1 + 500 x 8) = 8,002
      [`{ a: openCorrections { ${CORRECTION} } b: openCorrections { ${CORRECTION} } }`, manager],
    ]);
  });

  it('refuses a field repeated 5,000 times quickly, before anything runs', async () => {
    await refusedWithoutEffect('LIMIT_EXCEEDED', [
      [`{ me { ${'name '.repeat(5000)} } }`, SELF(alice)],
      [
        `{ members(first: 1) { edges { node { ${'email '.repeat(5000)} } } } }`,
        { token: agent, purpose: 'MEMBER_MANAGEMENT' },
      ],
      [`mutation { updateMyProfile(input: { name: "Mallory" }) { ${'name '.repeat(5000)} } }`, SELF(alice)],
    ]);
  });

  it('refuses huge documents up to the 100 kB body limit quickly', async () => {
    const fill = (unit: string, budget = 98_000) => unit.repeat(Math.floor(budget / unit.length));
    const docs: [string, Caller][] = [
      [`{ me { ${fill('name ')} } }`, SELF(alice)],
      [`{ me { ${fill('name,')} } }`, SELF(alice)],
      [`{ ${fill('me { ')} name }`, SELF(alice)],
      [`{ me { ${times(12_000, (i) => `a${i}: name`).slice(0, 98_000)} } }`, SELF(alice)],
      [`{ me { name ${fill('@include(if: true) ')} } }`, SELF(alice)],
      [`query(${times(9_000, (i) => `$v${i}: Int`).slice(0, 95_000)}) { me { name } }`, SELF(alice)],
      [`{ me { name } } ${fill('fragment F on Query { me { name } } ', 95_000)}`, SELF(alice)],
      [`{ privacyPolicy(version: ${fill('[', 95_000)}) { version } }`, {}],
    ];
    for (const [doc] of docs)
      expect(Buffer.byteLength(JSON.stringify({ query: doc, variables: {} }))).to.be.below(100 * 1024);
    await refusedWithoutEffect('LIMIT_EXCEEDED', docs);
  });

  it('refuses cyclic fragments with a validation error, quickly and without running anything', async () => {
    await refusedWithoutEffect('GRAPHQL_VALIDATION_FAILED', [
      ['query { ...A } fragment A on Query { me { name } ...B } fragment B on Query { ...A }', SELF(alice)],
      ['query { me { ...A } } fragment A on Member { name ...A }', SELF(alice)],
      [
        'query { me { ...A } } fragment A on Member { name ...B } fragment B on Member { email ...C } fragment C on Member { phone ...A }',
        SELF(alice),
      ],
      [
        'mutation { updateMyProfile(input: { name: "Mallory" }) { ...A } } fragment A on Member { name ...B } fragment B on Member { ...A }',
        SELF(alice),
      ],
    ]);
  });

  it('answers graphql’s own introspection query in development', async () => {
    const res = await gql<{ __schema: { queryType: { name: string }; types: { name: string }[] } }>(
      t.url,
      getIntrospectionQuery(),
    );
    expect(res.errors, JSON.stringify(res.errors)).to.equal(undefined);
    expect(res.status).to.equal(200);
    expect(res.data!.__schema.queryType.name).to.equal('Query');
    expect(res.data!.__schema.types.map((x) => x.name)).to.include.members(['Member', 'Mutation']);
  });
});
