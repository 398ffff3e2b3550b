import { expect } from 'chai';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { clientToken, codes, gql } from '../helpers/http';
import { memberIds, todayUtc } from './support';

const LOGIN =
  'mutation($id: String!) { login(loginId: $id, password: "demo-password") { accessToken purposes reconsentRequired } }';
const PUBLISH =
  'mutation($from: String!, $re: Boolean!) { publishPolicyVersion(enforcedFrom: $from, requiresReconsent: $re) { version } }';
const UPDATE = 'mutation { updateMyProfile(input: { phone: "010-5555-6666" }) { phone } }';
const READ = 'query($id: ID!) { member(id: $id) { name } }';

type Login = { accessToken: string; purposes: string[]; reconsentRequired: boolean };

describe('§15 a version requiring re-consent: login says so, and until she agrees her token serves only her own data and consents; purposes needing the new terms are CONSENT_MISSING', () => {
  let t: TestGateway;
  let ids: Record<string, string>;
  let bobBefore: string;
  const signIn = async (loginId: string): Promise<Login> => {
    const res = await gql<{ login: Login }>(t.url, LOGIN, { id: loginId });
    expect(res.errors, JSON.stringify(res.errors)).to.equal(undefined);
    return res.data!.login;
  };
  const self = (token: string) => ({ token, purpose: 'SELF_SERVICE' });
  before(async () => {
    t = await startGateway();
    ids = await memberIds(t);
  });
  after(() => t.stop());

  it('owes nothing while no version requires re-consent: login says false and everything is served', async () => {
    const bob = await signIn('bob');
    expect(bob.reconsentRequired).to.equal(false);
    bobBefore = bob.accessToken;
    expect((await gql(t.url, UPDATE, {}, self(bob.accessToken))).errors).to.equal(undefined);
  });

  it('after the officer publishes a version requiring re-consent, login says reconsentRequired', async () => {
    const po = (await signIn('privacy-officer')).accessToken;
    const res = await gql(t.url, PUBLISH, { from: todayUtc(), re: true }, { token: po, purpose: 'MEMBER_MANAGEMENT' });
    expect(res.errors, JSON.stringify(res.errors)).to.equal(undefined);
    expect((await signIn('bob')).reconsentRequired).to.equal(true);
    expect((await signIn('alice')).reconsentRequired).to.equal(true);
    expect((await signIn('cs-agent')).reconsentRequired).to.equal(false);
  });

  it('serves her own data and the consent state, and refuses anything else with CONSENT_MISSING (an older token too)', async () => {
    for (const token of [bobBefore, (await signIn('bob')).accessToken]) {
      const me = await gql<{ me: { name: string; consentRequired: boolean } }>(
        t.url,
        '{ me { name consentRequired } }',
        {},
        self(token),
      );
      expect(me.errors, JSON.stringify(me.errors)).to.equal(undefined);
      expect(me.data!.me).to.deep.equal({ name: 'Bob Lee', consentRequired: true });
      expect(codes(await gql(t.url, UPDATE, {}, self(token)))).to.deep.equal(['CONSENT_MISSING']);
      const correction = await gql(
        t.url,
        'mutation { requestCorrection(field: "phone", newValue: "010-1111-2222", reason: "new") { id } }',
        {},
        self(token),
      );
      expect(codes(correction)).to.deep.equal(['CONSENT_MISSING']);
    }
    expect(
      Number(
        (await t.gateway.services.knex('correction_request').count({ n: '*' }).where({ member_id: ids.bob }).first())
          ?.n,
      ),
    ).to.equal(0);
  });

  it('refuses purposes that need her consent under the new terms: customer service and the partner get CONSENT_MISSING', async () => {
    const cs = (await signIn('cs-agent')).accessToken;
    const staff = await gql(t.url, READ, { id: ids.bob }, { token: cs, purpose: 'MEMBER_MANAGEMENT' });
    expect(codes(staff)).to.deep.equal(['CONSENT_MISSING']);
    const partner = await clientToken(t.url, 'partner-ads');
    const provided = await gql(t.url, READ, { id: ids.alice }, { token: partner, purpose: 'MARKETING' });
    expect(codes(provided)).to.deep.equal(['CONSENT_MISSING']);
  });

  it('once she agrees (grantConsent ESSENTIAL), her token serves everything again, and staff and the partner read her', async () => {
    for (const who of ['bob', 'alice']) {
      const token = (await signIn(who)).accessToken;
      const agreed = await gql(
        t.url,
        'mutation { grantConsent(purpose: "ESSENTIAL") { policyVersion } }',
        {},
        self(token),
      );
      expect(agreed.errors, JSON.stringify(agreed.errors)).to.equal(undefined);
    }
    const bob = await signIn('bob');
    expect(bob.reconsentRequired).to.equal(false);
    expect((await gql(t.url, UPDATE, {}, self(bob.accessToken))).errors).to.equal(undefined);
    const cs = (await signIn('cs-agent')).accessToken;
    const staff = await gql<{ member: { name: string } }>(
      t.url,
      READ,
      { id: ids.bob },
      {
        token: cs,
        purpose: 'MEMBER_MANAGEMENT',
      },
    );
    expect(staff.errors, JSON.stringify(staff.errors)).to.equal(undefined);
    expect(staff.data!.member.name).to.equal('Bob Lee');
    const partner = await clientToken(t.url, 'partner-ads');
    const provided = await gql<{ member: { name: string } }>(
      t.url,
      READ,
      { id: ids.alice },
      {
        token: partner,
        purpose: 'MARKETING',
      },
    );
    expect(provided.errors, JSON.stringify(provided.errors)).to.equal(undefined);
  });
});
