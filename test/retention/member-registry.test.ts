import { expect } from 'chai';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { clientToken, gql, login, type Caller } from '../helpers/http';
import { iso, memberIds } from '../lifecycle/support';
import { dialectOf } from '../../src/db/orm';
import {
  MEMBER_COLUMNS,
  MEMBER_TABLES,
  WITHDRAWN_LOGIN,
  type MemberColumn,
  type MemberTable,
  type RegistryColumn,
} from '../../src/modules/member/registry';
import { queueUsageNotices } from '../../src/modules/usage-notice/queue';
import { ENV, withdraw } from './support';

/** Every table of the live database with its columns, read from the database's own catalogue. */
async function liveColumns(t: TestGateway): Promise<Map<string, string[]>> {
  const { knex } = t.gateway.services;
  const rows = (
    dialectOf(t.config) === 'sqlite'
      ? await knex.raw(
          "select m.name as t, p.name as c from sqlite_master m join pragma_table_info(m.name) p where m.type = 'table' and m.name not like 'sqlite_%'",
        )
      : (
          await knex.raw(
            // Partitions (of the access log) are their parent's rows, listed under it.
            `select table_name as t, column_name as c from information_schema.columns where table_schema = current_schema()
             and table_name not in (select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid)`,
          )
        ).rows
  ) as { t: string; c: string }[];
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.t, [...(out.get(r.t) ?? []), r.c]);
  return out;
}

/** A table is about a member when a column names one. */
const MEMBER_KEYS = ['member_id', 'child_id'];

const entries = (t: MemberTable) => Object.entries(t.columns) as [string, RegistryColumn][];

describe('§4 §5 §7 the registry of member data lists every column of every member table: all exported, none left after destruction', () => {
  let t: TestGateway;
  let ids: Record<string, string>;
  let columns: Map<string, string[]>;
  let exported: Record<string, unknown>;
  before(async () => {
    t = await startGateway({ env: ENV });
    ids = await memberIds(t);
    columns = await liveColumns(t);
  });
  after(() => t.stop());
  const knex = () => t.gateway.services.knex;

  it('names every table with a member column, and every column of those tables and of the member row (both ways)', () => {
    const linked = [...columns].filter(([, cs]) => cs.some((c) => MEMBER_KEYS.includes(c))).map(([name]) => name);
    expect(linked.sort()).to.deep.equal(Object.keys(MEMBER_TABLES).sort());
    for (const [name, table] of Object.entries(MEMBER_TABLES) as [string, MemberTable][]) {
      expect(columns.get(name)!.sort(), name).to.deep.equal(Object.keys(table.columns).sort());
      expect(columns.get(name), name).to.include(table.by);
      for (const [column, c] of entries(table))
        if ('internal' in c) expect(c.internal, `${name}.${column}`).to.have.length.greaterThan(5);
    }
    expect(columns.get('member')!.sort()).to.deep.equal(Object.keys(MEMBER_COLUMNS).sort());
  });

  it('alice has rows in every member table the registry deletes (so the checks below see each one)', async () => {
    const alice = await login(t.url, 'alice');
    const self: Caller = { token: alice, purpose: 'SELF_SERVICE' };
    const cs: Caller = { token: await login(t.url, 'cs-agent'), purpose: 'MEMBER_MANAGEMENT' };
    const run = async (query: string, vars: Record<string, unknown>, caller: Caller) => {
      const res = await gql<Record<string, Record<string, unknown>>>(t.url, query, vars, caller);
      expect(res.errors, `${query} ${JSON.stringify(res.errors)}`).to.equal(undefined);
      return res.data!;
    };
    const partner = await clientToken(t.url, 'partner-ads');
    await run(
      'query($id: ID!) { member(id: $id) { name phone } }',
      { id: ids.alice },
      {
        token: partner,
        purpose: 'MARKETING',
      },
    );
    await run('mutation { submitComplaint(subject: "Mail", body: "Too many") { id } }', {}, self);
    await run('mutation { setCookiePreferences(personalised: true) { personalised } }', {}, self);
    await run(
      'mutation { attachGuardian(guardianName: "Mina Kim", guardianContact: "mina.kim@example.com") }',
      {},
      self,
    );
    const asked = await run(
      'mutation { requestCorrection(field: "phone", newValue: "010-2222-3333", reason: "New number") { id } }',
      {},
      self,
    );
    await run('mutation($id: ID!) { completeCorrection(id: $id) { status } }', { id: asked.requestCorrection!.id }, cs);
    await run(
      'mutation($m: ID!) { recordRightsRequest(memberId: $m, right: "EXPORT", channel: "PHONE", identityVerifiedBy: "callback", reference: "CALL-1", dueAt: null) { id } }',
      { m: ids.alice },
      cs,
    );
    await queueUsageNotices(t.gateway.services, new Date().getUTCFullYear());
    for (const [name, table] of Object.entries(MEMBER_TABLES) as [string, MemberTable][]) {
      if (table.destruction !== 'DELETE') continue;
      const n = Number((await knex()(name).count({ n: '*' }).where(table.by, ids.alice).first())?.n);
      expect(n, name).to.be.greaterThan(0);
    }
    const res = await gql<{ exportMyData: Record<string, unknown> }>(t.url, 'mutation { exportMyData }', {}, self);
    expect(res.errors, JSON.stringify(res.errors)).to.equal(undefined);
    exported = res.data!.exportMyData;
  });

  it('exports every registered column of every row: a stored value is never missing from the export', async () => {
    const check = (where: string, cs: [string, RegistryColumn][], row: Record<string, unknown>, item: unknown) => {
      expect(item, where).to.be.an('object');
      for (const [column, c] of cs) {
        if (!('key' in c)) continue;
        expect(item, `${where}.${column}`).to.have.property(c.key);
        const stored = row[column];
        if (stored != null && stored !== '')
          expect((item as Record<string, unknown>)[c.key], `${where}.${column}`).to.not.equal(null);
      }
    };
    const m = await knex()('member').first('*').where({ id: ids.alice });
    check('member', Object.entries(MEMBER_COLUMNS) as [string, MemberColumn][], m, exported.profile);
    for (const [name, table] of Object.entries(MEMBER_TABLES) as [string, MemberTable][]) {
      const item = exported[table.section];
      if (table.exportedBy) {
        // Her access history: every item carries every exported column.
        expect(item, name).to.be.an('array').that.is.not.empty;
        if (name === 'access_log') for (const h of item as unknown[]) check(name, entries(table), {}, h);
        continue;
      }
      const q = knex()(name).select('*').where(table.by, ids.alice);
      if (table.orderBy) q.orderBy(table.orderBy);
      const rows = (await q) as Record<string, unknown>[];
      const items = table.single ? [item] : (item as unknown[]);
      expect(items, name).to.have.length(rows.length);
      rows.forEach((row, i) => check(`${name}[${i}]`, entries(table), row, items[i]));
    }
  });

  it('after withdrawal and handover leaves no row in a deleted table and no personal column in the member row', async () => {
    const before = await knex()('member').first('*').where({ id: ids.alice });
    const guardianIds = await knex()('guardian').where({ child_id: ids.alice }).pluck('id');
    await withdraw(t, 'alice');
    const after = await knex()('member').first('*').where({ id: ids.alice });
    expect(iso(after.handed_over_at), 'handed over').to.not.equal(null);
    const survived: string[] = [];
    for (const column of columns.get('member')!) {
      const c = (MEMBER_COLUMNS as Record<string, MemberColumn>)[column]!;
      if ('kept' in c.destroyed) continue;
      const expected = c.destroyed.value === WITHDRAWN_LOGIN ? `${WITHDRAWN_LOGIN}${ids.alice}` : c.destroyed.value;
      if (after[column] !== expected) survived.push(`member.${column} = ${String(after[column])}`);
      if (before[column] != null && before[column] !== '' && after[column] === before[column])
        survived.push(`member.${column} unchanged`);
    }
    for (const [name, table] of Object.entries(MEMBER_TABLES) as [string, MemberTable][]) {
      if (table.destruction !== 'DELETE') {
        expect(table.destruction.kept, name).to.have.length.greaterThan(10);
        continue;
      }
      const n = Number((await knex()(name).count({ n: '*' }).where(table.by, ids.alice).first())?.n);
      if (n > 0) survived.push(`${name}: ${n} row(s)`);
    }
    const codes = Number(
      (await knex()('verification_code').count({ n: '*' }).whereIn('guardian_id', guardianIds).first())?.n,
    );
    if (codes > 0) survived.push(`verification_code: ${codes} row(s) sent to her guardian`);
    expect(survived).to.deep.equal([]);
  });
});
