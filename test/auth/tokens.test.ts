import { expect } from 'chai';
import { SignJWT, generateKeyPair, base64url } from 'jose';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { clientToken, codes, gql, login } from '../helpers/http';

const ME = '{ me { name } }';

describe('§10 access tokens', () => {
  let t: TestGateway;
  let aliceId: string;
  before(async () => {
    t = await startGateway();
    aliceId = (await t.gateway.services.knex('member').first('id').where({ login_id: 'alice' })).id;
  });
  after(() => t.stop());

  const claims = () => ({ kind: 'MEMBER', role: null, purposes: ['SELF_SERVICE'], sv: 1 });
  const { issuer, audience } = { issuer: 'urn:bettra:membership-gateway', audience: 'urn:bettra:membership-api' };
  const signed = (alter: (jwt: SignJWT) => SignJWT = (j) => j, typ = 'at+jwt') =>
    alter(
      new SignJWT(claims())
        .setProtectedHeader({ alg: 'EdDSA', typ })
        .setSubject(aliceId)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt()
        .setJti('test-jti')
        .setExpirationTime('5m'),
    ).sign(t.gateway.services.keys.signingKey);

  async function expectRefused(token: string): Promise<void> {
    const res = await gql(t.url, ME, {}, { token, purpose: 'SELF_SERVICE' });
    expect(res.status).to.equal(401);
    expect(codes(res)).to.deep.equal(['UNAUTHENTICATED']);
    expect(res.data ?? null).to.equal(null);
  }

  it('accepts a token the gateway signed', async () => {
    const res = await gql<{ me: { name: string } }>(t.url, ME, {}, { token: await signed(), purpose: 'SELF_SERVICE' });
    expect(res.data?.me.name).to.equal('Alice Kim');
  });

  it('refuses an expired token', async () => {
    await expectRefused(
      await signed((j) =>
        j.setIssuedAt(Math.floor(Date.now() / 1000) - 3600).setExpirationTime(Math.floor(Date.now() / 1000) - 60),
      ),
    );
  });

  it('refuses a token signed by another key', async () => {
    const { privateKey } = await generateKeyPair('EdDSA');
    const token = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt' })
      .setSubject(aliceId)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setJti('x')
      .setExpirationTime('5m')
      .sign(privateKey);
    await expectRefused(token);
  });

  it('refuses alg none', async () => {
    const now = Math.floor(Date.now() / 1000);
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'at+jwt' }));
    const payload = base64url.encode(
      JSON.stringify({ ...claims(), sub: aliceId, iss: issuer, aud: audience, iat: now, exp: now + 300, jti: 'x' }),
    );
    await expectRefused(`${header}.${payload}.`);
  });

  it('refuses HS256 keyed with the public key', async () => {
    const publicJwk = t.gateway.services.keys.publicJwk;
    const secret = new TextEncoder().encode(JSON.stringify(publicJwk));
    const token = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .setSubject(aliceId)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setJti('x')
      .setExpirationTime('5m')
      .sign(secret);
    await expectRefused(token);
    const rawX = new TextEncoder().encode(String(publicJwk.x));
    const token2 = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .setSubject(aliceId)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setJti('x')
      .setExpirationTime('5m')
      .sign(rawX);
    await expectRefused(token2);
  });

  it('refuses a token without exp', async () => {
    const token = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt' })
      .setSubject(aliceId)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setJti('x')
      .sign(t.gateway.services.keys.signingKey);
    await expectRefused(token);
  });

  it('refuses a token for another audience', async () => {
    await expectRefused(await signed((j) => j.setAudience('urn:someone-else')));
  });

  it('refuses a token of another type or issuer', async () => {
    await expectRefused(await signed(undefined, 'JWT'));
    await expectRefused(await signed((j) => j.setIssuer('urn:someone-else')));
  });

  it('refuses a token whose session version has moved on (logout)', async () => {
    const token = await login(t.url, 'bob');
    const before = await gql(t.url, ME, {}, { token, purpose: 'SELF_SERVICE' });
    expect(codes(before)).to.deep.equal([]);
    const out = await gql<{ logout: boolean }>(t.url, 'mutation { logout }', {}, { token });
    expect(out.data?.logout).to.equal(true);
    await expectRefused(token);
  });

  it('abuse 9: a guardian’s logout ends every token of that guardian at once', async () => {
    const contact = 'soyeon.park@example.com';
    expect(
      codes(await gql(t.url, 'mutation($c: String!) { requestGuardianCode(contact: $c) }', { c: contact })),
    ).to.deep.equal([]);
    const sent = await t.gateway.services
      .knex('notification')
      .first('body')
      .where({ recipient: contact })
      .orderBy('created_at', 'desc');
    const code = /sign-in code is (\d{6})/.exec(String(sent?.body))?.[1];
    expect(code, String(sent?.body)).to.be.a('string');
    const res = await gql<{ guardianLogin: { accessToken: string } }>(
      t.url,
      'mutation($c: String!, $k: String!) { guardianLogin(contact: $c, code: $k) { accessToken } }',
      { c: contact, k: code },
    );
    const token = res.data!.guardianLogin.accessToken;
    const CHILDREN = '{ myChildren { id } }';
    expect(codes(await gql(t.url, CHILDREN, {}, { token, purpose: 'SELF_SERVICE' }))).to.deep.equal([]);
    expect((await gql<{ logout: boolean }>(t.url, 'mutation { logout }', {}, { token })).data?.logout).to.equal(true);
    expect(codes(await gql(t.url, CHILDREN, {}, { token, purpose: 'SELF_SERVICE' }))).to.deep.equal([
      'UNAUTHENTICATED',
    ]);
  });

  it('abuse 9: an API client’s logout ends its tokens at once; a new one can be fetched', async () => {
    const token = await clientToken(t.url, 'courier');
    const MEMBERS = '{ members(first: 1) { edges { cursor } } }';
    expect(codes(await gql(t.url, MEMBERS, {}, { token, purpose: 'ORDER_FULFILLMENT' }))).to.deep.equal([]);
    expect((await gql<{ logout: boolean }>(t.url, 'mutation { logout }', {}, { token })).data?.logout).to.equal(true);
    expect(codes(await gql(t.url, MEMBERS, {}, { token, purpose: 'ORDER_FULFILLMENT' }))).to.deep.equal([
      'UNAUTHENTICATED',
    ]);
    const fresh = await clientToken(t.url, 'courier');
    expect(codes(await gql(t.url, MEMBERS, {}, { token: fresh, purpose: 'ORDER_FULFILLMENT' }))).to.deep.equal([]);
  });

  it('refuses garbage in the Authorization header', async () => {
    await expectRefused('not-a-jwt');
  });
});
