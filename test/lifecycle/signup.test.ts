import { expect } from 'chai';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { codes, gql, login } from '../helpers/http';
import {
  adultForm,
  accessLogText,
  counts,
  expectError,
  SIGNUP_TABLES,
  signUp,
  withConflictRows,
  yearsAgo,
} from './support';

describe('§1 §2 lifecycle: sign-up', () => {
  let t: TestGateway;
  before(async () => {
    t = await startGateway();
  });
  after(() => t.stop());

  const knex = () => t.gateway.services.knex;

  it('Cancel (agree: false) stores nothing at all, in any table', async () => {
    const before = await counts(t, SIGNUP_TABLES);
    const res = await signUp(
      t,
      adultForm({
        agree: false,
        loginId: 'cancelled',
        email: 'cancelled@example.com',
        phone: '010-5555-0000',
        address: '9 Cancel-ro',
        birthDate: '1990-01-01',
        gender: 'FEMALE',
        marketing: true,
        provideTo: ['partner-ads'],
        personalisedCookies: true,
      }),
    );
    expect(res.errors).to.equal(undefined);
    expect(res.data!.signUp).to.deep.equal({ outcome: 'CANCELLED', memberId: null });
    expect(await counts(t, SIGNUP_TABLES)).to.deep.equal(before);
    expect(await knex()('member').first('id').where({ login_id: 'cancelled' })).to.equal(undefined);
    expect(await accessLogText(t)).to.not.include('cancelled');
  });

  it('Cancel of a child’s form stores nothing and sends the guardian nothing', async () => {
    const before = await counts(t, SIGNUP_TABLES);
    const res = await signUp(
      t,
      adultForm({
        agree: false,
        loginId: 'cancelkid',
        email: 'cancelkid@example.com',
        birthDate: yearsAgo(9),
        guardianName: 'Cancel Parent',
        guardianContact: 'cancel.parent@example.com',
      }),
    );
    expect(res.data!.signUp).to.deep.equal({ outcome: 'CANCELLED', memberId: null });
    expect(await counts(t, SIGNUP_TABLES)).to.deep.equal(before);
  });

  it('signs up an adult with every optional item: values stored, receipts for each consent, an INPUT row with names only', async () => {
    const before = await counts(t, SIGNUP_TABLES);
    const form = adultForm({
      loginId: 'erin',
      password: 'erin-secret-pass',
      name: 'Erin Moon',
      email: 'Erin.Moon@Example.com',
      phone: '010-7777-1234',
      address: '77 Sejong-daero, Jung-gu, Seoul',
      deliveryArea: 'Seoul-Jung',
      birthDate: '1991-03-14',
      gender: 'OTHER',
      inflowRoute: 'campaign-spring-erin',
      marketing: true,
      provideTo: ['partner-ads'],
      personalisedCookies: true,
    });
    const res = await signUp(t, form);
    expect(res.errors).to.equal(undefined);
    expect(res.data!.signUp.outcome).to.equal('ACTIVE');
    const id = res.data!.signUp.memberId!;
    expect(id).to.be.a('string');

    const m = await knex()('member').first('*').where({ id });
    expect(m).to.deep.include({
      login_id: 'erin',
      status: 'ACTIVE',
      name: 'Erin Moon',
      email: 'erin.moon@example.com',
      phone: '010-7777-1234',
      address: '77 Sejong-daero, Jung-gu, Seoul',
      delivery_area: 'Seoul-Jung',
      birth_date: '1991-03-14',
      gender: 'OTHER',
      inflow_route: 'campaign-spring-erin',
    });
    expect(m.password_hash).to.match(/^\$argon2id\$/);
    expect(m.password_hash).to.not.include('erin-secret-pass');

    const receipts = (await knex()('consent').select('*').where({ member_id: id })) as Record<string, unknown>[];
    const byPurpose = (p: string) => receipts.filter((r) => r.purpose === p);
    expect(byPurpose('ESSENTIAL')).to.have.length(1);
    expect(byPurpose('MARKETING')).to.have.length(1);
    expect(byPurpose('THIRD_PARTY_PROVISION').map((r) => r.recipient)).to.deep.equal(['partner-ads']);
    for (const r of receipts) {
      expect(Number(r.policy_version), `${r.purpose} policy_version`).to.equal(1);
      expect(r.method).to.equal('SIGNUP_FORM');
      expect(r.given_by).to.equal('SELF');
      expect(r.withdrawn_at).to.equal(null);
    }
    const cookies = await knex()('cookie_preference').first('personalised').where({ member_id: id });
    expect(Boolean(cookies?.personalised)).to.equal(true);

    const logRows = (await knex()('access_log').select('*').where({ member_id: id })) as Record<string, unknown>[];
    expect(logRows).to.have.length(1);
    expect(logRows[0]).to.deep.include({ action: 'INPUT', accessor_kind: 'ANONYMOUS' });
    const fields =
      typeof logRows[0]!.fields === 'string' ? JSON.parse(logRows[0]!.fields as string) : logRows[0]!.fields;
    expect(fields).to.include.members([
      'loginId',
      'password',
      'name',
      'email',
      'phone',
      'address',
      'deliveryArea',
      'birthDate',
      'gender',
      'inflowRoute',
    ]);
    const log = await accessLogText(t);
    for (const value of [
      'erin-secret-pass',
      'Erin Moon',
      'erin.moon@example.com',
      'Erin.Moon',
      '010-7777-1234',
      '77 Sejong-daero',
      'Seoul-Jung',
      '1991-03-14',
      'campaign-spring-erin',
    ]) {
      expect(log, `access_log must not hold the value ${value}`).to.not.include(value);
    }
    const after = await counts(t, SIGNUP_TABLES);
    expect(after.member).to.equal(before.member! + 1);
    expect(after.guardian).to.equal(before.guardian);
    expect(after.verification_code).to.equal(before.verification_code);
    expect(after.notification).to.equal(before.notification);

    // The new member logs in and sees their items and receipts.
    const token = await login(t.url, 'erin', 'erin-secret-pass');
    const me = await gql<{ me: Record<string, unknown> & { consents: Record<string, unknown>[] } }>(
      t.url,
      '{ me { loginId name email phone gender birthDate consents { purpose recipient policyVersion grantedAt withdrawnAt method givenBy } } }',
      {},
      { token, purpose: 'SELF_SERVICE' },
    );
    expect(me.errors).to.equal(undefined);
    expect(me.data!.me).to.deep.include({
      loginId: 'erin',
      name: 'Erin Moon',
      email: 'erin.moon@example.com',
      phone: '010-7777-1234',
      gender: 'OTHER',
      birthDate: '1991-03-14',
    });
    const shown = me.data!.me.consents.map(
      (c) => `${c.purpose}:${c.recipient ?? ''}:${c.policyVersion}:${c.method}:${c.givenBy}:${c.withdrawnAt}`,
    );
    expect(shown).to.include.members([
      'ESSENTIAL::1:SIGNUP_FORM:SELF:null',
      'MARKETING::1:SIGNUP_FORM:SELF:null',
      'THIRD_PARTY_PROVISION:partner-ads:1:SIGNUP_FORM:SELF:null',
    ]);
  });

  it('stores optional items and optional consents only when they are supplied', async () => {
    const res = await signUp(t, adultForm({ loginId: 'finn', email: 'finn@example.com', name: 'Finn Han' }));
    expect(res.data!.signUp.outcome).to.equal('ACTIVE');
    const id = res.data!.signUp.memberId!;
    const m = await knex()('member').first('*').where({ id });
    expect(m).to.deep.include({
      phone: null,
      address: null,
      delivery_area: null,
      birth_date: '1990-05-01',
      gender: null,
      inflow_route: null,
      bank_account_sealed: null,
      card_number_sealed: null,
    });
    const purposes = (
      (await knex()('consent').select('purpose').where({ member_id: id })) as { purpose: string }[]
    ).map((r) => r.purpose);
    expect(purposes).to.deep.equal(['ESSENTIAL']);
    const cookies = await knex()('cookie_preference').first('personalised').where({ member_id: id });
    expect(Boolean(cookies?.personalised)).to.equal(false);
    const row = await knex()('access_log').first('fields').where({ member_id: id, action: 'INPUT' });
    const fields = typeof row.fields === 'string' ? JSON.parse(row.fields) : row.fields;
    for (const f of ['phone', 'address', 'deliveryArea', 'gender', 'inflowRoute']) expect(fields).to.not.include(f);
    expect(fields).to.include('birthDate');
  });

  it('refuses a policy version other than the one in force, storing nothing', async () => {
    const before = await counts(t, SIGNUP_TABLES);
    for (const policyVersion of [2, 0]) {
      const res = await signUp(t, adultForm({ loginId: 'gina', email: 'gina@example.com', policyVersion }));
      expectError(res, 'BAD_USER_INPUT', 'policyVersion');
    }
    expect(await counts(t, SIGNUP_TABLES)).to.deep.equal(before);
  });

  const INVALID: [string, Record<string, unknown>, string][] = [
    ['an email without @', { email: 'not-an-email' }, 'email'],
    ['an email without a domain', { email: 'someone@localhost' }, 'email'],
    ['a phone of letters', { phone: 'call-me-maybe' }, 'phone'],
    ['a phone too short', { phone: '12' }, 'phone'],
    ['a login id with upper case', { loginId: 'Holly' }, 'loginId'],
    ['a login id too short', { loginId: 'ho' }, 'loginId'],
    ['a login id with a space', { loginId: 'holly h' }, 'loginId'],
    ['a password of 9 characters', { password: '123456789' }, 'password'],
    ['an empty name', { name: '   ' }, 'name'],
    ['a birth date that is not a date', { birthDate: '1990-02-30' }, 'birthDate'],
    ['a birth date in another format', { birthDate: '14/03/1991' }, 'birthDate'],
    ['a birth date in the future', { birthDate: '2999-01-01' }, 'birthDate'],
    ['an unknown gender', { gender: 'F' }, 'gender'],
    ['an empty address', { address: ' ' }, 'address'],
    ['an over-long inflow route', { inflowRoute: 'x'.repeat(201) }, 'inflowRoute'],
    ['an unknown partner', { provideTo: ['no-such-partner'] }, 'provideTo'],
    ['a consignee named as a partner', { provideTo: ['partner-ads', 'courier'] }, 'provideTo'],
  ];
  for (const [what, change, field] of INVALID) {
    it(`refuses ${what} with BAD_USER_INPUT naming ${field}, storing nothing`, async () => {
      const before = await counts(t, SIGNUP_TABLES);
      const res = await signUp(
        t,
        adultForm({ loginId: 'holly', email: 'holly@example.com', phone: '010-4444-0000', marketing: true, ...change }),
      );
      expectError(res, 'BAD_USER_INPUT', field);
      expect(await counts(t, SIGNUP_TABLES)).to.deep.equal(before);
      expect(await knex()('member').first('id').where({ login_id: 'holly' })).to.equal(undefined);
    });
  }

  it('answers CONFLICT, with the same message, for a login id or an email already in use, storing nothing but its log row', async () => {
    const before = await counts(t, SIGNUP_TABLES);
    const byLogin = await signUp(t, adultForm({ loginId: 'alice', email: 'new-alice@example.com' }));
    const byEmail = await signUp(t, adultForm({ loginId: 'alice2', email: 'alice@example.com' }));
    const byEmailCase = await signUp(t, adultForm({ loginId: 'alice3', email: 'ALICE@Example.COM' }));
    const both = [byLogin, byEmail, byEmailCase];
    for (const res of both) expectError(res, 'CONFLICT');
    expect(new Set(both.map((r) => r.errors![0]!.message)).size).to.equal(1);
    expect(
      new Set(both.map((r) => JSON.stringify(r.errors![0]!.extensions))).size,
      'the answer must not tell which one is taken',
    ).to.equal(1);
    expect(await counts(t, SIGNUP_TABLES)).to.deep.equal(withConflictRows(before, 3));
  });

  it('abuse 3: never reveals a staff login id: a member may sign up with it, and each logs in with their own password', async () => {
    const res = await signUp(
      t,
      adultForm({ loginId: 'analyst', email: 'not-the-analyst@example.com', password: 'impostor-password' }),
    );
    const as = async (password: string) => {
      const r = await gql<{ login: { purposes: string[] } }>(
        t.url,
        'mutation($p: String!) { login(loginId: "analyst", password: $p) { purposes } }',
        { p: password },
      );
      return r.data?.login?.purposes ?? codes(r);
    };
    expect({
      signUp: codes(res),
      staffLogin: await as('demo-password'),
      memberLogin: await as('impostor-password'),
      wrong: await as('neither-password'),
    }).to.deep.equal({
      signUp: [],
      staffLogin: ['SERVICE_DEVELOPMENT'],
      memberLogin: ['SELF_SERVICE'],
      wrong: ['UNAUTHENTICATED'],
    });
  });

  it('refuses a second sign-up racing the first for the same login id with CONFLICT', async () => {
    const forms = [
      adultForm({ loginId: 'ivy', email: 'ivy1@example.com' }),
      adultForm({ loginId: 'ivy', email: 'ivy2@example.com' }),
    ];
    const results = await Promise.all(forms.map((f) => signUp(t, f)));
    const outcomes = results.map((r) => r.data?.signUp?.outcome ?? codes(r).join(',')).sort();
    expect(outcomes).to.deep.equal(['ACTIVE', 'CONFLICT']);
    expect(
      await knex()('member')
        .where({ login_id: 'ivy' })
        .count({ n: '*' })
        .first()
        .then((r) => Number(r?.n)),
    ).to.equal(1);
  });
});
