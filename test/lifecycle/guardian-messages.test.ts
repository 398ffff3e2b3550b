import { expect } from 'chai';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { codes, gql } from '../helpers/http';
import { adultForm, signUp, yearsAgo } from './support';

/**
 * Issue "abuse resistance" 4: a child's sign-up makes the gateway write to a contact the requester chose, so the
 * message carries no text of theirs and is throttled like every code sent; a pending sign-up naming a verified
 * guardian's contact leaves that guardian's sign-in codes working (§13).
 */
describe('abuse 4: messages to guardians', () => {
  let t: TestGateway;
  before(async () => {
    t = await startGateway();
  });
  after(() => t.stop());

  const VERIFIED = 'soyeon.park@example.com';
  const bodies = async (recipient: string): Promise<string[]> =>
    (await t.gateway.services.knex('notification').select('body').where({ recipient }).orderBy('created_at')).map(
      (r: { body: string }) => r.body,
    );
  const child = (loginId: string, guardianContact: string, name = `Kid ${loginId}`) =>
    adultForm({
      loginId,
      password: `${loginId}-secret-pw`,
      name,
      email: `${loginId}@kids.example.com`,
      birthDate: yearsAgo(10, 3),
      guardianName: 'Parent',
      guardianContact,
    });

  it('puts nothing the requester typed into the guardian’s message', async () => {
    const res = await signUp(t, child('spam1', 'victim@example.com', 'Visit evil example now'));
    expect(codes(res)).to.deep.equal([]);
    const [body] = await bodies('victim@example.com');
    expect(body).to.match(/\b\d{6}\b/);
    expect(body).to.not.include('evil');
  });

  it('a pending sign-up naming a verified guardian’s contact does not stop that guardian signing in', async () => {
    expect(codes(await signUp(t, child('spam2', VERIFIED)))).to.deep.equal([]);
    expect(
      codes(await gql(t.url, 'mutation($c: String!) { requestGuardianCode(contact: $c) }', { c: VERIFIED })),
    ).to.deep.equal([]);
    const signIn = (await bodies(VERIFIED))
      .map((b) => /sign-in code is (\d{6})/.exec(b)?.[1])
      .filter(Boolean)
      .at(-1);
    expect(signIn, (await bodies(VERIFIED)).join(' | ')).to.be.a('string');
    const res = await gql<{ guardianLogin: { accessToken: string } }>(
      t.url,
      'mutation($c: String!, $k: String!) { guardianLogin(contact: $c, code: $k) { accessToken } }',
      { c: VERIFIED, k: signIn },
    );
    expect(res.errors, JSON.stringify(res.errors)).to.equal(undefined);
  });

  it('counts a child’s sign-up against the contact’s message limit: a 4th message in 15 minutes is RATE_LIMITED', async () => {
    const contact = 'flooded@example.com';
    for (let i = 0; i < 3; i++)
      expect(codes(await signUp(t, child(`flood${i}`, contact))), `sign-up ${i + 1}`).to.deep.equal([]);
    expect(codes(await signUp(t, child('flood3', contact)))).to.deep.equal(['RATE_LIMITED']);
    expect(
      codes(await gql(t.url, 'mutation($c: String!) { requestGuardianCode(contact: $c) }', { c: contact })),
    ).to.deep.equal(['RATE_LIMITED']);
    expect((await bodies(contact)).length).to.equal(3);
  });
});
