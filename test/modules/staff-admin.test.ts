import { expect } from 'chai';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { codes, gql, login, type Caller } from '../helpers/http';
import { createAdmin } from '../../src/modules/staff/bootstrap';
import { counts } from '../lifecycle/support';

const ADMIN_ROWS =
  '{ accessLogs(first: 50, filter: { action: "ADMIN" }) { edges { node { accessorId accessorKind purpose fields } } } }';
const LOGIN =
  'mutation($l: String!, $p: String!) { login(loginId: $l, password: $p) { accessToken passwordChangeRequired purposes } }';
const CHANGE =
  'mutation($c: String!, $n: String!) { changeStaffPassword(currentPassword: $c, newPassword: $n) { accessToken purposes } }';
const NEW_PASSWORD = 'a-long-new-staff-password';

describe('§10 §12 administration: staff and the privacy officer (ADMIN, ADMINISTRATION)', () => {
  let t: TestGateway;
  let admin: Caller;
  let officer: Caller;
  before(async () => {
    t = await startGateway();
    admin = { token: await login(t.url, 'admin'), purpose: 'ADMINISTRATION' };
    officer = { token: await login(t.url, 'privacy-officer'), purpose: 'MEMBER_MANAGEMENT' };
  });
  after(() => t.stop());

  const adminRows = async () =>
    (
      (
        await gql<{
          accessLogs: {
            edges: { node: { accessorId: string; accessorKind: string; purpose: string; fields: string[] } }[];
          };
        }>(t.url, ADMIN_ROWS, {}, officer)
      ).data?.accessLogs.edges ?? []
    ).map((e) => e.node);

  it('the first administrator is made at the console with a one-time password that opens nothing but its change', async () => {
    const oneTime = await createAdmin(
      t.gateway.services.knex,
      t.gateway.services.accessLog,
      'first-admin',
      'First Admin',
    );
    const first = await gql<{ login: { accessToken: string; passwordChangeRequired: boolean; purposes: string[] } }>(
      t.url,
      LOGIN,
      { l: 'first-admin', p: oneTime },
    );
    expect(first.data?.login).to.include({ passwordChangeRequired: true });
    expect(first.data?.login.purposes).to.deep.equal([]);
    const refused = await gql(
      t.url,
      '{ staffAccounts { loginId } }',
      {},
      { token: first.data!.login.accessToken, purpose: 'ADMINISTRATION' },
    );
    expect(codes(refused)).to.deep.equal(['FORBIDDEN_PURPOSE']);
    const changed = await gql<{ changeStaffPassword: { accessToken: string; purposes: string[] } }>(
      t.url,
      CHANGE,
      { c: oneTime, n: NEW_PASSWORD },
      { token: first.data!.login.accessToken },
    );
    expect(changed.data?.changeStaffPassword.purposes).to.deep.equal(['ADMINISTRATION']);
    const old = await gql(
      t.url,
      '{ staffAccounts { loginId } }',
      {},
      { token: first.data!.login.accessToken, purpose: 'ADMINISTRATION' },
    );
    expect(codes(old)).to.deep.equal(['UNAUTHENTICATED']);
    const listed = await gql<{ staffAccounts: { loginId: string; role: string; mustChangePassword: boolean }[] }>(
      t.url,
      '{ staffAccounts { loginId role mustChangePassword } }',
      {},
      { token: changed.data!.changeStaffPassword.accessToken, purpose: 'ADMINISTRATION' },
    );
    expect(listed.data?.staffAccounts).to.deep.include({
      loginId: 'first-admin',
      role: 'ADMIN',
      mustChangePassword: false,
    });
    const rows = await adminRows();
    expect(rows.some((r) => r.accessorKind === 'OPERATOR' && r.fields.some((f) => f.endsWith('.role')))).to.equal(true);
    expect(rows.some((r) => r.accessorKind === 'STAFF' && r.fields.some((f) => f.endsWith('.password')))).to.equal(
      true,
    );
  });

  it('creates staff with a role, logs the change by name, never the password', async () => {
    const res = await gql<{ createStaff: { account: { id: string; role: string }; oneTimePassword: string } }>(
      t.url,
      'mutation { createStaff(loginId: "mina.cs", name: "Mina Jang", role: "CS_AGENT") { account { id role mustChangePassword } oneTimePassword } }',
      {},
      admin,
    );
    expect(res.errors).to.equal(undefined);
    const { account, oneTimePassword } = res.data!.createStaff;
    expect(account.role).to.equal('CS_AGENT');
    const row = (await adminRows()).find((r) => r.fields.includes(`staff:${account.id}.loginId`));
    expect(row).to.deep.include({ accessorKind: 'STAFF', purpose: 'ADMINISTRATION' });
    expect([...row!.fields].sort()).to.deep.equal(
      ['loginId', 'name', 'password', 'role'].map((f) => `staff:${account.id}.${f}`),
    );
    const { knex } = t.gateway.services;
    const logged = JSON.stringify(await knex('access_log').select('*'));
    expect(logged).not.to.include(oneTimePassword);
  });

  it('refuses a staff login id in use, an unknown role and a malformed id, changing nothing', async () => {
    const before = await counts(t, ['staff', 'access_log']);
    for (const [args, code, field] of [
      ['loginId: "cs-agent", name: "Twin", role: "CS_AGENT"', 'CONFLICT', 'loginId'],
      ['loginId: "new.person", name: "New", role: "SUPERUSER"', 'BAD_USER_INPUT', 'role'],
      ['loginId: "X!", name: "New", role: "CS_AGENT"', 'BAD_USER_INPUT', 'loginId'],
    ] as const) {
      const res = await gql(t.url, `mutation { createStaff(${args}) { oneTimePassword } }`, {}, admin);
      expect(codes(res), args).to.deep.equal([code]);
      expect(res.errors?.[0]?.extensions?.field, args).to.equal(field);
    }
    expect(await counts(t, ['staff', 'access_log'])).to.deep.equal(before);
  });

  it('§10 staff and members are separate namespaces: a member’s login id is no answer to the administrator, and each logs in to their own account', async () => {
    const res = await gql<{ createStaff: { account: { id: string }; oneTimePassword: string } }>(
      t.url,
      'mutation { createStaff(loginId: "bob", name: "Bob Staff", role: "CS_AGENT") { account { id } oneTimePassword } }',
      {},
      admin,
    );
    expect(res.errors, 'creating staff must not reveal that a member holds the id').to.equal(undefined);
    const asMember = await gql<{ login: { purposes: string[] } }>(t.url, LOGIN, { l: 'bob', p: 'demo-password' });
    const asStaff = await gql<{ login: { passwordChangeRequired: boolean } }>(t.url, LOGIN, {
      l: 'bob',
      p: res.data!.createStaff.oneTimePassword,
    });
    expect(asMember.data?.login.purposes).to.deep.equal(['SELF_SERVICE']);
    expect(asStaff.data?.login.passwordChangeRequired).to.equal(true);
  });

  it('disabling an account ends its tokens at once and its log-in answers like a wrong password', async () => {
    const marketer = await login(t.url, 'marketer');
    const id = (await t.gateway.services.knex('staff').first('id').where({ login_id: 'marketer' })).id as string;
    const res = await gql(t.url, 'mutation($id: ID!) { disableStaff(staffId: $id) { disabled } }', { id }, admin);
    expect(res.data).to.deep.equal({ disableStaff: { disabled: true } });
    const read = await gql(
      t.url,
      '{ members(first: 1) { edges { node { id } } } }',
      {},
      { token: marketer, purpose: 'MARKETING' },
    );
    expect(codes(read)).to.deep.equal(['UNAUTHENTICATED']);
    const right = await gql(t.url, LOGIN, { l: 'marketer', p: 'demo-password' });
    const wrong = await gql(t.url, LOGIN, { l: 'cs-agent', p: 'not-the-password' });
    expect(codes(right)).to.deep.equal(['UNAUTHENTICATED']);
    expect(right.errors?.[0]?.message).to.equal(wrong.errors?.[0]?.message);
    const enabled = await gql(t.url, 'mutation($id: ID!) { enableStaff(staffId: $id) { disabled } }', { id }, admin);
    expect(enabled.data).to.deep.equal({ enableStaff: { disabled: false } });
    expect(await login(t.url, 'marketer')).to.be.a('string');
  });

  it('a role change ends the account’s tokens, so the new role applies at once', async () => {
    const analyst = await login(t.url, 'analyst');
    const id = (await t.gateway.services.knex('staff').first('id').where({ login_id: 'analyst' })).id as string;
    const res = await gql(
      t.url,
      'mutation($id: ID!) { changeStaffRole(staffId: $id, role: "MARKETER") { role } }',
      { id },
      admin,
    );
    expect(res.data).to.deep.equal({ changeStaffRole: { role: 'MARKETER' } });
    const old = await gql(
      t.url,
      '{ memberStatistics { total } }',
      {},
      { token: analyst, purpose: 'SERVICE_DEVELOPMENT' },
    );
    expect(codes(old)).to.deep.equal(['UNAUTHENTICATED']);
    const fresh = await gql<{ login: { purposes: string[] } }>(t.url, LOGIN, { l: 'analyst', p: 'demo-password' });
    expect(fresh.data?.login.purposes).to.deep.equal(['MARKETING']);
  });

  it('a password reset hands out a one-time password and ends the old sessions', async () => {
    const cs = await login(t.url, 'cs-agent');
    const id = (await t.gateway.services.knex('staff').first('id').where({ login_id: 'cs-agent' })).id as string;
    const res = await gql<{ resetStaffPassword: { oneTimePassword: string } }>(
      t.url,
      'mutation($id: ID!) { resetStaffPassword(staffId: $id) { oneTimePassword account { mustChangePassword } } }',
      { id },
      admin,
    );
    const oneTime = res.data!.resetStaffPassword.oneTimePassword;
    expect(
      codes(await gql(t.url, '{ openCorrections { id } }', {}, { token: cs, purpose: 'MEMBER_MANAGEMENT' })),
    ).to.deep.equal(['UNAUTHENTICATED']);
    const first = await gql<{ login: { accessToken: string; passwordChangeRequired: boolean } }>(t.url, LOGIN, {
      l: 'cs-agent',
      p: oneTime,
    });
    expect(first.data?.login.passwordChangeRequired).to.equal(true);
    const wrong = await gql(
      t.url,
      CHANGE,
      { c: 'not-it-at-all', n: NEW_PASSWORD },
      { token: first.data!.login.accessToken },
    );
    expect(codes(wrong)).to.deep.equal(['UNAUTHENTICATED']);
    const ok = await gql(t.url, CHANGE, { c: oneTime, n: NEW_PASSWORD }, { token: first.data!.login.accessToken });
    expect(ok.errors).to.equal(undefined);
  });

  it('keeps one enabled administrator: disabling or demoting the last one is refused', async () => {
    const { knex } = t.gateway.services;
    const admins = await knex('staff').select('id').where({ role: 'ADMIN' }).whereNull('disabled_at');
    // Leave exactly one: disable every other administrator first.
    const me = (await knex('staff').first('id').where({ login_id: 'admin' })).id as string;
    for (const { id } of admins.filter((a: { id: string }) => a.id !== me)) {
      expect(
        (await gql(t.url, 'mutation($id: ID!) { disableStaff(staffId: $id) { disabled } }', { id }, admin)).errors,
      ).to.equal(undefined);
    }
    for (const op of [
      'disableStaff(staffId: $id) { disabled }',
      'changeStaffRole(staffId: $id, role: "CS_AGENT") { role }',
    ]) {
      const res = await gql(t.url, `mutation($id: ID!) { ${op} }`, { id: me }, admin);
      expect(codes(res), op).to.deep.equal(['CONFLICT']);
    }
    expect(await knex('staff').first('role', 'disabled_at').where({ id: me })).to.deep.include({
      role: 'ADMIN',
      disabled_at: null,
    });
  });

  it('designates exactly one privacy officer, whose contact alone is public', async () => {
    const { knex } = t.gateway.services;
    const create = await gql<{ createStaff: { account: { id: string } } }>(
      t.url,
      'mutation { createStaff(loginId: "jiwoo.lee", name: "Jiwoo Lee", role: "PRIVACY_OFFICER") { account { id } } }',
      {},
      admin,
    );
    const next = create.data!.createStaff.account.id;
    const current = (await knex('staff').first('id').where({ login_id: 'privacy-officer' })).id as string;
    const designate = (replacing: string | null) =>
      gql(
        t.url,
        `mutation($id: ID!, $r: ID) {
      designatePrivacyOfficer(staffId: $id, name: "Jiwoo Lee", affiliation: "Compliance", position: "CPO", email: "cpo@shop.example",
        phone: "02-555-0100", replacing: $r) { name affiliation position email phone } }`,
        { id: next, r: replacing },
        admin,
      );
    expect(codes(await designate(null))).to.deep.equal(['CONFLICT']);
    const cs = (await knex('staff').first('id').where({ login_id: 'cs-agent' })).id as string;
    const wrongRole = await gql(
      t.url,
      `mutation($id: ID!) { designatePrivacyOfficer(staffId: $id, name: "X", affiliation: "Y", position: "Z",
      email: "x@shop.example", phone: "02-555-0101") { name } }`,
      { id: cs },
      admin,
    );
    expect(codes(wrongRole)).to.deep.equal(['BAD_USER_INPUT']);
    const res = await designate(current);
    expect(res.errors).to.equal(undefined);
    const published = await gql(t.url, '{ privacyOfficer { name affiliation position email phone } }');
    expect(published.data).to.deep.equal({
      privacyOfficer: {
        name: 'Jiwoo Lee',
        affiliation: 'Compliance',
        position: 'CPO',
        email: 'cpo@shop.example',
        phone: '02-555-0100',
      },
    });
    const [{ n }] = (await knex('privacy_officer').count({ n: '*' })) as [{ n: number | string }];
    expect(Number(n)).to.equal(1);
    const disableOfficer = await gql(
      t.url,
      'mutation($id: ID!) { disableStaff(staffId: $id) { disabled } }',
      { id: next },
      admin,
    );
    expect(codes(disableOfficer)).to.deep.equal(['CONFLICT']);
  });

  it('ADMINISTRATION reads no member at all, and only ADMIN may declare it', async () => {
    const alice = (await t.gateway.services.knex('member').first('id').where({ login_id: 'alice' })).id as string;
    const read = await gql(t.url, 'query($id: ID!) { member(id: $id) { name } }', { id: alice }, admin);
    expect(codes(read)).to.deep.equal(['NOT_FOUND']);
    const list = await gql(t.url, '{ members(first: 5) { edges { node { id status } } } }', {}, admin);
    expect(list.data).to.deep.equal({ members: { edges: [] } });
    const cs = await login(t.url, 'privacy-officer');
    expect(
      codes(await gql(t.url, '{ staffAccounts { loginId } }', {}, { token: cs, purpose: 'ADMINISTRATION' })),
    ).to.deep.equal(['FORBIDDEN_PURPOSE']);
    expect(
      codes(await gql(t.url, '{ staffAccounts { loginId } }', {}, { token: cs, purpose: 'MEMBER_MANAGEMENT' })),
    ).to.deep.equal(['FORBIDDEN']);
  });

  it('the monthly review lists every administrative change and flags who made them', async () => {
    const month = new Date().toISOString().slice(0, 7);
    const res = await gql<{
      accessReview: {
        accessors: { accessorKind: string; accessorName: string; adminChanges: number; flags: string[] }[];
        adminChanges: { fields: string[] }[];
      };
    }>(
      t.url,
      `query($m: String!) { accessReview(month: $m) { accessors { accessorKind accessorName adminChanges flags } adminChanges { accessorName action fields } } }`,
      { m: month },
      officer,
    );
    expect(res.errors).to.equal(undefined);
    const adminReview = res.data!.accessReview.accessors.find((a) => a.accessorName === 'Gateway Administrator');
    expect(adminReview?.adminChanges).to.be.greaterThan(5);
    expect(adminReview?.flags).to.include('ADMIN');
    expect(res.data!.accessReview.adminChanges.length).to.equal(
      res.data!.accessReview.accessors.reduce((n, a) => n + a.adminChanges, 0),
    );
  });
});
