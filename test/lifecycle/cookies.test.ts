import { expect } from 'chai';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { codes, gql, login } from '../helpers/http';
import { adultForm, counts, expectError, memberIds, signUp } from './support';

const SET =
  'mutation SetCookies($p: Boolean!, $v: String) { setCookiePreferences(personalised: $p, visitorId: $v) { visitorId necessary personalised } }';
const LOGIN =
  'mutation Login($l: String!, $p: String!, $r: Boolean) { login(loginId: $l, password: $p, remember: $r) { accessToken autologinToken purposes } }';
const AUTOLOGIN =
  'mutation Autologin($t: String!) { autologin(autologinToken: $t) { accessToken autologinToken purposes } }';

type Prefs = { visitorId: string | null; necessary: boolean; personalised: boolean };
type Token = { accessToken: string; autologinToken: string | null; purposes: string[] };

describe('§8 lifecycle: cookie preferences and automatic log-in', () => {
  let t: TestGateway;
  let ids: Record<string, string>;
  before(async () => {
    t = await startGateway();
    ids = await memberIds(t);
  });
  after(() => t.stop());

  const knex = () => t.gateway.services.knex;
  const loginAs = (l: string, r: boolean | null, p = 'demo-password') =>
    gql<{ login: Token }>(t.url, LOGIN, { l, p, r });
  const autologin = (token: string) => gql<{ autologin: Token }>(t.url, AUTOLOGIN, { t: token });
  const meName = async (token: string) =>
    await gql<{ me: { name: string } }>(t.url, '{ me { name } }', {}, { token, purpose: 'SELF_SERVICE' });

  describe('an anonymous visitor', () => {
    let visitorId: string;

    it('gets a new visitor id, with necessary cookies always on', async () => {
      const res = await gql<{ setCookiePreferences: Prefs }>(t.url, SET, { p: true });
      expect(res.errors).to.equal(undefined);
      const prefs = res.data!.setCookiePreferences;
      expect(prefs).to.deep.include({ necessary: true, personalised: true });
      expect(prefs.visitorId).to.match(/^[A-Za-z0-9_-]{16,64}$/);
      visitorId = prefs.visitorId!;
      const row = await knex()('cookie_preference').first('*').where({ visitor_id: visitorId });
      expect(row.member_id).to.equal(null);
      expect(Boolean(row.personalised)).to.equal(true);
    });

    it('changes the choice under the same visitor id without a second row', async () => {
      const before = await counts(t, ['cookie_preference']);
      const res = await gql<{ setCookiePreferences: Prefs }>(t.url, SET, { p: false, v: visitorId });
      expect(res.data!.setCookiePreferences).to.deep.equal({ visitorId, necessary: true, personalised: false });
      expect(await counts(t, ['cookie_preference'])).to.deep.equal(before);
      expect(
        Boolean(
          (await knex()('cookie_preference').first('personalised').where({ visitor_id: visitorId })).personalised,
        ),
      ).to.equal(false);
    });

    it('gets distinct ids for distinct visitors', async () => {
      const a = await gql<{ setCookiePreferences: Prefs }>(t.url, SET, { p: false });
      const b = await gql<{ setCookiePreferences: Prefs }>(t.url, SET, { p: false });
      expect(a.data!.setCookiePreferences.visitorId).to.not.equal(b.data!.setCookiePreferences.visitorId);
    });

    for (const bad of ['short', 'has spaces in it here', 'x'.repeat(65), '<script>alert(1)</script>']) {
      it(`refuses the visitor id ${JSON.stringify(bad.slice(0, 20))} with BAD_USER_INPUT, storing nothing`, async () => {
        const before = await counts(t, ['cookie_preference']);
        expectError(await gql(t.url, SET, { p: true, v: bad }), 'BAD_USER_INPUT', 'visitorId');
        expect(await counts(t, ['cookie_preference'])).to.deep.equal(before);
      });
    }
  });

  describe('a member', () => {
    let bob: string;
    let autologinToken: string;
    before(async () => {
      bob = await login(t.url, 'bob');
    });

    it('gets no autologin token before allowing personalised cookies', async () => {
      const res = await loginAs('bob', true);
      expect(res.errors).to.equal(undefined);
      expect(res.data!.login.accessToken).to.be.a('string');
      expect(res.data!.login.autologinToken).to.equal(null);
    });

    it('records the member’s choice against the member, not a visitor id', async () => {
      const res = await gql<{ setCookiePreferences: Prefs }>(t.url, SET, { p: true }, { token: bob });
      expect(res.errors).to.equal(undefined);
      expect(res.data!.setCookiePreferences).to.deep.equal({ visitorId: null, necessary: true, personalised: true });
      const rows = (await knex()('cookie_preference').select('*').where({ member_id: ids.bob })) as Record<
        string,
        unknown
      >[];
      expect(rows).to.have.length(1);
      expect(rows[0]!.visitor_id).to.equal(null);
      expect(Boolean(rows[0]!.personalised)).to.equal(true);
    });

    it('gets an autologin token with remember: true, and only then', async () => {
      expect((await loginAs('bob', null)).data!.login.autologinToken).to.equal(null);
      expect((await loginAs('bob', false)).data!.login.autologinToken).to.equal(null);
      const res = await loginAs('bob', true);
      expect(res.data!.login.autologinToken).to.be.a('string');
      autologinToken = res.data!.login.autologinToken!;
      expect(autologinToken).to.not.equal(res.data!.login.accessToken);
    });

    it('exchanges the autologin token for a working access token', async () => {
      const res = await autologin(autologinToken);
      expect(res.errors).to.equal(undefined);
      expect(res.data!.autologin.purposes).to.deep.equal(['SELF_SERVICE']);
      expect(res.data!.autologin.autologinToken).to.equal(null);
      expect((await meName(res.data!.autologin.accessToken)).data!.me.name).to.equal('Bob Lee');
    });

    it('does not accept the autologin token as an access token, nor an access token at autologin', async () => {
      expect(codes(await meName(autologinToken))).to.deep.equal(['UNAUTHENTICATED']);
      expect(codes(await autologin(bob))).to.deep.equal(['UNAUTHENTICATED']);
    });

    it('stops honouring the autologin token once personalised cookies are turned off', async () => {
      await gql(t.url, SET, { p: false }, { token: bob });
      expect(codes(await autologin(autologinToken))).to.deep.equal(['UNAUTHENTICATED']);
      expect((await loginAs('bob', true)).data!.login.autologinToken).to.equal(null);
    });

    it('keeps the old autologin token dead when personalised cookies are turned on again; a new log-in gets one that works', async () => {
      await gql(t.url, SET, { p: true }, { token: bob });
      expect(codes(await autologin(autologinToken))).to.deep.equal(['UNAUTHENTICATED']);
      const fresh = (await loginAs('bob', true)).data!.login.autologinToken!;
      expect((await autologin(fresh)).errors).to.equal(undefined);
    });

    it('refuses the autologin token after logout', async () => {
      await gql(t.url, SET, { p: true }, { token: bob });
      autologinToken = (await loginAs('bob', true)).data!.login.autologinToken!;
      expect((await autologin(autologinToken)).errors, 'works before logout').to.equal(undefined);
      const res = await gql<{ logout: boolean }>(t.url, 'mutation { logout }', {}, { token: bob });
      expect(res.data!.logout).to.equal(true);
      expect(codes(await autologin(autologinToken))).to.deep.equal(['UNAUTHENTICATED']);
      expect(codes(await meName(bob))).to.deep.equal(['UNAUTHENTICATED']);
    });

    it('refuses a tampered autologin token', async () => {
      const fresh = (await loginAs('bob', true)).data!.login.autologinToken!;
      const [h, p, s] = fresh.split('.');
      const tampered = `${h}.${p}.${s!.slice(0, -2)}${s!.endsWith('AA') ? 'BB' : 'AA'}`;
      expect(codes(await autologin(tampered))).to.deep.equal(['UNAUTHENTICATED']);
      expect(codes(await autologin('not-a-token'))).to.deep.equal(['UNAUTHENTICATED']);
    });
  });

  describe('a member who allowed personalised cookies at sign-up', () => {
    it('gets an autologin token at once, which stops working once the member withdraws', async () => {
      const res = await signUp(
        t,
        adultForm({ loginId: 'cookiefan', email: 'cookiefan@example.com', personalisedCookies: true }),
      );
      expect(res.data!.signUp.outcome).to.equal('ACTIVE');
      const logged = await loginAs('cookiefan', true, 'dana-secret-pass');
      const token = logged.data!.login.autologinToken;
      expect(token).to.be.a('string');
      const withdrawn = await gql(
        t.url,
        'mutation { withdrawMembership(password: "dana-secret-pass") }',
        {},
        { token: logged.data!.login.accessToken, purpose: 'SELF_SERVICE' },
      );
      expect(withdrawn.errors).to.equal(undefined);
      expect(codes(await autologin(token!))).to.deep.equal(['UNAUTHENTICATED']);
    });
  });
});
