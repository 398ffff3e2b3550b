import { expect } from 'chai';
import fc from 'fast-check';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { login } from '../helpers/http';
import { ERROR_CODES } from '../../src/errors';
import { verifyChain } from '../../src/audit/verify';

/**
 * §10 Decoded-input fuzzer: the operations that take free input (sign-up, profile, corrections, complaints, codes,
 * log-in, explainAccess, accessLogs, consents) get odd decoded values in their arguments, through variables and as
 * GraphQL literals with escapes: NUL, overlong strings, unicode confusables and controls, lone surrogates, prototype
 * names, wrong types, deep nesting and huge lists; plus JSON bodies that are not what they claim. Every answer must
 * be a GraphQL error with a code from src/errors.ts (HTTP 4xx may also carry the request's own parse/validation
 * code), never a 5xx, a stack trace, SQL, a "Did you mean" or an internal error; and nothing is half-written: every
 * table grows by exactly the writes that answered success, no stored value holds a NUL, the log chain verifies.
 * Fixed seed and run count: a failure reproduces exactly.
 */

const SEED = 0x1557_d3c0;
const RUNS = 260;

const OUR_CODES: ReadonlySet<string> = new Set(ERROR_CODES);
/** Apollo's codes for a request it could not parse or validate, answered 400. */
const REQUEST_CODES: ReadonlySet<string> = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED']);

const nested = (depth: number, leaf: unknown): unknown => {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v];
  return v;
};

/** Decoded values no well-behaved client sends. */
const ODD: readonly unknown[] = [
  '\u0000',
  'a\u0000b',
  'x'.repeat(300),
  'x'.repeat(5000),
  'é'.repeat(30_000),
  '\u0430lice', // Cyrillic a
  '\uff21\uff2c\uff29\uff23\uff25', // fullwidth ALICE
  'alice\u200b',
  'al\u202eice',
  'alice@ex\u0430mple.com',
  'ALICE@EXAMPLE.COM',
  'a\u0301lice',
  '\ufeffbob@example.com',
  'bob@example.com\u00a0',
  '\ud800',
  'x\udfffy',
  '😀',
  '\u2028',
  '\u001b[31m',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  "' OR 1=1 --",
  '%00',
  '%E0%A4%A',
  '1990-02-30',
  '0000-00-00',
  '9999-12-31',
  ' 1990-05-01 ',
  '',
  ' ',
  '\t\n',
  0,
  -1,
  1e308,
  2 ** 53 + 1,
  true,
  null,
  [],
  ['a'],
  {},
  { a: 1 },
  JSON.parse('{"__proto__": {"polluted": 1}}'),
  nested(64, 'x'),
  nested(2000, 'x'),
  Array(20_000).fill('x'),
  Array(3000).fill('partner-ads'),
];

type Who = 'anonymous' | 'bob' | 'agent' | 'officer' | 'alice';

interface Op {
  readonly name: string;
  readonly who: Who;
  readonly purpose?: string;
  /** Argument name -> GraphQL type, in declaration order. */
  readonly args: Readonly<Record<string, string>>;
  readonly field: string;
  readonly selection: string;
  readonly mutation: boolean;
  /** Valid arguments for run `n`, which odd values then replace in part. */
  readonly base: (n: number) => Record<string, unknown>;
  /** The table a success adds one row to, for the half-written check. */
  readonly writes?: string;
}

const signUpInput = (n: number) => ({
  agree: true,
  policyVersion: 1,
  loginId: `fz${n}`,
  password: `fuzz-password-${n}`,
  name: 'Fuzz Tester',
  email: `fz${n}@example.com`,
  birthDate: '1990-05-01',
});

const OPS: readonly Op[] = [
  {
    name: 'signUp',
    who: 'anonymous',
    args: { input: 'SignUpInput!' },
    field: 'signUp',
    selection: '{ outcome memberId }',
    mutation: true,
    base: (n) => ({ input: signUpInput(n) }),
    writes: 'member',
  },
  {
    name: 'updateMyProfile',
    who: 'bob',
    purpose: 'SELF_SERVICE',
    args: { input: 'ProfileInput!' },
    field: 'updateMyProfile',
    selection: '{ id name }',
    mutation: true,
    base: () => ({ input: { phone: '010-2222-3333', address: '2 Main St' } }),
  },
  {
    name: 'requestCorrection',
    who: 'alice',
    purpose: 'SELF_SERVICE',
    args: { field: 'String!', newValue: 'String!', reason: 'String!' },
    field: 'requestCorrection',
    selection: '{ id status }',
    mutation: true,
    base: () => ({ field: 'name', newValue: 'Alice Kimm', reason: 'typo' }),
    writes: 'correction_request',
  },
  {
    name: 'submitComplaint',
    who: 'anonymous',
    args: { subject: 'String!', body: 'String!', contact: 'String' },
    field: 'submitComplaint',
    selection: '{ id }',
    mutation: true,
    base: (n) => ({ subject: 'A question', body: 'Why?', contact: `c${n}@example.com` }),
    writes: 'complaint',
  },
  {
    name: 'requestGuardianCode',
    who: 'anonymous',
    args: { contact: 'String!' },
    field: 'requestGuardianCode',
    selection: '',
    mutation: true,
    base: (n) => ({ contact: `g${n}@example.com` }),
  },
  {
    name: 'login',
    who: 'anonymous',
    args: { loginId: 'String!', password: 'String!' },
    field: 'login',
    selection: '{ accessToken }',
    mutation: true,
    base: (n) => ({ loginId: `nobody${n}`, password: 'wrong' }),
  },
  {
    name: 'explainAccess',
    who: 'agent',
    purpose: 'MEMBER_MANAGEMENT',
    args: { typeName: 'String!', fieldName: 'String!', purpose: 'String' },
    field: 'explainAccess',
    selection: '{ allowed code reason }',
    mutation: false,
    base: () => ({ typeName: 'Member', fieldName: 'name', purpose: 'MEMBER_MANAGEMENT' }),
  },
  {
    name: 'accessLogs',
    who: 'officer',
    purpose: 'MEMBER_MANAGEMENT',
    args: { first: 'Int!', filter: 'AccessLogFilter' },
    field: 'accessLogs',
    selection: '{ edges { node { seq action } } }',
    mutation: false,
    base: () => ({ first: 5, filter: { action: 'VIEW', from: '2020-01-01T00:00:00Z' } }),
  },
  {
    name: 'grantConsent',
    who: 'alice',
    purpose: 'SELF_SERVICE',
    args: { purpose: 'String!', recipient: 'String' },
    field: 'grantConsent',
    selection: '{ purpose }',
    mutation: true,
    base: () => ({ purpose: 'THIRD_PARTY_PROVISION', recipient: 'partner-ads' }),
  },
];

/** A JS value as a GraphQL literal; strings keep their escapes (a JSON string is a GraphQL string). */
function literal(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '0';
  if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
  return `{${Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `${k}: ${literal(x)}`)
    .join(', ')}}`;
}

interface Plan {
  readonly op: number;
  readonly inline: boolean;
  /** Paths to replace ('input.email', 'reason', …) with odd value indexes. */
  readonly edits: readonly (readonly [number, number])[];
}

const planArb: fc.Arbitrary<Plan> = fc.record({
  op: fc.nat({ max: OPS.length - 1 }),
  inline: fc.boolean(),
  edits: fc.array(fc.tuple(fc.nat(), fc.nat({ max: ODD.length - 1 })), { minLength: 1, maxLength: 3 }),
});

/** The leaf paths of the base arguments, plus the arguments themselves (a whole object replaced). */
const paths = (args: Record<string, unknown>): string[][] => {
  const out: string[][] = [];
  for (const [k, v] of Object.entries(args)) {
    out.push([k]);
    if (v && typeof v === 'object' && !Array.isArray(v)) for (const kk of Object.keys(v)) out.push([k, kk]);
  }
  return out;
};

function applied(base: Record<string, unknown>, edits: Plan['edits']): Record<string, unknown> {
  const args = structuredClone(base);
  const all = paths(base);
  for (const [p, value] of edits) {
    const path = all[p % all.length]!;
    const holder = path.length === 1 ? args : (args[path[0]!] as Record<string, unknown>);
    if (holder && typeof holder === 'object') holder[path.at(-1)!] = ODD[value];
  }
  return args;
}

/** Bodies that are not the JSON they claim to be, or JSON that is no GraphQL request. */
const RAW_BODIES: readonly (string | Buffer)[] = [
  '',
  '{',
  '{"query": "{ __typename }"',
  '{"query": 1}',
  '{"query": null}',
  '[]',
  '[{"query": "{ __typename }"}]',
  '{"query": "{ __typename }", "variables": "x"}',
  '{"query": "{ __typename }", "variables": [1]}',
  '\ufeff{"query": "{ __typename }"}',
  '{"query": "{ __typename }"}garbage',
  '{"query": "{ __typename }", "query": "{ privacyOfficer { name } }"}',
  '{"query": "{ __typename }", "operationName": {}}',
  '{"query": "{ __typename }", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "x"}}}',
  '{"query": "query($a: [[[[Int]]]]) { __typename }", "variables": {"a": [[[[["x"]]]]]}}',
  '{"query": "{ __typename }", "variables": {"__proto__": {"x": 1}}}',
  '{"query": "\\u0000"}',
  '{"query": "{ __typename }", "variables": {"a": 1e999}}',
  '['.repeat(90_000),
  `{"query": "{ __typename }", "variables": {"a": ${'['.repeat(20_000)}${']'.repeat(20_000)}}}`,
  Buffer.from([0x7b, 0x22, 0x71, 0x75, 0x65, 0x72, 0x79, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]),
  Buffer.from('{"query":"{ __typename }"}', 'utf16le'),
];

interface Answer {
  readonly label: string;
  readonly status: number;
  readonly text: string;
  readonly op?: string;
  readonly ok?: boolean;
}

describe('§10 decoded-input fuzzer: odd values in every free argument, bad bodies', function () {
  this.timeout(300_000);
  let t: TestGateway;
  const answers: Answer[] = [];
  const grownFrom: Record<string, number> = {};
  const tokens: Partial<Record<Who, string>> = {};

  const count = async (table: string): Promise<number> =>
    Number((await t.gateway.services.knex(table).count({ n: '*' }).first())?.n ?? 0);

  const post = async (label: string, body: string | Buffer, headers: Record<string, string>, op?: string) => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    const text = await res.text();
    let ok: boolean | undefined;
    if (op) {
      try {
        const parsed = JSON.parse(text) as { data?: Record<string, unknown> | null; errors?: unknown[] };
        ok = !parsed.errors && parsed.data != null && parsed.data[op] != null;
      } catch {
        ok = false;
      }
    }
    answers.push({ label, status: res.status, text, ...(op ? { op, ok } : {}) });
  };

  before(async () => {
    t = await startGateway();
    tokens.bob = await login(t.url, 'bob');
    tokens.alice = await login(t.url, 'alice');
    tokens.agent = await login(t.url, 'cs-agent');
    tokens.officer = await login(t.url, 'privacy-officer');
    for (const table of OPS.flatMap((o) => (o.writes ? [o.writes] : []))) grownFrom[table] = await count(table);
    const plans = fc.sample(planArb, { seed: SEED, numRuns: RUNS });
    for (const [n, plan] of plans.entries()) {
      const op = OPS[plan.op]!;
      const args = applied(op.base(n), plan.edits);
      const headers: Record<string, string> = {
        'x-forwarded-for': `10.99.${n >> 8}.${n & 255}`,
        ...(op.who !== 'anonymous' ? { authorization: `Bearer ${tokens[op.who]}` } : {}),
        ...(op.purpose ? { 'x-purpose': op.purpose } : {}),
      };
      const keyword = op.mutation ? 'mutation' : 'query';
      let body: string;
      if (plan.inline) {
        const given = Object.entries(args).map(([k, v]) => `${k}: ${literal(v)}`);
        body = JSON.stringify({ query: `${keyword} { ${op.field}(${given.join(', ')}) ${op.selection} }` });
      } else {
        const declared = Object.entries(op.args).map(([k, type]) => `$${k}: ${type}`);
        const passed = Object.keys(op.args).map((k) => `${k}: $${k}`);
        body = JSON.stringify({
          query: `${keyword}(${declared.join(', ')}) { ${op.field}(${passed.join(', ')}) ${op.selection} }`,
          variables: args,
        });
      }
      await post(`${op.name} ${plan.inline ? 'inline' : 'variables'} #${n}`, body, headers, op.field);
    }
    for (const [i, body] of RAW_BODIES.entries()) {
      await post(`raw body #${i}`, body, {});
      await post(`raw body #${i} as text/plain`, body, { 'content-type': 'text/plain' });
    }
  });
  after(() => t?.stop());

  const show = (bad: Answer[]): string =>
    `${bad.length} of ${answers.length}, e.g.\n${bad
      .slice(0, 5)
      .map((a) => `  [${a.label}] -> ${a.status} ${a.text.slice(0, 300)}`)
      .join('\n')}`;

  it(`answers every one of ${RUNS} fuzzed operations and ${2 * RAW_BODIES.length} bad bodies, never with a 5xx`, () => {
    expect(answers).to.have.length(RUNS + 2 * RAW_BODIES.length);
    const bad = answers.filter((a) => a.status >= 500);
    expect(bad, show(bad)).to.deep.equal([]);
  });

  it('every error carries a stable code: one of src/errors.ts, or the request’s own parse/validation code with a 4xx', () => {
    const bad = answers.filter((a) => {
      let body: { errors?: { extensions?: { code?: unknown } }[] };
      try {
        body = JSON.parse(a.text) as typeof body;
      } catch {
        return a.status < 400 || a.status >= 500;
      }
      return (body.errors ?? []).some((e) => {
        const code = String(e.extensions?.code);
        if (code === 'INTERNAL_SERVER_ERROR') return true;
        return !(OUR_CODES.has(code) || (a.status >= 400 && a.status < 500 && REQUEST_CODES.has(code)));
      });
    });
    expect(bad, show(bad)).to.deep.equal([]);
  });

  it('never shows a stack trace, SQL, a file path or a "Did you mean"', () => {
    const leaks = [
      / {4}at /,
      /SQLITE_/,
      /\bselect\b.*\bfrom\b/i,
      /insert into/i,
      /\/work\//,
      /node_modules/,
      /Did you mean/,
    ];
    const bad = answers.filter((a) => leaks.some((re) => re.test(a.text)));
    expect(bad, show(bad)).to.deep.equal([]);
  });

  it('writes nothing half: each table grew by exactly the writes that answered success', async () => {
    for (const op of OPS.filter((o) => o.writes)) {
      const succeeded = answers.filter((a) => a.op === op.field && a.ok).length;
      // A sign-up with agree: false answers CANCELLED and stores nothing.
      const cancelled =
        op.field === 'signUp'
          ? answers.filter((a) => a.op === 'signUp' && a.ok && a.text.includes('CANCELLED')).length
          : 0;
      expect(await count(op.writes!), op.name).to.equal(grownFrom[op.writes!]! + succeeded - cancelled);
    }
    // Every member a sign-up stored is whole: her essential consent (or her guardian's pending request) is there too.
    const { knex } = t.gateway.services;
    const orphans = await knex('member as m')
      .select('m.login_id')
      .where('m.status', 'ACTIVE')
      .whereNotExists(knex('consent as c').select(knex.raw('1')).whereRaw('c.member_id = m.id'))
      .whereNotExists(knex('guardian as g').select(knex.raw('1')).whereRaw('g.child_id = m.id'));
    expect(orphans).to.deep.equal([]);
  });

  it('stores no NUL anywhere a fuzzed value could land, and the access-log chain verifies', async () => {
    const { knex, keys } = t.gateway.services;
    for (const [table, columns] of [
      ['member', ['login_id', 'name', 'email', 'phone', 'address', 'delivery_area', 'gender', 'inflow_route']],
      ['complaint', ['subject', 'body', 'contact']],
      ['correction_request', ['new_value', 'reason']],
      ['notification', ['recipient', 'body']],
    ] as const) {
      const rows = (await knex(table).select(columns)) as Record<string, unknown>[];
      const withNul = rows.filter((r) => Object.values(r).some((v) => typeof v === 'string' && v.includes('\u0000')));
      expect(withNul, table).to.deep.equal([]);
    }
    const chain = await verifyChain(knex, keys.verifyKey);
    expect(chain.ok, JSON.stringify(chain)).to.equal(true);
  });
});
