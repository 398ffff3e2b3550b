import { expect } from 'chai';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { codes, gql, login } from '../helpers/http';
import { adultForm, counts, expectError, SIGNUP_TABLES, signUp, todayUtc } from './support';

const PUBLISH =
  'mutation Publish($text: String, $from: String!, $re: Boolean!) { publishPolicyVersion(template: $text, enforcedFrom: $from, requiresReconsent: $re) { version enforcedFrom requiresReconsent } }';
const NOTICES = '{ notices { id title body policyVersion postedAt } }';
const REQUIRED = '{ me { consentRequired } }';

type Notice = { id: string; title: string; body: string; policyVersion: number | null; postedAt: string };

describe('§15 lifecycle: policy versions', () => {
  let t: TestGateway;
  let po: string;
  let alice: string;
  let bob: string;
  before(async () => {
    t = await startGateway();
    [po, alice, bob] = await Promise.all([login(t.url, 'privacy-officer'), login(t.url, 'alice'), login(t.url, 'bob')]);
  });
  after(() => t.stop());

  const asPo = () => ({ token: po, purpose: 'MEMBER_MANAGEMENT' });
  const self = (token: string) => ({ token, purpose: 'SELF_SERVICE' });
  const consentRequired = async (token: string) => {
    const res = await gql<{ me: { consentRequired: boolean } }>(t.url, REQUIRED, {}, self(token));
    expect(res.errors).to.equal(undefined);
    return res.data!.me.consentRequired;
  };
  const TABLES = ['policy_version', 'notice'];

  it('starts at version 1 in force, with no re-consent owed', async () => {
    const res = await gql<{ privacyPolicy: { version: number } }>(t.url, '{ privacyPolicy { version } }');
    expect(res.data!.privacyPolicy.version).to.equal(1);
    expect(await consentRequired(alice)).to.equal(false);
  });

  it('does not let a CS agent, a member or a visitor publish (FORBIDDEN / UNAUTHENTICATED), and changes nothing', async () => {
    const before = await counts(t, TABLES);
    const cs = await login(t.url, 'cs-agent');
    const vars = { text: null, from: todayUtc(), re: true };
    expect(codes(await gql(t.url, PUBLISH, vars, { token: cs, purpose: 'MEMBER_MANAGEMENT' }))).to.deep.equal([
      'FORBIDDEN',
    ]);
    expect(codes(await gql(t.url, PUBLISH, vars, self(alice)))).to.deep.equal(['FORBIDDEN']);
    expect(codes(await gql(t.url, PUBLISH, vars))).to.deep.equal(['UNAUTHENTICATED']);
    expect(await counts(t, TABLES)).to.deep.equal(before);
  });

  for (const [what, from, text] of [
    ['an enforcement date in the past', todayUtc(-1), 'Backdated'],
    ['an enforcement date that is not a date', '2026-02-30x', 'Bad date'],
    ['an empty text', todayUtc(), '   '],
  ] as const) {
    it(`refuses ${what} with BAD_USER_INPUT and changes nothing`, async () => {
      const before = await counts(t, TABLES);
      expectError(
        await gql(t.url, PUBLISH, { text, from, re: true }, asPo()),
        'BAD_USER_INPUT',
        text.trim() === '' ? 'template' : 'enforcedFrom',
      );
      expect(await counts(t, TABLES)).to.deep.equal(before);
    });
  }

  it('publishes version 2 in force today, requiring re-consent, and posts its notice', async () => {
    const today = todayUtc();
    const res = await gql<{ publishPolicyVersion: Record<string, unknown> }>(
      t.url,
      PUBLISH,
      { text: null, from: today, re: true },
      asPo(),
    );
    expect(res.errors).to.equal(undefined);
    expect(res.data!.publishPolicyVersion).to.deep.equal({ version: 2, enforcedFrom: today, requiresReconsent: true });
    const notices = await gql<{ notices: Notice[] }>(t.url, NOTICES);
    expect(notices.errors).to.equal(undefined);
    const notice = notices.data!.notices.find((n) => n.policyVersion === 2);
    expect(notice, 'a notice for version 2').to.not.equal(undefined);
    expect(notice!.title).to.include('2');
    expect(notice!.title).to.include(today);
    expect(notices.data!.notices[0]!.policyVersion, 'newest first').to.equal(2);
    const current = await gql<{ privacyPolicy: { version: number; requiresReconsent: boolean } }>(
      t.url,
      '{ privacyPolicy { version requiresReconsent } }',
    );
    expect(current.data!.privacyPolicy).to.deep.equal({ version: 2, requiresReconsent: true });
  });

  it('asks alice and bob for re-consent', async () => {
    expect(await consentRequired(alice)).to.equal(true);
    expect(await consentRequired(bob)).to.equal(true);
  });

  it('stops asking alice once she grants ESSENTIAL under version 2, and only her', async () => {
    const res = await gql<{
      grantConsent: { purpose: string; policyVersion: number; method: string; givenBy: string };
    }>(
      t.url,
      'mutation { grantConsent(purpose: "ESSENTIAL") { purpose policyVersion method givenBy } }',
      {},
      self(alice),
    );
    expect(res.errors).to.equal(undefined);
    expect(res.data!.grantConsent).to.deep.equal({
      purpose: 'ESSENTIAL',
      policyVersion: 2,
      method: 'SETTINGS',
      givenBy: 'SELF',
    });
    expect(await consentRequired(alice)).to.equal(false);
    expect(await consentRequired(bob)).to.equal(true);
    const history = await gql<{
      me: { consents: { purpose: string; policyVersion: number; withdrawnAt: string | null }[] };
    }>(t.url, '{ me { consents { purpose policyVersion withdrawnAt } } }', {}, self(alice));
    const essential = history.data!.me.consents.filter((c) => c.purpose === 'ESSENTIAL');
    expect(essential.map((c) => c.policyVersion).sort()).to.deep.equal([1, 2]);
    expect(essential.find((c) => c.policyVersion === 2)!.withdrawnAt).to.equal(null);
  });

  it('keeps alice reachable for customer service after her re-consent', async () => {
    const cs = await login(t.url, 'cs-agent');
    const ids = Object.fromEntries(
      ((await t.gateway.services.knex('member').select('id', 'login_id')) as { id: string; login_id: string }[]).map(
        (r) => [r.login_id, r.id],
      ),
    );
    const res = await gql<{ member: { name: string } }>(
      t.url,
      'query($id: ID!) { member(id: $id) { name } }',
      { id: ids.alice },
      { token: cs, purpose: 'MEMBER_MANAGEMENT' },
    );
    expect(res.errors).to.equal(undefined);
    expect(res.data!.member.name).to.equal('Alice Kim');
  });

  it('makes sign-up show version 2: version 1 is refused, version 2 is recorded on every receipt', async () => {
    const before = await counts(t, SIGNUP_TABLES);
    expectError(await signUp(t, adultForm({ policyVersion: 1 })), 'BAD_USER_INPUT', 'policyVersion');
    expect(await counts(t, SIGNUP_TABLES)).to.deep.equal(before);
    const res = await signUp(t, adultForm({ policyVersion: 2, marketing: true }));
    expect(res.data!.signUp.outcome).to.equal('ACTIVE');
    const receipts = (await t.gateway.services
      .knex('consent')
      .select('purpose', 'policy_version')
      .where({ member_id: res.data!.signUp.memberId })) as { purpose: string; policy_version: number }[];
    expect(receipts.map((r) => Number(r.policy_version))).to.deep.equal(receipts.map(() => 2));
    expect(receipts.map((r) => r.purpose)).to.include.members(['ESSENTIAL', 'MARKETING']);
    expect(await consentRequired(await login(t.url, 'dana', 'dana-secret-pass'))).to.equal(false);
  });

  it('publishes a version for tomorrow without changing the version in force today', async () => {
    const tomorrow = todayUtc(1);
    const res = await gql<{ publishPolicyVersion: { version: number } }>(
      t.url,
      PUBLISH,
      { text: null, from: tomorrow, re: true },
      asPo(),
    );
    expect(res.data!.publishPolicyVersion.version).to.equal(3);
    const current = await gql<{ privacyPolicy: { version: number } }>(t.url, '{ privacyPolicy { version } }');
    expect(current.data!.privacyPolicy.version).to.equal(2);
    expect(await consentRequired(alice), 'version 3 is not in force yet').to.equal(false);
    expectError(
      await signUp(t, adultForm({ loginId: 'early', email: 'early@example.com', policyVersion: 3 })),
      'BAD_USER_INPUT',
      'policyVersion',
    );
    const all = await gql<{ privacyPolicies: { version: number }[] }>(t.url, '{ privacyPolicies { version } }');
    expect(all.data!.privacyPolicies.map((p) => p.version)).to.deep.equal([3, 2, 1]);
  });

  // Last, so that a version wrongly published here cannot shift the numbers the tests above expect.
  it('refuses an enforcement date that does not exist (30 February next year) and changes nothing', async () => {
    const before = await counts(t, TABLES);
    const res = await gql(
      t.url,
      PUBLISH,
      { text: 'Impossible date', from: `${new Date().getUTCFullYear() + 1}-02-30`, re: false },
      asPo(),
    );
    expect({
      codes: codes(res),
      field: res.errors?.[0]?.extensions?.field,
      counts: await counts(t, TABLES),
    }).to.deep.equal({ codes: ['BAD_USER_INPUT'], field: 'enforcedFrom', counts: before });
  });
});
