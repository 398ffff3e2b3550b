import { expect } from 'chai';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { codes, gql, login } from '../helpers/http';
import {
  accessLogText,
  adultForm,
  counts,
  errorSet,
  expectError,
  latestCode,
  memberIds,
  otherCode,
  SIGNUP_TABLES,
  signUp,
  yearsAgo,
} from './support';

const CONFIRM =
  'mutation Confirm($contact: String!, $code: String!) { confirmGuardianConsent(contact: $contact, code: $code) { childId status } }';
const REQUEST = 'mutation RequestCode($contact: String!) { requestGuardianCode(contact: $contact) }';
const GUARDIAN_LOGIN =
  'mutation GuardianLogin($contact: String!, $code: String!) { guardianLogin(contact: $contact, code: $code) { accessToken tokenType purposes } }';

/** Personal fields MEMBER_MANAGEMENT covers by category; the rest are outside that purpose altogether. */
const MM_FIELDS = [
  'loginId',
  'name',
  'email',
  'phone',
  'birthDate',
  'gender',
  'ageBand',
  'guardianName',
  'guardianContact',
  'signupIp',
  'browser',
  'os',
  'inflowRoute',
];
const OTHER_FIELDS = ['address', 'deliveryArea', 'bankAccount', 'cardNumber'];

describe('§13 lifecycle: members under 14 and their guardians', () => {
  let t: TestGateway;
  let ids: Record<string, string>;
  let cs: string;
  before(async () => {
    t = await startGateway();
    ids = await memberIds(t);
    cs = await login(t.url, 'cs-agent');
  });
  after(() => t.stop());

  const knex = () => t.gateway.services.knex;
  const childForm = (loginId: string, guardianContact: string | null, extra: Record<string, unknown> = {}) =>
    adultForm({
      loginId,
      password: `${loginId}-secret-pw`,
      name: `Kid ${loginId}`,
      email: `${loginId}@kids.example.com`,
      birthDate: yearsAgo(10, 3),
      guardianName: `Parent of ${loginId}`,
      ...(guardianContact ? { guardianContact } : {}),
      ...extra,
    });
  const confirm = (contact: string, code: string) =>
    gql<{ confirmGuardianConsent: { childId: string; status: string } }>(t.url, CONFIRM, { contact, code });

  describe('a child’s sign-up, refused without a legal representative', () => {
    for (const [what, change, field] of [
      ['without guardianName', { guardianName: null }, 'guardianName'],
      ['with an empty guardianName', { guardianName: '  ' }, 'guardianName'],
      ['without guardianContact', { guardianContact: null }, 'guardianContact'],
      ['with a guardianContact that is neither email nor phone', { guardianContact: 'ask my mum' }, 'guardianContact'],
    ] as const) {
      it(`${what}: BAD_USER_INPUT naming ${field}, nothing stored, nothing sent`, async () => {
        const before = await counts(t, SIGNUP_TABLES);
        const res = await signUp(t, childForm('kidnone', 'parent.none@example.com', change));
        expectError(res, 'BAD_USER_INPUT', field);
        expect(await counts(t, SIGNUP_TABLES)).to.deep.equal(before);
      });
    }

    it('treats someone who turns 14 today as an adult, and someone 14 tomorrow as a child', async () => {
      const adult = await signUp(
        t,
        adultForm({ loginId: 'fourteen', email: 'fourteen@example.com', birthDate: yearsAgo(14) }),
      );
      expect(adult.data?.signUp.outcome, JSON.stringify(adult.errors)).to.equal('ACTIVE');
      const child = await signUp(
        t,
        adultForm({ loginId: 'almost14', email: 'almost14@example.com', birthDate: yearsAgo(14, -1) }),
      );
      expectError(child, 'BAD_USER_INPUT', 'guardianName');
    });
  });

  describe('consent by a code sent to the guardian', () => {
    const contact = 'parent.a@example.com';
    let childId: string;
    let code: string;

    it('keeps a child PENDING_GUARDIAN with only name, login id, password hash and birth date, and sends the guardian a code', async () => {
      const before = await counts(t, SIGNUP_TABLES);
      const res = await signUp(
        t,
        childForm('kida', 'Parent.A@Example.com', {
          phone: '010-8888-1111',
          address: '8 Kid-ro, Mapo-gu, Seoul',
          deliveryArea: 'Seoul-Mapo',
          gender: 'MALE',
          inflowRoute: 'kid-campaign',
          personalisedCookies: true,
        }),
      );
      expect(res.errors).to.equal(undefined);
      expect(res.data!.signUp.outcome).to.equal('PENDING_GUARDIAN');
      childId = res.data!.signUp.memberId!;

      const m = await knex()('member').first('*').where({ id: childId });
      expect(m).to.deep.include({
        login_id: 'kida',
        name: 'Kid kida',
        status: 'PENDING_GUARDIAN',
        birth_date: yearsAgo(10, 3),
        email: null,
        phone: null,
        address: null,
        delivery_area: null,
        gender: null,
        bank_account_sealed: null,
        card_number_sealed: null,
        signup_ip: null,
        browser: null,
        os: null,
        inflow_route: null,
      });
      expect(m.password_hash).to.match(/^\$argon2id\$/);
      expect(
        await knex()('consent')
          .where({ member_id: childId })
          .count({ n: '*' })
          .first()
          .then((r) => Number(r?.n)),
      ).to.equal(0);
      expect(await knex()('cookie_preference').first('id').where({ member_id: childId })).to.equal(undefined);

      const guardian = await knex()('guardian').first('*').where({ child_id: childId });
      expect(guardian).to.deep.include({
        name: 'Parent of kida',
        contact,
        verified_at: null,
        verification_method: null,
      });
      const sent = (await knex()('notification').select('*').where({ recipient: contact })) as Record<
        string,
        unknown
      >[];
      expect(sent).to.have.length(1);
      expect(sent[0]).to.deep.include({ channel: 'EMAIL' });
      code = await latestCode(t, contact);
      const stored = (await knex()('verification_code').select('*').where({ contact })) as Record<string, unknown>[];
      expect(stored.map((r) => [r.purpose, r.guardian_id, r.used_at])).to.deep.equal([
        ['GUARDIAN_CONSENT', guardian.id, null],
      ]);
      expect(JSON.stringify(stored), 'only a hash of the code is stored').to.not.include(code);

      const after = await counts(t, SIGNUP_TABLES);
      expect(after).to.deep.include({
        member: before.member! + 1,
        guardian: before.guardian! + 1,
        consent: before.consent,
        cookie_preference: before.cookie_preference,
        notification: before.notification! + 1,
        verification_code: before.verification_code! + 1,
      });
      const log = await accessLogText(t);
      for (const value of [
        'kida-secret-pw',
        'Kid kida',
        'kida@kids.example.com',
        '010-8888-1111',
        '8 Kid-ro',
        'Parent of kida',
        contact,
      ]) {
        expect(log, `access_log must not hold ${value}`).to.not.include(value);
      }
    });

    it('denies a CS agent every personal field of the pending child with GUARDIAN_CONSENT_REQUIRED', async () => {
      const res = await gql<{ member: Record<string, unknown> }>(
        t.url,
        `query($id: ID!) { member(id: $id) { id status ${[...MM_FIELDS, ...OTHER_FIELDS].join(' ')} } }`,
        { id: childId },
        { token: cs, purpose: 'MEMBER_MANAGEMENT' },
      );
      expect(res.data!.member).to.deep.include({ id: childId, status: 'PENDING_GUARDIAN' });
      for (const f of [...MM_FIELDS, ...OTHER_FIELDS]) expect(res.data!.member[f], f).to.equal(null);
      expect(errorSet(res)).to.deep.equal(
        [
          ...MM_FIELDS.map((f) => `member.${f} GUARDIAN_CONSENT_REQUIRED`),
          ...OTHER_FIELDS.map((f) => `member.${f} PURPOSE_DENIED`),
        ].sort(),
      );
      expect(JSON.stringify(res)).to.not.include('Kid kida');
      expect(JSON.stringify(res)).to.not.include('Parent of kida');
    });

    it('does not let the pending child log in', async () => {
      const res = await gql(t.url, 'mutation { login(loginId: "kida", password: "kida-secret-pw") { accessToken } }');
      expect(codes(res)).to.deep.equal(['UNAUTHENTICATED']);
    });

    it('refuses a wrong code (BAD_USER_INPUT naming code) and changes nothing', async () => {
      const before = await counts(t);
      expectError(await confirm(contact, otherCode(code)), 'BAD_USER_INPUT', 'code');
      expect(await counts(t)).to.deep.equal(before);
      expect((await knex()('member').first('status').where({ id: childId })).status).to.equal('PENDING_GUARDIAN');
    });

    it('refuses an expired code and changes nothing', async () => {
      const { knex: k } = t.gateway.services;
      const row = await k('verification_code').first('id', 'expires_at').where({ contact }).whereNull('used_at');
      await k('verification_code')
        .where({ id: row.id })
        .update({ expires_at: new Date(Date.now() - 60_000) });
      const before = await counts(t);
      expectError(await confirm(contact, code), 'BAD_USER_INPUT', 'code');
      expect(await counts(t)).to.deep.equal(before);
      expect((await k('member').first('status').where({ id: childId })).status).to.equal('PENDING_GUARDIAN');
      expect((await k('guardian').first('verified_at').where({ child_id: childId })).verified_at).to.equal(null);
      await k('verification_code')
        .where({ id: row.id })
        .update({ expires_at: new Date(Date.now() + 10 * 60_000) });
    });

    it('activates the child with the right code: guardian verified by EMAIL_CODE, an ESSENTIAL receipt given by the GUARDIAN', async () => {
      const res = await confirm('parent.a@example.com', code);
      expect(res.errors).to.equal(undefined);
      expect(res.data!.confirmGuardianConsent).to.deep.equal({ childId, status: 'ACTIVE' });
      expect((await knex()('member').first('status').where({ id: childId })).status).to.equal('ACTIVE');
      const guardian = await knex()('guardian').first('*').where({ child_id: childId });
      expect(guardian.verified_at).to.not.equal(null);
      expect(guardian.verification_method).to.equal('EMAIL_CODE');
      const receipts = (await knex()('consent').select('*').where({ member_id: childId })) as Record<string, unknown>[];
      expect(receipts.map((r) => [r.purpose, r.given_by, Number(r.policy_version), r.withdrawn_at])).to.deep.equal([
        ['ESSENTIAL', 'GUARDIAN', 1, null],
      ]);
      const logged = await knex()('access_log')
        .first('action', 'fields')
        .where({ member_id: childId, action: 'CHANGE' });
      expect(logged).to.not.equal(undefined);
    });

    it('refuses the same code a second time', async () => {
      const before = await counts(t);
      expectError(await confirm(contact, code), 'BAD_USER_INPUT', 'code');
      expect(await counts(t)).to.deep.equal(before);
    });

    it('opens the child to the CS agent and lets the child log in once consented', async () => {
      const res = await gql<{ member: Record<string, unknown> }>(
        t.url,
        'query($id: ID!) { member(id: $id) { name email guardianName guardianContact } }',
        { id: childId },
        { token: cs, purpose: 'MEMBER_MANAGEMENT' },
      );
      expect(res.errors).to.equal(undefined);
      expect(res.data!.member).to.deep.equal({
        name: 'Kid kida',
        email: null,
        guardianName: 'Parent of kida',
        guardianContact: contact,
      });
      const token = await login(t.url, 'kida', 'kida-secret-pw');
      const me = await gql<{ me: { name: string; status: string } }>(
        t.url,
        '{ me { name status } }',
        {},
        { token, purpose: 'SELF_SERVICE' },
      );
      expect(me.data!.me).to.deep.equal({ name: 'Kid kida', status: 'ACTIVE' });
    });
  });

  describe('a guardian reached by phone', () => {
    it('sends the code by SMS and records SMS_CODE', async () => {
      const contact = '010-3333-4444';
      const res = await signUp(t, childForm('kidsms', contact));
      expect(res.data!.signUp.outcome).to.equal('PENDING_GUARDIAN');
      const sent = await knex()('notification').first('channel').where({ recipient: contact });
      expect(sent.channel).to.equal('SMS');
      const ok = await confirm(contact, await latestCode(t, contact));
      expect(ok.data!.confirmGuardianConsent.status).to.equal('ACTIVE');
      expect((await knex()('guardian').first('verification_method').where({ contact })).verification_method).to.equal(
        'SMS_CODE',
      );
    });
  });

  describe('guessing codes', () => {
    const contact = 'parent.b@example.com';
    it('answers RATE_LIMITED after 5 wrong codes for a contact, even to the right code, and changes nothing', async () => {
      const res = await signUp(t, childForm('kidb', contact));
      const childId = res.data!.signUp.memberId!;
      const code = await latestCode(t, contact);
      for (let i = 0; i < 5; i++) {
        expectError(await confirm(contact, otherCode(String(Number(code) + i))), 'BAD_USER_INPUT', 'code');
      }
      const before = await counts(t);
      expectError(await confirm(contact, code), 'RATE_LIMITED');
      expect(await counts(t)).to.deep.equal(before);
      expect((await knex()('member').first('status').where({ id: childId })).status).to.equal('PENDING_GUARDIAN');
      expect((await knex()('guardian').first('verified_at').where({ child_id: childId })).verified_at).to.equal(null);
      expect((await knex()('verification_code').first('used_at').where({ contact })).used_at).to.equal(null);
    });
  });

  describe('requestGuardianCode', () => {
    it('answers true for a contact nobody knows, and sends and stores nothing', async () => {
      const before = await counts(t);
      const res = await gql<{ requestGuardianCode: boolean }>(t.url, REQUEST, { contact: 'stranger@example.com' });
      expect(res.errors).to.equal(undefined);
      expect(res.data!.requestGuardianCode).to.equal(true);
      expect(await counts(t)).to.deep.equal(before);
    });

    it('sends a pending guardian (jun’s) a consent code that activates jun', async () => {
      const contact = 'jiho.choi@example.com';
      const res = await gql<{ requestGuardianCode: boolean }>(t.url, REQUEST, { contact });
      expect(res.data!.requestGuardianCode).to.equal(true);
      const guardian = await knex()('guardian').first('id').where({ child_id: ids.jun });
      const stored = await knex()('verification_code')
        .first('purpose', 'guardian_id')
        .where({ contact })
        .whereNull('used_at');
      expect(stored).to.deep.equal({ purpose: 'GUARDIAN_CONSENT', guardian_id: guardian.id });
      const before = await gql(
        t.url,
        'query($id: ID!) { member(id: $id) { name } }',
        { id: ids.jun },
        { token: cs, purpose: 'MEMBER_MANAGEMENT' },
      );
      expect(codes(before)).to.deep.equal(['GUARDIAN_CONSENT_REQUIRED']);
      const ok = await confirm(contact, await latestCode(t, contact));
      expect(ok.data!.confirmGuardianConsent).to.deep.equal({ childId: ids.jun, status: 'ACTIVE' });
      const after = await gql<{ member: { name: string } }>(
        t.url,
        'query($id: ID!) { member(id: $id) { name } }',
        { id: ids.jun },
        { token: cs, purpose: 'MEMBER_MANAGEMENT' },
      );
      expect(after.data!.member.name).to.equal('Jun Choi');
    });

    it('sends a verified guardian a GUARDIAN_LOGIN code', async () => {
      const contact = 'soyeon.park@example.com';
      const res = await gql<{ requestGuardianCode: boolean }>(t.url, REQUEST, { contact });
      expect(res.data!.requestGuardianCode).to.equal(true);
      const stored = (await knex()('verification_code').select('purpose').where({ contact }).whereNull('used_at')) as {
        purpose: string;
      }[];
      expect(stored.map((r) => r.purpose)).to.deep.equal(['GUARDIAN_LOGIN']);
      expect(await latestCode(t, contact)).to.match(/^\d{6}$/);
    });
  });

  describe('a guardian acting for their child', () => {
    const contact = 'soyeon.park@example.com';
    let guardian: string;

    it('refuses a wrong login code, then signs in with the code sent', async () => {
      const code = await latestCode(t, contact);
      expect(codes(await gql(t.url, GUARDIAN_LOGIN, { contact, code: otherCode(code) }))).to.deep.equal([
        'UNAUTHENTICATED',
      ]);
      const res = await gql<{ guardianLogin: { accessToken: string; tokenType: string; purposes: string[] } }>(
        t.url,
        GUARDIAN_LOGIN,
        { contact, code },
      );
      expect(res.errors).to.equal(undefined);
      expect(res.data!.guardianLogin).to.deep.include({ tokenType: 'Bearer', purposes: ['SELF_SERVICE'] });
      guardian = res.data!.guardianLogin.accessToken;
      expect(codes(await gql(t.url, GUARDIAN_LOGIN, { contact, code })), 'a used code').to.deep.equal([
        'UNAUTHENTICATED',
      ]);
    });

    it('lists the child in myChildren', async () => {
      const res = await gql<{ myChildren: { id: string; name: string; status: string }[] }>(
        t.url,
        '{ myChildren { id name status } }',
        {},
        { token: guardian, purpose: 'SELF_SERVICE' },
      );
      expect(res.errors).to.equal(undefined);
      expect(res.data!.myChildren).to.deep.equal([{ id: ids.minji, name: 'Minji Park', status: 'ACTIVE' }]);
    });

    it('updates the child’s profile', async () => {
      const res = await gql<{ updateMyProfile: { address: string; phone: string } }>(
        t.url,
        'mutation($id: ID!) { updateMyProfile(memberId: $id, input: { address: "5 Guardian-ro, Seoul", phone: "010-6666-2222" }) { address phone } }',
        { id: ids.minji },
        { token: guardian, purpose: 'SELF_SERVICE' },
      );
      expect(res.errors).to.equal(undefined);
      expect(res.data!.updateMyProfile).to.deep.equal({ address: '5 Guardian-ro, Seoul', phone: '010-6666-2222' });
      expect(await knex()('member').first('address', 'phone').where({ id: ids.minji })).to.deep.equal({
        address: '5 Guardian-ro, Seoul',
        phone: '010-6666-2222',
      });
      const row = await knex()('access_log')
        .first('accessor_kind', 'action')
        .where({ member_id: ids.minji, action: 'CHANGE' })
        .orderBy('seq', 'desc');
      expect(row).to.deep.equal({ accessor_kind: 'GUARDIAN', action: 'CHANGE' });
    });

    it('exports the child’s data, logged as a DOWNLOAD by the guardian', async () => {
      const res = await gql<{
        exportMyData: { profile: Record<string, unknown>; guardians: Record<string, unknown>[] };
      }>(
        t.url,
        'mutation($id: ID!) { exportMyData(memberId: $id) }',
        { id: ids.minji },
        { token: guardian, purpose: 'SELF_SERVICE' },
      );
      expect(res.errors).to.equal(undefined);
      expect(res.data!.exportMyData.profile).to.deep.include({
        id: ids.minji,
        name: 'Minji Park',
        address: '5 Guardian-ro, Seoul',
      });
      expect(res.data!.exportMyData.guardians.map((g) => g.contact)).to.deep.equal([contact]);
      const text = JSON.stringify(res.data);
      for (const other of ['Alice Kim', 'alice@example.com', 'Bob Lee', 'Jun Choi', 'Carol Jung'])
        expect(text).to.not.include(other);
      const row = await knex()('access_log').first('accessor_kind').where({ member_id: ids.minji, action: 'DOWNLOAD' });
      expect(row?.accessor_kind).to.equal('GUARDIAN');
    });

    it('gives consents for the child, recorded as given by the GUARDIAN', async () => {
      const res = await gql<{ grantConsent: { purpose: string; givenBy: string; method: string } }>(
        t.url,
        'mutation($id: ID) { grantConsent(memberId: $id, purpose: "MARKETING") { purpose givenBy method } }',
        { id: ids.minji },
        { token: guardian, purpose: 'SELF_SERVICE' },
      );
      expect(res.errors).to.equal(undefined);
      expect(res.data!.grantConsent).to.deep.equal({ purpose: 'MARKETING', givenBy: 'GUARDIAN', method: 'SETTINGS' });
      const withdrawn = await gql<{ withdrawConsent: number }>(
        t.url,
        'mutation($id: ID) { withdrawConsent(memberId: $id, purpose: "MARKETING") }',
        { id: ids.minji },
        { token: guardian, purpose: 'SELF_SERVICE' },
      );
      expect(withdrawn.data!.withdrawConsent).to.equal(1);
    });

    it('cannot delete the birth date that shows the child is under 14', async () => {
      const before = await knex()('member').first('*').where({ id: ids.minji });
      const res = await gql(
        t.url,
        'mutation($id: ID) { deleteMyOptionalItems(memberId: $id, fields: ["phone", "birthDate"]) { id } }',
        { id: ids.minji },
        { token: guardian, purpose: 'SELF_SERVICE' },
      );
      expectError(res, 'BAD_USER_INPUT', 'birthDate');
      expect(await knex()('member').first('*').where({ id: ids.minji })).to.deep.equal(before);
    });

    it('answers NOT_FOUND when the guardian names another member, and changes nothing', async () => {
      const before = await counts(t);
      const alice = await knex()('member').first('*').where({ id: ids.alice });
      const as = { token: guardian, purpose: 'SELF_SERVICE' };
      for (const [op, vars] of [
        [
          'mutation($id: ID) { updateMyProfile(memberId: $id, input: { address: "hijacked" }) { address } }',
          { id: ids.alice },
        ],
        ['mutation($id: ID) { exportMyData(memberId: $id) }', { id: ids.alice }],
        ['mutation($id: ID) { withdrawMembership(memberId: $id) }', { id: ids.alice }],
        ['mutation($id: ID) { deleteMyOptionalItems(memberId: $id, fields: ["phone"]) { id } }', { id: ids.alice }],
        [
          'mutation($id: ID) { updateMyProfile(memberId: $id, input: { address: "hijacked" }) { address } }',
          { id: null },
        ],
        ['mutation($id: ID) { withdrawMembership(memberId: $id) }', { id: ids.jun }],
      ] as const) {
        const res = await gql(t.url, op, vars, as);
        expect(codes(res), op).to.deep.equal(['NOT_FOUND']);
        expect(JSON.stringify(res.data ?? null)).to.not.include('Alice');
      }
      expect(await counts(t)).to.deep.equal(before);
      expect(await knex()('member').first('*').where({ id: ids.alice })).to.deep.equal(alice);
    });

    it('withdraws the child’s membership without a password', async () => {
      const res = await gql<{ withdrawMembership: boolean }>(
        t.url,
        'mutation($id: ID) { withdrawMembership(memberId: $id) }',
        { id: ids.minji },
        { token: guardian, purpose: 'SELF_SERVICE' },
      );
      expect(res.errors).to.equal(undefined);
      expect(res.data!.withdrawMembership).to.equal(true);
      expect((await knex()('member').first('status').where({ id: ids.minji })).status).to.equal('WITHDRAWN');
      const seen = await gql(
        t.url,
        'query($id: ID!) { member(id: $id) { name } }',
        { id: ids.minji },
        { token: cs, purpose: 'MEMBER_MANAGEMENT' },
      );
      expect(codes(seen)).to.deep.equal(['NOT_FOUND']);
      // The guardianship ended with the handover (the guardian's record is destroyed with the child's data), so
      // the guardian's token names nobody any more.
      const children = await gql(t.url, '{ myChildren { id } }', {}, { token: guardian, purpose: 'SELF_SERVICE' });
      expect(codes(children)).to.deep.equal(['UNAUTHENTICATED']);
      expect(
        codes(await gql(t.url, 'mutation { login(loginId: "minji", password: "demo-password") { accessToken } }')),
      ).to.deep.equal(['UNAUTHENTICATED']);
    });

    it('answers RATE_LIMITED to the guardian login after 5 wrong codes for the contact, even to the right code', async () => {
      // The used code refused above was the first wrong attempt since the last successful login; four more make five.
      for (let i = 0; i < 4; i++) {
        expect(
          codes(await gql(t.url, GUARDIAN_LOGIN, { contact, code: String(100000 + i) })),
          `attempt ${i + 2}`,
        ).to.deep.equal(['UNAUTHENTICATED']);
      }
      expect(
        (await gql<{ requestGuardianCode: boolean }>(t.url, REQUEST, { contact })).data!.requestGuardianCode,
      ).to.equal(true);
      const res = await gql(t.url, GUARDIAN_LOGIN, { contact, code: await latestCode(t, contact) });
      expect(codes(res)).to.deep.equal(['RATE_LIMITED']);
      expect(res.data ?? null).to.equal(null);
    });

    it('lets jun’s guardian, verified earlier in this suite, sign in and find jun', async () => {
      const contact2 = 'jiho.choi@example.com';
      expect(
        (await gql<{ requestGuardianCode: boolean }>(t.url, REQUEST, { contact: contact2 })).data!.requestGuardianCode,
      ).to.equal(true);
      const stored = await knex()('verification_code')
        .first('purpose')
        .where({ contact: contact2 })
        .whereNull('used_at');
      expect(stored.purpose).to.equal('GUARDIAN_LOGIN');
      const res = await gql<{ guardianLogin: { accessToken: string } }>(t.url, GUARDIAN_LOGIN, {
        contact: contact2,
        code: await latestCode(t, contact2),
      });
      const kids = await gql<{ myChildren: { id: string; name: string }[] }>(
        t.url,
        '{ myChildren { id name } }',
        {},
        { token: res.data!.guardianLogin.accessToken, purpose: 'SELF_SERVICE' },
      );
      expect(kids.data!.myChildren).to.deep.equal([{ id: ids.jun, name: 'Jun Choi' }]);
    });
  });
});
