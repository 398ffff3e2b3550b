import { expect } from 'chai';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { clientToken, codes, gql } from '../helpers/http';

describe('HTTP routes', () => {
  let t: TestGateway;
  before(async () => {
    t = await startGateway();
  });
  after(() => t.stop());

  const token = (body: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${t.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(body),
    });

  it('reports liveness and readiness', async () => {
    expect((await fetch(`${t.url}/health`)).status).to.equal(200);
    const ready = await fetch(`${t.url}/ready`);
    expect(ready.status).to.equal(200);
    expect(await ready.json()).to.deep.equal({ status: 'ready' });
  });

  it('publishes the public signing key and nothing private', async () => {
    const { keys } = (await (await fetch(`${t.url}/.well-known/jwks.json`)).json()) as {
      keys: Record<string, string>[];
    };
    expect(keys).to.have.length(1);
    expect(keys[0]).to.include({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(keys[0]).to.not.have.property('d');
  });

  describe('POST /oauth/token', () => {
    it('issues a client-credentials token limited to the client’s grant', async () => {
      const res = await token({
        grant_type: 'client_credentials',
        client_id: 'courier',
        client_secret: 'demo-password',
      });
      expect(res.status).to.equal(200);
      expect(res.headers.get('cache-control')).to.equal('no-store');
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).to.include({ token_type: 'Bearer', expires_in: 900, scope: 'ORDER_FULFILLMENT' });
    });

    it('accepts HTTP Basic client authentication', async () => {
      const basic = Buffer.from('pg:demo-password').toString('base64');
      const res = await token({ grant_type: 'client_credentials' }, { authorization: `Basic ${basic}` });
      expect(res.status).to.equal(200);
      expect(((await res.json()) as { scope: string }).scope).to.equal('PAYMENT_SETTLEMENT');
    });

    const cases: [string, Record<string, string>, number, string][] = [
      [
        'a wrong secret',
        { grant_type: 'client_credentials', client_id: 'courier', client_secret: 'nope' },
        401,
        'invalid_client',
      ],
      [
        'an unknown client',
        { grant_type: 'client_credentials', client_id: 'ghost', client_secret: 'demo-password' },
        401,
        'invalid_client',
      ],
      ['no credentials', { grant_type: 'client_credentials' }, 401, 'invalid_client'],
      [
        'another grant',
        { grant_type: 'password', client_id: 'courier', client_secret: 'demo-password' },
        400,
        'unsupported_grant_type',
      ],
      ['no grant', { client_id: 'courier', client_secret: 'demo-password' }, 400, 'invalid_request'],
      [
        'a scope beyond the grant',
        { grant_type: 'client_credentials', client_id: 'courier', client_secret: 'demo-password', scope: 'MARKETING' },
        400,
        'invalid_scope',
      ],
    ];
    for (const [name, body, status, error] of cases) {
      it(`answers ${name} with ${status} ${error}`, async () => {
        const res = await token(body);
        expect(res.status).to.equal(status);
        expect(((await res.json()) as { error: string }).error).to.equal(error);
      });
    }

    it('lets a partner declare only what its grant and the policy allow', async () => {
      const partner = await clientToken(t.url, 'partner-ads');
      const res = await gql(
        t.url,
        '{ members(first: 1) { edges { cursor } } }',
        {},
        { token: partner, purpose: 'MEMBER_MANAGEMENT' },
      );
      expect(res.status).to.equal(403);
      expect(codes(res)).to.deep.equal(['FORBIDDEN_PURPOSE']);
    });
  });

  describe('/graphql transport', () => {
    it('refuses a body over 100 kB with 413', async () => {
      const res = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `{ privacyOfficer { name } } #${'x'.repeat(110_000)}` }),
      });
      expect(res.status).to.equal(413);
      const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0]!.extensions.code).to.equal('BAD_REQUEST');
    });

    it('refuses batched requests', async () => {
      const res = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([{ query: '{ privacyOfficer { name } }' }, { query: '{ consignees { name } }' }]),
      });
      expect(res.status).to.equal(400);
    });

    it('refuses a simple cross-site GET (CSRF prevention)', async () => {
      const res = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ consignees { name } }')}`);
      expect(res.status).to.equal(400);
    });

    it('answers malformed JSON with a clear error and no stack', async () => {
      const res = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query": ',
      });
      expect(res.status).to.equal(400);
      const text = await res.text();
      expect(text).to.not.match(/at .*\.(js|ts):\d+/);
      expect(text).to.not.include('node_modules');
    });

    it('gives no "Did you mean" hints, in queries or in variables', async () => {
      const typo = await gql(t.url, '{ privacyOficer { name } }');
      expect(codes(typo)).to.deep.equal(['GRAPHQL_VALIDATION_FAILED']);
      expect(JSON.stringify(typo.errors)).to.not.include('Did you mean');
      const variable = await gql(t.url, 'query($v: Int) { privacyPolicy(version: $v) { version } }', { v: 'one' });
      expect(codes(variable)).to.deep.equal(['BAD_USER_INPUT']);
      expect(JSON.stringify(variable.errors)).to.not.include('Did you mean');
    });

    it('answers an unknown purpose with BAD_USER_INPUT', async () => {
      const res = await gql(t.url, '{ consignees { name } }', {}, { purpose: 'CURIOSITY' });
      expect(codes(res)).to.deep.equal(['BAD_USER_INPUT']);
    });
  });
});
