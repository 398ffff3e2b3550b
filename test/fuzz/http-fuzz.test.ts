import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { clientToken, login } from '../helpers/http';
import { operation } from '../helpers/operations';
import { verifyChain } from '../../src/audit/verify';

/**
 * Random and mutated requests over real HTTP. Valid operations from test/operations are mutated
 * (characters deleted, duplicated, inserted; GraphQL tokens inserted; variable types swapped), sent with random
 * variables and random headers (X-Purpose, Authorization garbage, forged tokens, unicode), and raw bodies of every
 * shape. Every answer must be well-formed GraphQL JSON, never a 5xx, and never show a stack trace, SQL or a path.
 *
 * Fixed seeds and run counts: a failure reproduces exactly. The requests are sent first, the rules are checked
 * after, one test each, so one broken rule does not hide the others.
 */

const SEED = 0x1557_0007;
const RUNS = { mutated: 300, variablesAndHeaders: 300, rawBodies: 150 };

/** `Logout` is left out: it would end the sessions the other requests use. */
const OPERATIONS = ['Login', 'Me', 'Members', 'MemberById', 'PublicInfo'].map((name) => ({
  name,
  text: operation(name),
}));

const PURPOSES = [
  'SELF_SERVICE',
  'MEMBER_MANAGEMENT',
  'ORDER_FULFILLMENT',
  'PAYMENT_SETTLEMENT',
  'MARKETING',
  'SERVICE_DEVELOPMENT',
  'LEGAL_REQUEST',
];

const GRAPHQL_TOKENS = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ':',
  '$',
  '!',
  '=',
  '@',
  '...',
  '|',
  '&',
  ',',
  '#',
  '"',
  '"""',
  '\n',
  '\t',
  'query',
  'mutation',
  'subscription',
  'fragment',
  'on',
  'null',
  'true',
  'false',
  'schema',
  'extend',
  'fragment F on Query { __typename }',
  '...F',
  '... on Member { name }',
  '__typename',
  '__schema { types { name } }',
  '__type(name: "Member") { fields { name } }',
  '@include(if: true)',
  '@skip(if: false)',
  '@deprecated',
  '@include(if: $x)',
  '$first',
  '$loginId',
  '$v: Int',
  '1e400',
  '-0',
  '99999999999999999999999999',
  '9007199254740993',
  '-2147483649',
  '0x10',
  '1.',
  '.5',
  'NaN',
  'Infinity',
  '"\\u0000"',
  '"\\uD800"',
  '"\\u{1F600}"',
  '"😀"',
  '\u0000',
  '\u00A0',
  '\uFEFF',
  '\u2028',
  '\uD800',
  'members(first: 100) { edges { node { name bankAccount } } }',
  'me { name cardNumber }',
  'member(id: "x") { name }',
  'retainedRecords(memberId: "x") { data }',
  'accessLogs(first: 5) { edges { node { hash } } }',
  'exportMyData',
  'logout',
  'withdrawMembership',
  'id',
  'name',
  'bankAccount',
  'cardNumber',
  'password',
  'a: name',
  'b: email',
  'Int',
  'Int!',
  'String',
  'String!',
  '[Int!]!',
  'ID',
  'Boolean',
  'Float',
  'ProfileInput',
  'MemberStatus',
  'JSONObject',
  'ACTIVE',
  '{a: 1}',
  '[1, 2]',
  '"""block\nstring"""',
  'x'.repeat(300),
];

const TYPES = [
  'Int',
  'Int!',
  'String',
  'String!',
  'ID!',
  'Boolean',
  'Float!',
  '[Int]',
  '[String!]!',
  '[[ID]]',
  'ProfileInput',
  'SignUpInput!',
  'MemberStatus',
  'JSONObject',
  'AccessLogFilter',
  'Member',
  'Query',
  'Nope',
  '__Type',
];

/** A JSON value nested `depth` levels deep. */
const nested = (depth: number, leaf: unknown): unknown => {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v];
  return v;
};

const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(
    2 ** 31,
    -(2 ** 31) - 1,
    2 ** 53 + 1,
    Number.MAX_SAFE_INTEGER,
    1e308,
    -1e308,
    5e-324,
    0.1,
    -0,
    100,
    101,
    1_000_000,
    -1,
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 2000 }),
  fc.constantFrom(
    'alice',
    'demo-password',
    'cs-agent',
    "' OR 1=1 --",
    "'; drop table member; --",
    '../../etc/passwd',
    '%00',
    '\u0000',
    '${process.env}',
    '{{7*7}}',
    '<script>alert(1)</script>',
    'ACTIVE',
    'MARKETING',
    '00000000-0000-0000-0000-000000000000',
  ),
  fc.jsonValue({ maxDepth: 3 }),
  fc.tuple(fc.integer({ min: 1, max: 3000 }), fc.jsonValue({ maxDepth: 1 })).map(([d, leaf]) => nested(d, leaf)),
);

/** The variables an operation declares, each given a random value (or left out), plus strangers. */
const variablesFor = (text: string): fc.Arbitrary<Record<string, unknown>> => {
  const declared = [...text.matchAll(/\$(\w+)\s*:/g)].map((m) => m[1]!);
  const known = fc.record(Object.fromEntries(declared.map((n) => [n, anyValue])), { requiredKeys: [] });
  const strangers = fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), anyValue, { maxKeys: 3 });
  return fc.tuple(known, strangers).map(([k, s]) => ({ ...s, ...k }));
};

/** One edit of a document's text. */
const edit: fc.Arbitrary<(s: string) => string> = fc.oneof(
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 20 })).map(([at, n]) => (s: string) => {
    const i = at % (s.length + 1);
    return s.slice(0, i) + s.slice(i + n);
  }),
  fc
    .tuple(fc.nat(), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 5 }))
    .map(([at, n, k]) => (s: string) => {
      const i = at % (s.length + 1);
      return s.slice(0, i) + s.slice(i, i + n).repeat(k + 1) + s.slice(i + n);
    }),
  fc.tuple(fc.nat(), fc.string({ unit: 'binary', minLength: 1, maxLength: 8 })).map(([at, ins]) => (s: string) => {
    const i = at % (s.length + 1);
    return s.slice(0, i) + ins + s.slice(i);
  }),
  fc.tuple(fc.nat(), fc.constantFrom(...GRAPHQL_TOKENS)).map(([at, tok]) => (s: string) => {
    const i = at % (s.length + 1);
    return `${s.slice(0, i)} ${tok} ${s.slice(i)}`;
  }),
  fc.tuple(fc.nat(), fc.constantFrom(...TYPES)).map(([nth, type]) => (s: string) => {
    const found = [...s.matchAll(/:\s*(\[?\w+!?\]?!?)/g)];
    if (found.length === 0) return s;
    const m = found[nth % found.length]!;
    return s.slice(0, m.index) + `: ${type}` + s.slice(m.index! + m[0].length);
  }),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => (s: string) => {
    if (s.length < 2) return s;
    const [i, j] = [a % s.length, b % s.length].sort((x, y) => x - y) as [number, number];
    return s.slice(0, i) + s[j] + s.slice(i + 1, j) + s[i] + s.slice(j + 1);
  }),
);

/** A header value as a client could send it: unicode goes out as its UTF-8 bytes, control characters never. */
const headerSafe = (s: string): string =>
  Buffer.from(s, 'utf8')
    .toString('latin1')
    .replace(/[\x00-\x08\x0a-\x1f\x7f]/g, '')
    .trim();

type Placeholder = 'alice' | 'agent' | 'courier' | 'none';

interface Headers {
  auth: { kind: Placeholder | 'raw' | 'tampered' | 'forged'; value: string } | null;
  purpose: string | null;
  legalBasis: string | null;
  forwardedFor: string | null;
  contentType: string | null;
  extra: [string, string][];
}

const headersArb: fc.Arbitrary<Headers> = fc.record({
  auth: fc.option(
    fc.oneof(
      fc.constantFrom<Placeholder>('alice', 'agent', 'courier').map((kind) => ({ kind, value: '' })),
      fc.constantFrom<Placeholder>('alice', 'agent').map((kind) => ({ kind: 'tampered' as const, value: kind })),
      fc
        .constantFrom('alg-none', 'hs256-public', 'huge', 'empty-bearer')
        .map((value) => ({ kind: 'forged' as const, value })),
      fc
        .oneof(
          fc.string({ maxLength: 60 }).map((s) => `Bearer ${s}`),
          fc.string({ unit: 'binary', maxLength: 60 }),
          fc.constantFrom(
            'Bearer',
            'Bearer ',
            'bearer x.y.z',
            'Basic Y291cmllcjpkZW1vLXBhc3N3b3Jk',
            'Bearer a.b.c',
            'Bearer ....',
            'Bearer eyJ.eyJ.sig',
            'Bearer null',
            'Bearer undefined',
            'Bearer %00',
            'Bearer \u00e9',
          ),
        )
        .map((value) => ({ kind: 'raw' as const, value })),
    ),
    { freq: 2 },
  ),
  purpose: fc.option(
    fc.oneof(
      fc.constantFrom(...PURPOSES),
      fc.constantFrom(
        'self_service',
        ' SELF_SERVICE ',
        'SELF_SERVICE,MARKETING',
        'SELF_SERVICE, SELF_SERVICE',
        '*',
        'null',
        '__proto__',
        'constructor',
      ),
      fc.string({ unit: 'binary', maxLength: 40 }),
    ),
    { freq: 3 },
  ),
  legalBasis: fc.option(fc.oneof(fc.uuid(), fc.string({ maxLength: 40 }), fc.constant("' OR '1'='1")), { freq: 4 }),
  forwardedFor: fc.option(fc.oneof(fc.ipV4(), fc.ipV6(), fc.string({ maxLength: 30 })), { freq: 3 }),
  contentType: fc.option(
    fc.constantFrom(
      'application/json',
      'application/json',
      'application/json',
      'application/json; charset=utf-8',
      'application/json; charset=utf-16',
      'application/graphql',
      'application/graphql-response+json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/jsonp',
      '*/*',
    ),
    { freq: 8 },
  ),
  extra: fc.array(fc.tuple(fc.stringMatching(/^x-[a-z0-9-]{1,16}$/), fc.string({ unit: 'binary', maxLength: 40 })), {
    maxLength: 3,
  }),
});

/** The caller an operation is written for: its token and purpose, JSON content type, sometimes a forwarded address. */
const properHeaders = (opName: string): fc.Arbitrary<Headers> => {
  const callers: Record<string, [Placeholder, string | null][]> = {
    Me: [['alice', 'SELF_SERVICE']],
    Members: [
      ['agent', 'MEMBER_MANAGEMENT'],
      ['courier', 'ORDER_FULFILLMENT'],
    ],
    MemberById: [
      ['agent', 'MEMBER_MANAGEMENT'],
      ['courier', 'ORDER_FULFILLMENT'],
    ],
    Login: [['none', null]],
    PublicInfo: [
      ['none', null],
      ['alice', 'SELF_SERVICE'],
    ],
  };
  return fc
    .record({
      caller: fc.constantFrom(...(callers[opName] ?? ([['none', null]] as [Placeholder, string | null][]))),
      forwardedFor: fc.option(fc.ipV4(), { freq: 2 }),
    })
    .map(({ caller: [kind, purpose], forwardedFor }) => ({
      auth: kind === 'none' ? null : { kind, value: '' },
      purpose,
      legalBasis: null,
      forwardedFor,
      contentType: 'application/json',
      extra: [],
    }));
};

/** Mostly the right caller, so requests reach parsing, validation and execution; sometimes anything at all. */
const headersFor = (opName: string, properWeight: number): fc.Arbitrary<Headers> =>
  fc.oneof(
    { arbitrary: properHeaders(opName), weight: properWeight },
    { arbitrary: headersArb, weight: 10 - properWeight },
  );

/** Bodies worth sending every time, not only when the seed happens to pick them. */
const EDGE_BODIES = [
  JSON.stringify({ query: 'subscription { me { name } }' }),
  JSON.stringify({ query: 'subscription S { consignees { name } }', operationName: 'S' }),
  JSON.stringify({ query: '{ me { name } }', extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } }),
  JSON.stringify({ query: '{ me { name } }', extensions: { persistedQuery: { version: 2, sha256Hash: 'abc' } } }),
  JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } }),
  JSON.stringify([{ query: '{ consignees { name } }' }, { query: '{ notices { id } }' }]),
  JSON.stringify({ query: 'query A { consignees { name } } query B { notices { id } }', operationName: 'B' }),
  JSON.stringify({ query: 'query A { consignees { name } } mutation B { logout }', operationName: 'C' }),
  JSON.stringify({ query: 'query A { consignees { name } } query B { notices { id } }' }),
  JSON.stringify({ query: '{ __proto__ { x } }' }),
  JSON.stringify({ query: '{ consignees { name } }', variables: { __proto__: { polluted: true } } }),
  '{"query": "{ consignees { name } }", "variables": {"__proto__": {"polluted": true}}}',
  '{"query": "query($constructor: String) { consignees { name } }", "variables": {"constructor": {"prototype": 1}}}',
  '{"query": "{ consignees { name } }", "query": "{ notices { id } }"}',
  `{"query": ${'['.repeat(5000)}${']'.repeat(5000)}}`,
  `{"variables": ${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}, "query": "{ consignees { name } }"}`,
  JSON.stringify({
    query: 'query($v: Int) { privacyPolicy(version: $v) { version } }',
    variables: { v: nested(3000, 1) },
  }),
  JSON.stringify({ query: 'query($v: Int) { privacyPolicy(version: $v) { version } }', variables: { v: 2 ** 31 } }),
  JSON.stringify({ query: 'query($v: Int) { privacyPolicy(version: $v) { version } }', variables: { v: 1e308 } }),
  JSON.stringify({ query: '{ privacyPolicy(version: 99999999999999999999) { version } }' }),
  JSON.stringify({ query: '{ members(first: 2147483647) { edges { cursor } } }' }),
  JSON.stringify({ query: 'query($f: Int!) { members(first: $f) { edges { cursor } } }', variables: { f: -1 } }),
  JSON.stringify({ query: '{ member(id: "\\u0000") { name } }' }),
  JSON.stringify({ query: '{ explainAccess(typeName: "__proto__", fieldName: "constructor") { allowed reason } }' }),
  JSON.stringify({
    query: '{ explainAccess(typeName: "Member", fieldName: "bankAccount", purpose: "NOPE") { allowed reason } }',
  }),
  JSON.stringify({ query: '{ accessReview(month: "2026-13") { month } }' }),
  JSON.stringify({ query: '{ retainedRecords(memberId: "x") { data } }' }),
  JSON.stringify({ query: '{ correctionNotices(after: "not-a-cursor", first: -5) { cursor } }' }),
  JSON.stringify({
    query: '{ privacyPolicy(version: 1) { version } }',
    operationName: null,
    variables: null,
    extensions: null,
  }),
  '\uFEFF{"query": "{ consignees { name } }"}',
  '{"query": "{ consignees { name } }"',
  '',
  'null',
  '[]',
  '{}',
  '"string"',
  '0',
  'undefined',
  'query { consignees { name } }',
];

interface Sent {
  label: string;
  method: 'GET' | 'POST';
  /** GET: the URL's search part. */
  query?: string;
  body?: string;
  headers: Record<string, string>;
}

interface Answer {
  sent: Sent;
  status: number | null;
  contentType: string;
  text: string;
  error?: string;
}

describe('§10 fuzzing over HTTP', function () {
  this.timeout(90_000);
  let t: TestGateway;
  const tokens: Record<string, string> = {};
  const answers: Answer[] = [];

  const resolveAuth = (auth: Headers['auth']): string | undefined => {
    if (!auth) return undefined;
    switch (auth.kind) {
      case 'alice':
      case 'agent':
      case 'courier':
        return `Bearer ${tokens[auth.kind]}`;
      case 'tampered': {
        const tok = tokens[auth.value]!;
        const [h, p, s] = tok.split('.') as [string, string, string];
        const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
        const forged = Buffer.from(
          JSON.stringify({ ...claims, kind: 'STAFF', role: 'PRIVACY_OFFICER', purposes: PURPOSES }),
        ).toString('base64url');
        return `Bearer ${h}.${forged}.${s}`;
      }
      case 'forged': {
        const claims = Buffer.from(
          JSON.stringify({
            sub: 'x',
            kind: 'STAFF',
            role: 'PRIVACY_OFFICER',
            purposes: PURPOSES,
            sv: 1,
            iss: t.config.issuer,
            aud: t.config.audience,
            exp: 4_102_444_800,
          }),
        ).toString('base64url');
        if (auth.value === 'alg-none')
          return `Bearer ${Buffer.from('{"alg":"none","typ":"at+jwt"}').toString('base64url')}.${claims}.`;
        if (auth.value === 'hs256-public') {
          // Algorithm confusion: HMAC keyed with the published public key.
          const header = Buffer.from('{"alg":"HS256","typ":"at+jwt"}').toString('base64url');
          const key = JSON.stringify(t.gateway.services.keys.publicJwk);
          const sig = createHmac('sha256', key).update(`${header}.${claims}`).digest('base64url');
          return `Bearer ${header}.${claims}.${sig}`;
        }
        if (auth.value === 'huge') return `Bearer ${'A'.repeat(6000)}`;
        return 'Bearer ';
      }
      default:
        return headerSafe(auth.value);
    }
  };

  const headersOf = (h: Headers): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [k, v] of h.extra) out[k] = headerSafe(v);
    if (h.contentType) out['content-type'] = h.contentType;
    const auth = resolveAuth(h.auth);
    if (auth !== undefined) out.authorization = auth;
    if (h.purpose !== null) out['x-purpose'] = headerSafe(h.purpose);
    if (h.legalBasis !== null) out['x-legal-basis'] = headerSafe(h.legalBasis);
    if (h.forwardedFor !== null) out['x-forwarded-for'] = headerSafe(h.forwardedFor);
    return out;
  };

  async function send(sent: Sent): Promise<void> {
    try {
      const url = sent.method === 'GET' ? `${t.url}/graphql?${sent.query ?? ''}` : `${t.url}/graphql`;
      const res = await fetch(url, {
        method: sent.method,
        headers: sent.headers,
        ...(sent.method === 'POST' ? { body: sent.body ?? '' } : {}),
        signal: AbortSignal.timeout(15_000),
      });
      answers.push({
        sent,
        status: res.status,
        contentType: res.headers.get('content-type') ?? '',
        text: await res.text(),
      });
    } catch (err) {
      answers.push({ sent, status: null, contentType: '', text: '', error: String((err as Error).cause ?? err) });
    }
  }

  /** Runs one campaign through fast-check's runner with its own fixed seed; every generated case is sent. */
  async function campaign<T>(
    name: string,
    seedOffset: number,
    numRuns: number,
    arb: fc.Arbitrary<T>,
    toSent: (x: T) => Sent,
  ): Promise<void> {
    await fc.assert(
      fc.asyncProperty(arb, async (x) => {
        await send({ ...toSent(x), label: name });
      }),
      { seed: SEED + seedOffset, numRuns, endOnFailure: true },
    );
  }

  before(async function () {
    this.timeout(90_000);
    // No cost budget: a spent budget would answer everything with 429 and end the exploration early.
    t = await startGateway({ env: { COST_BUDGET_PER_MINUTE: '0' } });
    tokens.alice = await login(t.url, 'alice');
    tokens.agent = await login(t.url, 'cs-agent');
    tokens.courier = await clientToken(t.url, 'courier');
    tokens.bob = await login(t.url, 'bob');

    // 1. Valid operations, mutated.
    await campaign(
      'mutated operation',
      1,
      RUNS.mutated,
      fc
        .record({
          op: fc.constantFrom(...OPERATIONS),
          edits: fc.array(edit, { minLength: 1, maxLength: 3 }),
          opName: fc.option(fc.string({ maxLength: 12 }), { freq: 6 }),
        })
        .chain((r) =>
          fc
            .tuple(variablesFor(r.op.text), headersFor(r.op.name, 8))
            .map(([variables, headers]) => ({ ...r, variables, headers })),
        ),
      ({ op, edits, headers, variables, opName }) => {
        const query = edits.reduce((s, f) => f(s), op.text);
        return {
          label: '',
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headersOf(headers) },
          body: JSON.stringify({ query, variables, ...(opName !== null ? { operationName: opName } : {}) }),
        };
      },
    );

    // 2. Valid operations, random variable values and headers.
    await campaign(
      'random variables and headers',
      2,
      RUNS.variablesAndHeaders,
      fc
        .record({ op: fc.constantFrom(...OPERATIONS), get: fc.boolean() })
        .chain((r) =>
          fc
            .tuple(variablesFor(r.op.text), headersFor(r.op.name, 6))
            .map(([variables, headers]) => ({ ...r, variables, headers })),
        ),
      ({ op, headers, variables, get }) => {
        const h = headersOf(headers);
        if (get && op.name !== 'Login') {
          // Kept well under Node's 16 kB request-head limit (above it Node itself answers 431 with no body).
          const vars = encodeURIComponent(JSON.stringify(variables));
          const search = `query=${encodeURIComponent(op.text)}${vars.length < 4000 ? `&variables=${vars}` : ''}`;
          return { label: '', method: 'GET', query: search, headers: { ...h, 'apollo-require-preflight': 'true' } };
        }
        return {
          label: '',
          method: 'POST',
          headers: { 'content-type': 'application/json', ...h },
          body: JSON.stringify({ query: op.text, variables }),
        };
      },
    );

    // 3. Raw bodies of every shape.
    const bodies = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      fc
        .record(
          { query: anyValue, variables: anyValue, operationName: anyValue, extensions: anyValue },
          { requiredKeys: [] },
        )
        .map((v) => JSON.stringify(v)),
      fc
        .tuple(fc.constantFrom(...OPERATIONS), fc.jsonValue({ maxDepth: 3 }))
        .map(([op, ext]) => JSON.stringify({ query: op.text, extensions: ext })),
      fc.constantFrom(...EDGE_BODIES),
      fc.string({ unit: 'binary', maxLength: 200 }),
    );
    // Every edge case once, anonymous and as alice, then the random campaign.
    for (const body of EDGE_BODIES) {
      await send({ label: 'edge case', method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await send({
        label: 'edge case',
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${tokens.alice}`,
          'x-purpose': 'SELF_SERVICE',
        },
        body,
      });
    }
    await campaign(
      'raw body',
      3,
      RUNS.rawBodies,
      fc.record({ body: bodies, headers: headersFor('PublicInfo', 7) }),
      ({ body, headers }) => ({
        label: '',
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headersOf(headers) },
        body,
      }),
    );
  });
  after(() => t?.stop());

  /** The answers breaking a rule, a few distinct requests of them, for the failure message. */
  const show = (bad: Answer[]): string => {
    const distinct = [...new Map(bad.map((a) => [`${a.sent.method} ${a.sent.body ?? a.sent.query}`, a])).values()];
    return `${bad.length} of ${answers.length} answers (${distinct.length} distinct requests), e.g.\n${distinct
      .slice(0, 6)
      .map(
        (a) =>
          `  [${a.sent.label}] ${a.sent.method} headers=${JSON.stringify(a.sent.headers).slice(0, 160)} body=${JSON.stringify((a.sent.body ?? a.sent.query ?? '').slice(0, 200))}\n` +
          `    -> ${a.status} ${a.contentType} ${a.error ?? a.text.slice(0, 300)}`,
      )
      .join('\n')}`;
  };

  const parsed = (a: Answer): unknown => {
    try {
      return JSON.parse(a.text);
    } catch {
      return undefined;
    }
  };

  it(`sends ${RUNS.mutated + RUNS.variablesAndHeaders + RUNS.rawBodies + 2 * EDGE_BODIES.length} requests and gets an HTTP answer to each`, () => {
    expect(answers.length).to.equal(RUNS.mutated + RUNS.variablesAndHeaders + RUNS.rawBodies + 2 * EDGE_BODIES.length);
    const lost = answers.filter((a) => a.status === null);
    expect(lost, show(lost)).to.deep.equal([]);
  });

  it('never answers 500 (or any 5xx)', () => {
    const bad = answers.filter((a) => a.status !== null && a.status >= 500);
    expect(bad.length, show(bad)).to.equal(0);
  });

  it('answers well-formed JSON with errors and/or data', () => {
    const bad = answers.filter((a) => {
      if (a.status === null) return false;
      const body = parsed(a) as { data?: unknown; errors?: unknown } | undefined;
      if (!a.contentType.includes('application/json') && !a.contentType.includes('application/graphql-response+json'))
        return true;
      if (!body || typeof body !== 'object' || Array.isArray(body)) return true;
      if (!('data' in body) && !('errors' in body)) return true;
      if ('errors' in body) {
        if (!Array.isArray(body.errors) || body.errors.length === 0) return true;
        if (
          !body.errors.every(
            (e: { message?: unknown; extensions?: { code?: unknown } }) =>
              typeof e?.message === 'string' && typeof e.extensions?.code === 'string',
          )
        )
          return true;
      }
      if ('data' in body && body.data !== null && typeof body.data !== 'object') return true;
      return false;
    });
    expect(bad.length, show(bad)).to.equal(0);
  });

  it('never shows a stack trace, SQL from the driver or a file path', () => {
    const leaks = [/ {4}at /, /SQLITE_/, /select /i, /insert into/i, /\/work\//, /node_modules/];
    const bad = answers.filter((a) => leaks.some((re) => re.test(a.text)));
    expect(bad.length, show(bad)).to.equal(0);
  });

  it('answers malformed requests as the client’s error, never as an internal error', () => {
    const bad = answers.filter((a) => /INTERNAL_SERVER_ERROR|"Internal error\."/.test(a.text));
    expect(bad.length, show(bad)).to.equal(0);
  });

  it('let no forged or tampered token through', () => {
    const bad = answers.filter((a) => {
      const auth = a.sent.headers.authorization ?? '';
      const tampered =
        auth.startsWith('Bearer ') &&
        !Object.values(tokens).some((tok) => auth === `Bearer ${tok}`) &&
        auth.split('.').length === 3;
      if (!tampered) return false;
      const body = parsed(a) as { data?: Record<string, unknown> | null } | undefined;
      return Boolean(
        body?.data &&
        Object.values(body.data).some(
          (v) => v !== null && typeof v === 'object' && JSON.stringify(v).match(/Kim|Lee|Park|@example\.com/),
        ),
      );
    });
    expect(bad.length, show(bad)).to.equal(0);
  });

  it('answers a NUL character in string arguments as a client error or normally, never as an internal error', async () => {
    const cases: [string, Record<string, string>][] = [
      ['mutation { login(loginId: "alice\\u0000", password: "x") { accessToken } }', {}],
      [
        '{ member(id: "\\u0000") { name } }',
        { authorization: `Bearer ${tokens.agent}`, 'x-purpose': 'MEMBER_MANAGEMENT' },
      ],
      ['mutation { submitComplaint(subject: "a\\u0000", body: "b", contact: "c@example.com") { id } }', {}],
      ['mutation { requestGuardianCode(contact: "x\\u0000@example.com") }', {}],
      [
        'mutation { updateMyProfile(input: { address: "1 Main St\\u0000" }) { deliveryArea } }',
        { authorization: `Bearer ${tokens.bob}`, 'x-purpose': 'SELF_SERVICE' },
      ],
    ];
    const bad: string[] = [];
    for (const [query, headers] of cases) {
      const res = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query }),
      });
      const text = await res.text();
      if (res.status >= 500 || /INTERNAL_SERVER_ERROR/.test(text))
        bad.push(`${query}\n    -> ${res.status} ${text.slice(0, 200)}`);
    }
    expect(bad, bad.join('\n')).to.deep.equal([]);
  });

  it('is healthy afterwards: answers alice and keeps the access-log chain intact', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${tokens.alice}`,
        'x-purpose': 'SELF_SERVICE',
      },
      body: JSON.stringify({ query: '{ me { name } }' }),
    });
    expect(((await res.json()) as { data: { me: { name: string } } }).data.me.name).to.equal('Alice Kim');
    const chain = await verifyChain(t.gateway.services.knex, t.gateway.services.keys.verifyKey);
    expect(chain.ok, JSON.stringify(chain)).to.equal(true);
    expect(chain.rows).to.be.above(0);
  });
});
