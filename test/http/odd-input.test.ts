import { expect } from 'chai';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { codes, gql } from '../helpers/http';
import { counts } from '../lifecycle/support';

describe('odd input answers as a client error, never an internal one', () => {
  let t: TestGateway;
  before(async () => {
    t = await startGateway();
  });
  after(() => t.stop());

  it('explainAccess looks names up in own keys only: prototype members name no field', async () => {
    for (const [typeName, fieldName] of [
      ['Member', 'constructor'],
      ['Member', '__proto__'],
      ['Member', 'toString'],
      ['Query', 'hasOwnProperty'],
      ['__proto__', 'constructor'],
    ]) {
      const res = await gql<{ explainAccess: { allowed: boolean; code: string } }>(
        t.url,
        'query($t: String!, $f: String!) { explainAccess(typeName: $t, fieldName: $f, purpose: null) { allowed code } }',
        { t: typeName, f: fieldName },
      );
      expect(res.errors, `${typeName}.${fieldName}`).to.equal(undefined);
      expect(res.data?.explainAccess, `${typeName}.${fieldName}`).to.deep.equal({ allowed: false, code: 'NOT_FOUND' });
    }
  });

  it('a Basic header with a broken percent-encoding is 400 invalid_request at /oauth/token', async () => {
    for (const pair of ['%ZZ:secret', 'courier:%E0%A4%A', '%:%']) {
      const res = await fetch(`${t.url}/oauth/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(pair).toString('base64')}`,
        },
        body: 'grant_type=client_credentials',
      });
      expect(res.status, pair).to.equal(400);
      expect(((await res.json()) as { error: string }).error).to.equal('invalid_request');
    }
  });

  it('a NUL decoded from a GraphQL escape in the query text is refused before anything is stored or logged', async () => {
    const before = await counts(t, ['complaint', 'access_log']);
    for (const escape of ['\\u{0}', '\\u{000000}', '\\u0000']) {
      const res = await gql(
        t.url,
        `mutation { submitComplaint(subject: "a${escape}b", body: "text", contact: "c@example.com") { id } }`,
      );
      expect(res.status, escape).to.equal(400);
      expect(codes(res), escape).to.not.include('INTERNAL_SERVER_ERROR');
    }
    expect(await counts(t, ['complaint', 'access_log'])).to.deep.equal(before);
  });
});
