import { expect } from 'chai';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { codes, gql, login } from '../helpers/http';

const LOGIN =
  'mutation($l: String!, $p: String!) { login(loginId: $l, password: $p) { accessToken tokenType expiresIn purposes } }';

describe('§10 login', () => {
  let t: TestGateway;
  before(async () => {
    t = await startGateway();
  });
  after(() => t.stop());

  it('issues an EdDSA at+jwt with the required claims and the holder’s purposes', async () => {
    const res = await gql<{ login: { accessToken: string; expiresIn: number; purposes: string[] } }>(t.url, LOGIN, {
      l: 'cs-agent',
      p: 'demo-password',
    });
    const token = res.data!.login.accessToken;
    expect(decodeProtectedHeader(token)).to.include({ alg: 'EdDSA', typ: 'at+jwt' });
    const payload = decodeJwt(token);
    expect(payload).to.include.keys('iss', 'aud', 'exp', 'iat', 'jti', 'sub', 'kind', 'role', 'purposes');
    expect(payload.exp! - payload.iat!).to.equal(900);
    expect(payload).to.include({ kind: 'STAFF', role: 'CS_AGENT' });
    expect(res.data!.login.purposes).to.deep.equal(['MEMBER_MANAGEMENT', 'ORDER_FULFILLMENT']);
  });

  it('answers a wrong password and an unknown login identically', async () => {
    const wrong = await gql(t.url, LOGIN, { l: 'alice', p: 'not-her-password' });
    const unknown = await gql(t.url, LOGIN, { l: 'nobody-here', p: 'demo-password' });
    expect(codes(wrong)).to.deep.equal(['UNAUTHENTICATED']);
    expect(wrong.errors).to.deep.equal(unknown.errors);
    expect(wrong.status).to.equal(unknown.status);
  });

  it('does not log in a withdrawn member or a child awaiting a guardian', async () => {
    for (const l of ['carol', 'jun']) {
      expect(codes(await gql(t.url, LOGIN, { l, p: 'demo-password' }))).to.deep.equal(['UNAUTHENTICATED']);
    }
  });

  it('returns Alice to Alice under SELF_SERVICE', async () => {
    const token = await login(t.url, 'alice');
    const res = await gql<{ me: { name: string; email: string } }>(
      t.url,
      '{ me { name email } }',
      {},
      { token, purpose: 'SELF_SERVICE' },
    );
    expect(res.data?.me).to.deep.equal({ name: 'Alice Kim', email: 'alice@example.com' });
  });

  it('stores passwords as argon2id at OWASP parameters', async () => {
    const row = await t.gateway.services.knex('member').first('password_hash as h').where({ login_id: 'alice' });
    expect(row.h).to.match(/^\$argon2id\$v=19\$/);
    expect(row.h.split('$')[3].split(',').sort()).to.deep.equal(['m=19456', 'p=1', 't=2']);
  });
});
