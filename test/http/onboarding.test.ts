import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { exportJWK, generateKeyPair } from 'jose';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { createAdmin } from '../../src/modules/staff/bootstrap';
import { verifyChain } from '../../src/audit/verify';
import { onboard } from '../smoke/onboarding';

describe('§6 §9 §12 production: a shop onboards its staff, officer, partner and consignee without SQL', () => {
  let t: TestGateway;
  before(async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { extractable: true });
    const SIGNING_KEY = JSON.stringify({ ...(await exportJWK(privateKey)), kid: 'sig-onboarding' });
    t = await startGateway({
      env: {
        NODE_ENV: 'production',
        SIGNING_KEY,
        MASTER_KEY: randomBytes(32).toString('base64'),
        LOG_REQUESTS: 'false',
      },
    });
  });
  after(() => t?.stop());

  it('starts empty: nobody can log in, no officer is published, no consignee listed', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ privacyOfficer { name } consignees { name } }' }),
    });
    expect(await res.json()).to.deep.equal({ data: { privacyOfficer: null, consignees: [] } });
  });

  it('§15 has no policy until the officer publishes one: privacyPolicy is null, /privacy answers 404, sign-up is refused', async () => {
    const post = (query: string) =>
      fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      }).then((r) => r.json());
    expect(await post('{ privacyPolicy { version } privacyPolicies { version } }')).to.deep.equal({
      data: { privacyPolicy: null, privacyPolicies: [] },
    });
    expect((await fetch(`${t.url}/privacy`)).status).to.equal(404);
    const signUp = (await post(
      'mutation { signUp(input: { agree: true, policyVersion: 1, loginId: "early", password: "a-long-password-1", name: "Early", email: "early@example.com" }) { outcome } }',
    )) as { errors: { extensions: { code: string; field: string } }[] };
    expect(signUp.errors.map((e) => [e.extensions.code, e.extensions.field])).to.deep.equal([
      ['CONFLICT', 'policyVersion'],
    ]);
  });

  it('runs the first hour over HTTP from a console-made administrator, every change in a verifiable log', async () => {
    const { knex, accessLog, keys } = t.gateway.services;
    const oneTime = await createAdmin(knex, accessLog, 'shop-admin', 'Shop Admin');
    const result = await onboard(t.url, 'shop-admin', oneTime, 'https://hooks.fast-courier.example/gateway');
    expect(result.steps).to.have.length(10);
    const chain = await verifyChain(knex, keys.verifyKey);
    expect(chain.ok).to.equal(true);
  });
});
