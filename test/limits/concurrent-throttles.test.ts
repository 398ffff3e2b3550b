import { expect } from 'chai';
import { startGateway, DEMO_PASSWORD, type TestGateway } from '../helpers/gateway';
import { codes, gql, login, oauth } from '../helpers/http';

/**
 * Issue "abuse resistance" 1 and 2: every throttle reserves its attempt before the secret is checked, so a burst
 * of concurrent requests checks no more secrets than one patient attacker could (3 free failures per id). A
 * request whose secret was checked and found wrong answers UNAUTHENTICATED (invalid_client for OAuth); one
 * refused by the throttle answers RATE_LIMITED (429) without a check. Counting the answers counts the checks.
 */

const BURST = 60;
const FREE = 3;

describe('throttles hold under a concurrent burst', () => {
  let t: TestGateway;
  before(async () => {
    t = await startGateway();
  });
  after(() => t?.stop());

  /**
   * What one patient attacker could check in `ms`: the free failures, then one more after each wait (1 s, 2 s, …)
   * that fits. A burst that lasts a few seconds under load may legitimately reach one or two more.
   */
  const patient = (ms: number): number => FREE + Math.floor(Math.log2(ms / 1000 + 1));
  const timed = async <T>(run: () => Promise<T>): Promise<[T, number]> => {
    const start = Date.now();
    const result = await run();
    return [result, Date.now() - start];
  };

  const tally = (all: string[]) =>
    all.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c]: (acc[c] ?? 0) + 1 }), {});

  it(`login: ${BURST} parallel wrong passwords check no more than a patient attacker could, then the right password is refused`, async () => {
    const LOGIN = 'mutation($l: String!, $p: String!) { login(loginId: $l, password: $p) { accessToken } }';
    const [burst, ms] = await timed(() =>
      Promise.all(Array.from({ length: BURST }, (_, i) => gql(t.url, LOGIN, { l: 'bob', p: `wrong-${i}` }))),
    );
    const seen = tally(burst.flatMap(codes));
    expect(seen.UNAUTHENTICATED ?? 0, `${JSON.stringify(seen)} in ${ms} ms`).to.be.within(1, patient(ms));
    expect((seen.UNAUTHENTICATED ?? 0) + (seen.RATE_LIMITED ?? 0)).to.equal(BURST);
    const right = await gql<{ login: { accessToken: string } | null }>(t.url, LOGIN, { l: 'bob', p: DEMO_PASSWORD });
    expect(codes(right)).to.deep.equal(['RATE_LIMITED']);
    expect(right.data?.login ?? null).to.equal(null);
  });

  it(`/oauth/token: ${BURST} parallel wrong secrets check no more than a patient attacker could, known and unknown client alike`, async () => {
    for (const clientId of ['pg', 'no-such-client']) {
      const [burst, ms] = await timed(() =>
        Promise.all(Array.from({ length: BURST }, (_, i) => oauth(t.url, clientId, `wrong-${i}`))),
      );
      const seen = tally(burst.map((r) => String(r.status)));
      expect(seen['401'] ?? 0, `${clientId}: ${JSON.stringify(seen)} in ${ms} ms`).to.be.within(1, patient(ms));
      expect((seen['401'] ?? 0) + (seen['429'] ?? 0)).to.equal(BURST);
      const right = await oauth(t.url, clientId, DEMO_PASSWORD);
      expect(right.status, clientId).to.equal(429);
      expect(right.token).to.equal(undefined);
    }
  });

  it(`changePassword from a stolen token: ${BURST} parallel wrong current passwords check no more than a patient attacker could`, async () => {
    const token = await login(t.url, 'alice');
    const CHANGE = 'mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }';
    const caller = { token, purpose: 'SELF_SERVICE' };
    const [burst, ms] = await timed(() =>
      Promise.all(
        Array.from({ length: BURST }, (_, i) => gql(t.url, CHANGE, { c: `wrong-${i}`, n: 'a-new-password-1' }, caller)),
      ),
    );
    const seen = tally(burst.flatMap(codes));
    expect(seen.UNAUTHENTICATED ?? 0, `${JSON.stringify(seen)} in ${ms} ms`).to.be.within(1, patient(ms));
    expect((seen.UNAUTHENTICATED ?? 0) + (seen.RATE_LIMITED ?? 0)).to.equal(BURST);
    // The same throttle guards every re-authentication of this principal: withdrawal too.
    const withdraw = await gql(
      t.url,
      'mutation($p: String) { withdrawMembership(password: $p) }',
      { p: DEMO_PASSWORD },
      caller,
    );
    expect(codes(withdraw)).to.deep.equal(['RATE_LIMITED']);
    const right = await gql(t.url, CHANGE, { c: DEMO_PASSWORD, n: 'a-new-password-1' }, caller);
    expect(codes(right)).to.deep.equal(['RATE_LIMITED']);
  });

  it(`changeStaffPassword: ${BURST} parallel wrong current passwords check no more than a patient attacker could`, async () => {
    const token = await login(t.url, 'marketer');
    const CHANGE =
      'mutation($c: String!, $n: String!) { changeStaffPassword(currentPassword: $c, newPassword: $n) { accessToken } }';
    const [burst, ms] = await timed(() =>
      Promise.all(
        Array.from({ length: BURST }, (_, i) =>
          gql(t.url, CHANGE, { c: `wrong-${i}`, n: 'a-new-password-1' }, { token }),
        ),
      ),
    );
    const seen = tally(burst.flatMap(codes));
    expect(seen.UNAUTHENTICATED ?? 0, `${JSON.stringify(seen)} in ${ms} ms`).to.be.within(1, patient(ms));
    expect((seen.UNAUTHENTICATED ?? 0) + (seen.RATE_LIMITED ?? 0)).to.equal(BURST);
  });

  it(`guardian codes: ${BURST} parallel code requests send at most 3 messages to one contact, ${BURST} entries check at most 5`, async () => {
    const contact = 'soyeon.park@example.com';
    const before = Number(
      (await t.gateway.services.knex('notification').count({ n: '*' }).where({ recipient: contact }).first())?.n ?? 0,
    );
    const sends = await Promise.all(
      Array.from({ length: BURST }, () =>
        gql(t.url, 'mutation($c: String!) { requestGuardianCode(contact: $c) }', { c: contact }),
      ),
    );
    const sent =
      Number(
        (await t.gateway.services.knex('notification').count({ n: '*' }).where({ recipient: contact }).first())?.n ?? 0,
      ) - before;
    expect(sent, 'messages queued for the contact').to.be.within(1, 3);
    expect(sends.filter((r) => codes(r)[0] === 'RATE_LIMITED').length).to.equal(BURST - sent);
    const entries = await Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        gql(t.url, 'mutation($c: String!, $k: String!) { guardianLogin(contact: $c, code: $k) { accessToken } }', {
          c: contact,
          k: String(100000 + i),
        }),
      ),
    );
    const seen = tally(entries.flatMap(codes));
    expect(seen.UNAUTHENTICATED ?? 0, JSON.stringify(seen)).to.be.within(1, 5);
    expect((seen.UNAUTHENTICATED ?? 0) + (seen.RATE_LIMITED ?? 0)).to.equal(BURST);
  });
});
