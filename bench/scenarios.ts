/**
 * What `npm run bench` measures, as data. To add a scenario, append to `scenarios` (and to `servers` when it needs
 * a differently started gateway: `options` go to createGateway as they are); to report another comparison, append
 * to `ratios`. Scenario (e), access log off, was added exactly that way:
 *
 *   servers:   'gateway-audit-off': { kind: 'gateway', description: '…', options: { auditOff: true } },
 *   scenarios: { key: 'e', label: '…', server: 'gateway-audit-off', request: membersAsAgent, check: …, sameBodyAs: 'a'
 * },
 *   ratios:    { num: 'a', den: 'e', meaning: 'access log on / off' },
 */
import { BENCH_MEMBER_LOGIN, BENCH_STAFF_LOGIN } from './constants';
import { BENCH_SELF_ID } from './seed';

export type ServerSpec =
  /**
   * bench/gateway-server.ts: createGateway(config, options) on its own fresh SQLite DATA_DIR, or with `postgresql`
   * on a scratch PostgreSQL database of its own, bench-seeded.
   */
  | {
      readonly kind: 'gateway';
      readonly description: string;
      readonly options?: Record<string, unknown>;
      readonly env?: Record<string, string>;
      readonly postgresql?: boolean;
    }
  /** bench/peer/server.js: PostGraphile 4.14.1 over a scratch PostgreSQL schema holding the same members. */
  | { readonly kind: 'peer'; readonly description: string }
  /** bench/static-server.ts: bare node:http answering the body captured from scenario `bodyOf`'s sanity check. */
  | { readonly kind: 'static'; readonly description: string; readonly bodyOf: string };

export interface GraphQLRequest {
  /**
   * Logs in with BENCH_PASSWORD on the scenario's own gateway (the `login` mutation) for the bearer token, sent
   * with X-Purpose `purpose`. The peer takes neither: it has no accounts and checks nothing.
   */
  readonly login?: string;
  readonly purpose?: string;
  readonly query: string;
  readonly variables?: Record<string, unknown>;
}

export interface Scenario {
  /** Short key used in the table, in BENCH_SCENARIOS and in `ratios`. */
  readonly key: string;
  readonly label: string;
  readonly server: string;
  /** Required on gateway servers; a static server is sent exactly the request of the scenario it copies. */
  readonly request?: GraphQLRequest;
  /** Sanity check of `data` before timing (the runner already insists on HTTP 200 and no `errors`); throws. */
  readonly check?: (data: unknown) => void;
  /** The body must be byte-identical to that scenario's (e.g. policy off must answer exactly what policy on does). */
  readonly sameBodyAs?: string;
}

export interface Ratio {
  readonly num: string;
  readonly den: string;
  readonly meaning: string;
}

export const servers: Readonly<Record<string, ServerSpec>> = {
  gateway: { kind: 'gateway', description: 'gateway, policy on (as served)' },
  'gateway-policy-off': {
    kind: 'gateway',
    description: 'gateway, createGateway({ policyOff: true })',
    options: { policyOff: true },
  },
  'node-http': { kind: 'static', description: 'bare node:http, the bytes of (a)', bodyOf: 'a' },
  'gateway-audit-off': {
    kind: 'gateway',
    description: 'gateway, createGateway({ auditOff: true })',
    options: { auditOff: true },
  },
  'gateway-pg': { kind: 'gateway', description: 'gateway on PostgreSQL, policy on (as served)', postgresql: true },
  postgraphile: { kind: 'peer', description: 'PostGraphile 4.14.1 on PostgreSQL (bench/peer)' },
};

export const MEMBER_FIELDS = ['name', 'email', 'phone', 'gender', 'birthDate', 'signupIp'] as const;
const ME_FIELDS = ['name', 'email', 'phone', 'address', 'birthDate', 'gender', 'bankAccount', 'signupIp'] as const;

/** (a) and (b): a CS agent pages 50 members, 6 personal fields each (IDENTITY, CONTACT, DEMOGRAPHIC, DEVICE). */
export const membersAsAgent: GraphQLRequest = {
  login: BENCH_STAFF_LOGIN,
  purpose: 'MEMBER_MANAGEMENT',
  query: `query BenchMembers($first: Int!) { members(first: $first) { edges { node { id ${MEMBER_FIELDS.join(' ')} } } } }`,
  variables: { first: 50 },
};

/** (c): a member reads 8 of their own personal fields, one of them sealed (decrypted, then masked). */
export const meAsMember: GraphQLRequest = {
  login: BENCH_MEMBER_LOGIN,
  purpose: 'SELF_SERVICE',
  query: `query BenchMe { me { id ${ME_FIELDS.join(' ')} } }`,
};

/** (p): the peer's page of the same 50 members with the same fields, in the same connection shape. */
export const peerMembers: GraphQLRequest = {
  query: `query BenchMembers($first: Int!) { allMembers(first: $first) { edges { node { id ${MEMBER_FIELDS.join(' ')} } } } }`,
  variables: { first: 50 },
};

/** (q): the peer's read of the member (c) logs in as, the same 8 fields. */
export const peerMember: GraphQLRequest = {
  query: `query BenchMember($id: UUID!) { memberById(id: $id) { id ${ME_FIELDS.join(' ')} } }`,
  variables: { id: BENCH_SELF_ID },
};

function fail(message: string): never {
  throw new Error(message);
}

function allPresent(node: unknown, fields: readonly string[], where: string): void {
  const record = (node ?? {}) as Record<string, unknown>;
  const missing = fields.filter((f) => record[f] === null || record[f] === undefined);
  if (missing.length > 0) fail(`${where}: ${missing.join(', ')} came back null`);
}

export const membersPage =
  (size: number, root = 'members') =>
  (data: unknown): void => {
    const edges = (data as Record<string, { edges?: { node: unknown }[] } | undefined>)[root]?.edges;
    if (!Array.isArray(edges) || edges.length !== size) fail(`${root}: expected ${size} edges, got ${edges?.length}`);
    edges.forEach((e, i) => allPresent(e.node, ['id', ...MEMBER_FIELDS], `${root}.edges[${i}].node`));
  };

const meFull =
  (root = 'me') =>
  (data: unknown): void => {
    const me = (data as Record<string, Record<string, unknown> | undefined>)[root];
    allPresent(me, ['id', ...ME_FIELDS], root);
    if (!String(me!.bankAccount).startsWith('*')) fail(`${root}.bankAccount should be masked as under SELF_SERVICE`);
  };

export const scenarios: readonly Scenario[] = [
  {
    key: 'a',
    label: 'members(first: 50) × 6 fields, CS_AGENT, MEMBER_MANAGEMENT',
    server: 'gateway',
    request: membersAsAgent,
    check: membersPage(50),
  },
  {
    key: 'b',
    // Without the shield no field decision is recorded, so nothing is written to the access log either.
    label: 'same as (a), policyOff gateway (no shield, so no access log)',
    server: 'gateway-policy-off',
    request: membersAsAgent,
    check: membersPage(50),
    sameBodyAs: 'a',
  },
  {
    key: 'c',
    label: 'me × 8 fields, member, SELF_SERVICE',
    server: 'gateway',
    request: meAsMember,
    check: meFull(),
  },
  {
    key: 'd',
    label: 'bare node:http, same response bytes as (a)',
    server: 'node-http',
    sameBodyAs: 'a',
  },
  {
    key: 'e',
    label: 'same as (a), auditOff gateway (shield, no access log)',
    server: 'gateway-audit-off',
    request: membersAsAgent,
    check: membersPage(50),
    sameBodyAs: 'a',
  },
  {
    key: 'f',
    label: 'same as (a), gateway on PostgreSQL',
    server: 'gateway-pg',
    request: membersAsAgent,
    check: membersPage(50),
    sameBodyAs: 'a',
  },
  {
    key: 'g',
    label: 'same as (c), gateway on PostgreSQL',
    server: 'gateway-pg',
    request: meAsMember,
    check: meFull(),
    sameBodyAs: 'c',
  },
  {
    key: 'p',
    label: 'PostGraphile allMembers(first: 50) × 6 fields (no checks, no log)',
    server: 'postgraphile',
    request: peerMembers,
    check: membersPage(50, 'allMembers'),
  },
  {
    key: 'q',
    label: 'PostGraphile memberById × 8 fields (no checks, no log)',
    server: 'postgraphile',
    request: peerMember,
    check: meFull('memberById'),
  },
];

export const ratios: readonly Ratio[] = [
  { num: 'a', den: 'b', meaning: 'policy on / policy off' },
  { num: 'a', den: 'd', meaning: 'gateway / bare node:http' },
  { num: 'a', den: 'e', meaning: 'access log on / off' },
  { num: 'e', den: 'b', meaning: 'shield alone: policy on, no log / policy off' },
  { num: 'a', den: 'p', meaning: 'list: gateway on SQLite / PostGraphile' },
  { num: 'f', den: 'p', meaning: 'list: gateway on PostgreSQL / PostGraphile' },
  { num: 'c', den: 'q', meaning: 'one member: gateway on SQLite / PostGraphile' },
  { num: 'g', den: 'q', meaning: 'one member: gateway on PostgreSQL / PostGraphile' },
];
