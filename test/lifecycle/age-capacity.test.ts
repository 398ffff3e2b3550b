import { expect } from 'chai';
import { guardianToken, startGateway, type TestGateway } from '../helpers/gateway';
import { codes, gql, login } from '../helpers/http';
import {
  adultForm,
  counts,
  errorSet,
  expectError,
  latestCode,
  memberIds,
  SIGNUP_TABLES,
  signUp,
  yearsAgo,
} from './support';

const GRANT =
  'mutation($p: String!, $r: String, $m: ID) { grantConsent(purpose: $p, recipient: $r, memberId: $m) { purpose givenBy } }';
const ATTACH = 'mutation($n: String!, $c: String!) { attachGuardian(guardianName: $n, guardianContact: $c) }';
const CONFIRM =
  'mutation($contact: String!, $code: String!) { confirmGuardianConsent(contact: $contact, code: $code) { childId status } }';
const UPDATE = 'mutation($b: String!) { updateMyProfile(input: { birthDate: $b }) { birthDate } }';
const READ = 'query($id: ID!) { member(id: $id) { name email } }';

describe('§2 §13 age and capacity: the birth date is essential, a child’s consents are her guardian’s', () => {
  let t: TestGateway;
  let ids: Record<string, string>;
  let cs: string;
  let marketer: string;
  before(async () => {
    t = await startGateway();
    ids = await memberIds(t);
    [cs, marketer] = await Promise.all([login(t.url, 'cs-agent'), login(t.url, 'marketer')]);
  });
  after(() => t.stop());

  const knex = () => t.gateway.services.knex;
  const status = async (id: string) => (await knex()('member').first('status').where({ id })).status as string;
  const self = (token: string) => ({ token, purpose: 'SELF_SERVICE' });

  it('§2 §3 refuses a sign-up without a birth date (BAD_USER_INPUT naming birthDate), storing nothing', async () => {
    const before = await counts(t, SIGNUP_TABLES);
    for (const birthDate of [null, '', '  ']) {
      expectError(
        await signUp(t, adultForm({ loginId: 'nobirth', email: 'nobirth@example.com', birthDate, marketing: true })),
        'BAD_USER_INPUT',
        'birthDate',
      );
    }
    expect(await counts(t, SIGNUP_TABLES)).to.deep.equal(before);
  });

  it('§13 refuses a child’s own marketing or provision consent at sign-up with GUARDIAN_CONSENT_REQUIRED, storing nothing', async () => {
    const before = await counts(t, SIGNUP_TABLES);
    const child = { birthDate: yearsAgo(10), guardianName: 'Parent', guardianContact: 'parent.k@example.com' };
    expectError(
      await signUp(t, adultForm({ loginId: 'kidm', email: 'kidm@example.com', ...child, marketing: true })),
      'GUARDIAN_CONSENT_REQUIRED',
      'marketing',
    );
    expectError(
      await signUp(t, adultForm({ loginId: 'kidp', email: 'kidp@example.com', ...child, provideTo: ['partner-ads'] })),
      'GUARDIAN_CONSENT_REQUIRED',
      'provideTo',
    );
    expect(await counts(t, SIGNUP_TABLES)).to.deep.equal(before);
  });

  it('§13 does not honour a consent a child under 14 gave herself, whatever stored it', async () => {
    await knex()('consent').insert({
      id: '00000000-0000-4000-8000-0000000000a1',
      member_id: ids.minji,
      purpose: 'MARKETING',
      recipient: null,
      policy_version: 1,
      granted_at: new Date(),
      method: 'SETTINGS',
      given_by: 'SELF',
    });
    const res = await gql(t.url, READ, { id: ids.minji }, { token: marketer, purpose: 'MARKETING' });
    expect(errorSet(res)).to.deep.equal(['member.email CONSENT_MISSING', 'member.name CONSENT_MISSING']);
    await knex()('consent').where({ id: '00000000-0000-4000-8000-0000000000a1' }).del();
  });

  it('§13 refuses a verified child’s own optional consents (GUARDIAN_CONSENT_REQUIRED); her guardian gives them', async () => {
    const minji = await login(t.url, 'minji');
    for (const [p, r] of [
      ['MARKETING', null],
      ['THIRD_PARTY_PROVISION', 'partner-ads'],
      ['ESSENTIAL', null],
    ] as const) {
      expectError(await gql(t.url, GRANT, { p, r }, self(minji)), 'GUARDIAN_CONSENT_REQUIRED', 'purpose');
    }
    expect(await knex()('consent').where({ member_id: ids.minji, purpose: 'MARKETING' }).first('id')).to.equal(
      undefined,
    );
    const guardian = await guardianToken(t, 'soyeon.park@example.com');
    const res = await gql<{ grantConsent: { givenBy: string } }>(
      t.url,
      GRANT,
      { p: 'MARKETING', m: ids.minji },
      self(guardian),
    );
    expect(codes(res)).to.deep.equal([]);
    expect(res.data!.grantConsent.givenBy).to.equal('GUARDIAN');
    const read = await gql<{ member: unknown }>(
      t.url,
      READ,
      { id: ids.minji },
      { token: marketer, purpose: 'MARKETING' },
    );
    expect(codes(read)).to.deep.equal([]);
    expect(read.data!.member).to.deep.equal({ name: 'Minji Park', email: 'minji@example.com' });
  });

  it('§13 keeps a birth date once given: it is essential, not an optional item', async () => {
    const bob = await login(t.url, 'bob');
    const res = await gql(t.url, 'mutation { deleteMyOptionalItems(fields: ["birthDate"]) { name } }', {}, self(bob));
    expectError(res, 'BAD_USER_INPUT', 'birthDate');
  });

  it('§13 a member whose birth date is set to under 14 is PENDING_GUARDIAN until a guardian attached after sign-up consents', async () => {
    const res = await signUp(
      t,
      adultForm({
        loginId: 'yuna',
        email: 'yuna@example.com',
        birthDate: '1995-02-02',
        marketing: true,
        provideTo: ['partner-ads'],
      }),
    );
    const id = res.data!.signUp.memberId!;
    const yuna = await login(t.url, 'yuna', 'dana-secret-pass');
    expect(
      codes(await gql(t.url, ATTACH, { n: 'Yuna’s Mother', c: 'mother.yuna@example.com' }, self(yuna))),
    ).to.deep.equal([]);
    expect(await status(id)).to.equal('ACTIVE');

    const update = await gql(t.url, UPDATE, { b: yearsAgo(12) }, self(yuna));
    expect(codes(update)).to.deep.equal([]);
    expect(await status(id)).to.equal('PENDING_GUARDIAN');
    // Her own consents ended, her token stopped, and nobody else reads her.
    const open = await knex()('consent').select('purpose').where({ member_id: id }).whereNull('withdrawn_at');
    expect(open.map((c: { purpose: string }) => c.purpose)).to.deep.equal(['ESSENTIAL']);
    expect(codes(await gql(t.url, '{ me { name } }', {}, self(yuna)))).to.deep.equal(['UNAUTHENTICATED']);
    const pending = await gql(t.url, READ, { id }, { token: cs, purpose: 'MEMBER_MANAGEMENT' });
    expect(errorSet(pending)).to.deep.equal([
      'member.email GUARDIAN_CONSENT_REQUIRED',
      'member.name GUARDIAN_CONSENT_REQUIRED',
    ]);
    const partner = await gql<{ member: unknown }>(t.url, READ, { id }, { token: marketer, purpose: 'MARKETING' });
    expect(codes(partner)).to.not.include('CONSENT_MISSING');
    expect(JSON.stringify(partner.data)).to.not.include('yuna@');

    const code = await latestCode(t, 'mother.yuna@example.com');
    const confirmed = await gql<{ confirmGuardianConsent: { status: string } }>(t.url, CONFIRM, {
      contact: 'mother.yuna@example.com',
      code,
    });
    expect(codes(confirmed)).to.deep.equal([]);
    expect(await status(id)).to.equal('ACTIVE');
    const read = await gql<{ member: unknown }>(t.url, READ, { id }, { token: cs, purpose: 'MEMBER_MANAGEMENT' });
    expect(read.data!.member).to.deep.equal({ name: 'Dana Seo', email: 'yuna@example.com' });
  });

  it('§13 a birth date corrected to under 14 by customer service makes the member PENDING_GUARDIAN', async () => {
    const bob = await login(t.url, 'bob');
    const req = await gql<{ requestCorrection: { id: string } }>(
      t.url,
      'mutation($v: String!) { requestCorrection(field: "birthDate", newValue: $v, reason: "typo") { id } }',
      { v: yearsAgo(13) },
      self(bob),
    );
    const done = await gql(
      t.url,
      'mutation($id: ID!) { completeCorrection(id: $id) { status } }',
      { id: req.data!.requestCorrection.id },
      { token: cs, purpose: 'MEMBER_MANAGEMENT' },
    );
    expect(codes(done)).to.deep.equal([]);
    expect(await status(ids.bob!)).to.equal('PENDING_GUARDIAN');
    const res = await gql(t.url, READ, { id: ids.bob }, { token: cs, purpose: 'MEMBER_MANAGEMENT' });
    expect(errorSet(res)).to.deep.equal([
      'member.email GUARDIAN_CONSENT_REQUIRED',
      'member.name GUARDIAN_CONSENT_REQUIRED',
    ]);
  });
});
