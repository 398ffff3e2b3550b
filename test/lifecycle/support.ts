import { expect } from 'chai';
import type { TestGateway } from '../helpers/gateway';
import { gql, type Caller, type GraphQLResponse } from '../helpers/http';

/** Shared pieces of the lifecycle suites: every flow runs over real HTTP; the database is only read to check. */

export const SIGN_UP = 'mutation SignUp($input: SignUpInput!) { signUp(input: $input) { outcome memberId } }';

export type SignUpResult = { signUp: { outcome: string; memberId: string | null } };

/** Every table a sign-up could write to. */
export const SIGNUP_TABLES = [
  'member',
  'consent',
  'guardian',
  'access_log',
  'notification',
  'cookie_preference',
  'verification_code',
] as const;

export const ALL_TABLES = [
  ...SIGNUP_TABLES,
  'correction_request',
  'complaint',
  'notice',
  'policy_version',
  'assignment',
  'staff',
  'api_client',
] as const;

export async function counts(t: TestGateway, tables: readonly string[] = ALL_TABLES): Promise<Record<string, number>> {
  const { knex } = t.gateway.services;
  const out: Record<string, number> = {};
  for (const table of tables) {
    const row = (await knex(table).count({ n: '*' }).first()) as { n: number | string } | undefined;
    out[table] = Number(row?.n ?? 0);
  }
  return out;
}

/** The counts after `n` answers of CONFLICT for an identifier in use: only the access log grew, by a row each. */
export const withConflictRows = (before: Record<string, number>, n: number): Record<string, number> => ({
  ...before,
  access_log: before.access_log! + n,
});

/** A complete, valid adult sign-up form; override what a test is about. */
export function adultForm(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    agree: true,
    policyVersion: 1,
    loginId: 'dana',
    password: 'dana-secret-pass',
    name: 'Dana Seo',
    email: 'dana@example.com',
    birthDate: '1990-05-01',
    ...overrides,
  };
}

export const signUp = (t: TestGateway, input: Record<string, unknown>, caller: Caller = {}) =>
  gql<SignUpResult>(t.url, SIGN_UP, { input }, caller);

/** YYYY-MM-DD (UTC) `years` years and `days` days before today. */
export function yearsAgo(years: number, days = 0): string {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

export const todayUtc = (offsetDays = 0): string =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

export async function memberIds(t: TestGateway): Promise<Record<string, string>> {
  const rows = (await t.gateway.services.knex('member').select('id', 'login_id')) as { id: string; login_id: string }[];
  return Object.fromEntries(rows.map((r) => [r.login_id, r.id]));
}

/** The six-digit code in the newest outbox message to `recipient`. */
export async function latestCode(t: TestGateway, recipient: string): Promise<string> {
  const rows = (await t.gateway.services.knex('notification').select('body', 'created_at').where({ recipient })) as {
    body: string;
    created_at: unknown;
  }[];
  expect(rows.length, `a notification to ${recipient}`).to.be.greaterThan(0);
  const newest = rows
    .sort((a, b) => new Date(a.created_at as string).getTime() - new Date(b.created_at as string).getTime())
    .at(-1)!;
  const m = /\b(\d{6})\b/.exec(newest.body);
  expect(m, `a 6-digit code in "${newest.body}"`).to.not.equal(null);
  return m![1]!;
}

/** A six-digit code that is certainly not `code`. */
export const otherCode = (code: string): string => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

/** Asserts exactly one error with this code (and field, when given) and returns it. */
export function expectError(res: GraphQLResponse<unknown>, code: string, field?: string) {
  expect(
    (res.errors ?? []).map((e) => e.extensions?.code),
    JSON.stringify(res.errors),
  ).to.deep.equal([code]);
  const error = res.errors![0]!;
  if (field !== undefined) expect(error.extensions?.field, JSON.stringify(error)).to.equal(field);
  return error;
}

/** `path.join('.') code` of every error, sorted. */
export const errorSet = (res: GraphQLResponse<unknown>): string[] =>
  (res.errors ?? []).map((e) => `${(e.path ?? []).join('.')} ${String(e.extensions?.code)}`).sort();

export const iso = (v: unknown): string | null => {
  if (v == null) return null;
  const d =
    v instanceof Date ? v : new Date(typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : (v as string | number));
  return d.toISOString();
};

/** The whole access_log table as text, to prove values never reach it. */
export async function accessLogText(t: TestGateway): Promise<string> {
  return JSON.stringify(await t.gateway.services.knex('access_log').select('*'));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
