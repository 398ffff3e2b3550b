import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { TestGateway } from '../helpers/gateway';
import { gql, login } from '../helpers/http';
import { dialectOf } from '../../src/db/orm';
import { ms } from '../lawful-request/support';

/** Shared by the retention suites. */

export const ENV = { JOBS_INTERVAL_SECONDS: '0', RETENTION_INTERVAL_MINUTES: '0' };

export const DAY = 86_400_000;

export type RetainedRow = {
  id: string;
  member_ref: string;
  category: string;
  legal_basis: string;
  retained_at: unknown;
  expires_at: unknown;
  wrapped_key: string;
  payload: string;
};

export const retained = async (t: TestGateway, memberId?: string): Promise<RetainedRow[]> => {
  const q = t.gateway.services.knex('retention.retained_record').select('*').orderBy('category');
  if (memberId) q.where({ member_ref: memberId });
  return (await q) as RetainedRow[];
};

export const categoriesOf = (rows: { category: string }[]): string[] => rows.map((r) => r.category).sort();

/** Logs in as the member and withdraws with her password, as she would. */
export async function withdraw(t: TestGateway, loginId: string): Promise<void> {
  const token = await login(t.url, loginId);
  const res = await gql<{ withdrawMembership: boolean }>(
    t.url,
    'mutation Withdraw { withdrawMembership(password: "demo-password") }',
    {},
    { token, purpose: 'SELF_SERVICE' },
  );
  expect(res.errors, JSON.stringify(res.errors)).to.equal(undefined);
  expect(res.data!.withdrawMembership).to.equal(true);
}

export const RETAINED =
  'query Retained($id: ID!) { retainedRecords(memberId: $id) { category legalBasis retainedAt expiresAt data } }';

export type RetainedItem = {
  category: string;
  legalBasis: string;
  retainedAt: string;
  expiresAt: string;
  data: Record<string, unknown>;
};

/** A trigger that makes a statement fail, on either database; returns the statements that remove it again. */
export async function failOn(
  t: TestGateway,
  name: string,
  table: 'member' | 'retention.retained_record',
  event: string,
): Promise<() => Promise<void>> {
  const { knex } = t.gateway.services;
  if (dialectOf(t.config) === 'sqlite') {
    // A trigger of an attached database is created in it and names its table unqualified.
    const [schema, bare] = table.includes('.') ? (table.split('.') as [string, string]) : [null, table];
    const qualified = schema ? `${schema}.${name}` : name;
    await knex.raw(`CREATE TRIGGER ${qualified} ${event} ON ${bare} BEGIN SELECT RAISE(ABORT, 'simulated crash'); END`);
    return async () => void (await knex.raw(`DROP TRIGGER ${qualified}`));
  }
  await knex.raw(
    `CREATE FUNCTION ${name}() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'simulated crash'; END $$ LANGUAGE plpgsql`,
  );
  await knex.raw(`CREATE TRIGGER ${name} ${event} ON ${table} FOR EACH ROW EXECUTE FUNCTION ${name}()`);
  return async () => {
    await knex.raw(`DROP TRIGGER ${name} ON ${table}`);
    await knex.raw(`DROP FUNCTION ${name}()`);
  };
}

/** The member row's personal columns, and whether it was handed over. */
export async function liveRow(t: TestGateway, id: string): Promise<Record<string, unknown>> {
  return t.gateway.services.knex('member').first('*').where({ id });
}

/** Expected state of a handed-over member row: every personal column destroyed. */
export function expectDestroyed(row: Record<string, unknown>, id: string): void {
  expect(row).to.deep.include({
    status: 'WITHDRAWN',
    login_id: `withdrawn:${id}`,
    password_hash: null,
    name: '',
    email: null,
    phone: null,
    address: null,
    delivery_area: null,
    birth_date: null,
    gender: null,
    wrapped_data_key: null,
    bank_account_sealed: null,
    card_number_sealed: null,
    signup_ip: null,
    browser: null,
    os: null,
    inflow_route: null,
  });
  expect(row.handed_over_at).to.not.equal(null);
}

/** Rows of the member's own data in the live tables (what handover deletes). */
export async function liveRelated(t: TestGateway, id: string): Promise<Record<string, number>> {
  const { knex } = t.gateway.services;
  const out: Record<string, number> = {};
  for (const table of ['consent', 'assignment', 'complaint', 'correction_request', 'cookie_preference']) {
    out[table] = Number((await knex(table).count({ n: '*' }).where({ member_id: id }).first())?.n);
  }
  out.guardian = Number((await knex('guardian').count({ n: '*' }).where({ child_id: id }).first())?.n);
  return out;
}

/** The bytes of a SQLite database file and its write-ahead log, as they sit on disk. */
export function diskBytes(file: string): Buffer {
  return Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
}

export const gatewayFile = (t: TestGateway): string => path.join(t.config.dataDir, 'gateway.sqlite');
export const retentionFile = (t: TestGateway): string => path.join(t.config.dataDir, 'retention.sqlite');

export { ms };
