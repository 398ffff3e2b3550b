import { expect } from 'chai';
import fc from 'fast-check';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { codes, gql, type Caller, type GraphQLResponse } from '../helpers/http';
import { adultForm, signUp } from '../lifecycle/support';

/**
 * §10 Concurrency fuzzer: seeded bursts of concurrent requests against every throttle, over real HTTP. Each burst
 * uses subjects and addresses of its own, so its outcome depends on nothing before it. The fixed-window limits
 * (messages, code entries, identifier CONFLICTs) must let through exactly as many as they allow, never one more;
 * the guessing guards (log-in, client secrets, re-authentication) must check no more secrets than a patient attacker
 * could in the time the burst took. Every refused request answers RATE_LIMITED (429 at /oauth/token) and nothing
 * else. Fixed seed and run count: a failure reproduces exactly.
 */

const SEED = 0x1557_0015;
const RUNS = 21;

const KINDS = [
  'codeSendsToOneContact',
  'codeSendsFromOneAddress',
  'codeEntriesForOneContact',
  'signUpConflictsFromOneAddress',
  'profileConflictsOfOnePrincipal',
  'loginsForOneId',
  'loginsFromOneAddress',
  'reauthenticationsOfOnePrincipal',
  'clientSecretsForOneClient',
] as const;
type Kind = (typeof KINDS)[number];

interface Plan {
  readonly kind: Kind;
  readonly burst: number;
}

/** Every kind at least twice, then the seed's choice; burst sizes from the seed. */
const plans: Plan[] = fc.sample(
  fc.record({ kind: fc.constantFrom(...KINDS), burst: fc.integer({ min: 8, max: 40 }) }),
  { seed: SEED, numRuns: RUNS },
);
KINDS.forEach((kind, i) => {
  plans[i] = { kind, burst: plans[i]!.burst };
});

/** What the limits allow (src/limits/throttles.ts, src/limits/attempt-guard.ts). */
const MESSAGES_PER_CONTACT = 3;
const MESSAGES_PER_ADDRESS = 10;
const ENTRIES_PER_CONTACT = 5;
const CONFLICTS_PER_ADDRESS = 10;
const CONFLICTS_PER_PRINCIPAL = 5;
const FREE_PER_SUBJECT = 3;
const FREE_PER_ADDRESS = 20;

/** Failures a patient attacker gets checked in `ms`: the free ones, then one per doubling wait (1 s, 2 s, …). */
const patient = (free: number, ms: number): number => free + Math.floor(Math.log2(ms / 1000 + 1)) + 1;

const tally = (all: string[]) =>
  all.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c]: (acc[c] ?? 0) + 1 }), {});

/** One code per answer: its first error's code, or OK. */
const outcome = (res: GraphQLResponse<unknown>): string => codes(res)[0] ?? 'OK';

describe('§10 concurrency fuzzer: seeded bursts against every throttle', function () {
  this.timeout(180_000);
  let t: TestGateway;
  before(async () => {
    t = await startGateway();
  });
  after(() => t?.stop());

  const from = (address: string, caller: Caller = {}): Caller => ({
    ...caller,
    headers: { ...caller.headers, 'x-forwarded-for': address },
  });

  /** A fresh member of this run, with a token (signed up from an address of its own). */
  async function freshMember(run: number): Promise<{ id: string; token: string }> {
    const loginId = `fuzz-member-${run}`;
    const password = `fuzz-password-${run}`;
    const res = await signUp(
      t,
      adultForm({ loginId, email: `${loginId}@example.com`, password }),
      from(`172.16.${run}.1`),
    );
    expect(res.data?.signUp?.outcome, JSON.stringify(res.errors)).to.equal('ACTIVE');
    const tok = await gql<{ login: { accessToken: string } }>(
      t.url,
      'mutation($l: String!, $p: String!) { login(loginId: $l, password: $p) { accessToken } }',
      { l: loginId, p: password },
      from(`172.16.${run}.1`),
    );
    return { id: res.data!.signUp.memberId!, token: tok.data!.login.accessToken };
  }

  const burstOf = async <T>(n: number, send: (i: number) => Promise<T>): Promise<[T[], number]> => {
    const start = Date.now();
    const all = await Promise.all(Array.from({ length: n }, (_, i) => send(i)));
    return [all, Date.now() - start];
  };

  const conflictRows = async (where: Record<string, string>): Promise<number> =>
    Number(
      (
        await t.gateway.services
          .knex('access_log')
          .count({ n: '*' })
          .where({ action: 'CONFLICT', ...where })
          .first()
      )?.n ?? 0,
    );

  const CODE = 'mutation($c: String!) { requestGuardianCode(contact: $c) }';
  const ENTRY = 'mutation($c: String!, $k: String!) { guardianLogin(contact: $c, code: $k) { accessToken } }';
  const LOGIN = 'mutation($l: String!, $p: String!) { login(loginId: $l, password: $p) { accessToken } }';

  plans.forEach(({ kind, burst }, run) => {
    it(`run ${run}: ${kind}, ${burst} at once`, async () => {
      const address = `10.15.${run}.1`;
      switch (kind) {
        case 'codeSendsToOneContact': {
          const [all] = await burstOf(burst, () =>
            gql(t.url, CODE, { c: `contact-${run}@example.com` }, from(address)),
          );
          expect(tally(all.map(outcome))).to.deep.equal(
            tally([
              ...Array(Math.min(burst, MESSAGES_PER_CONTACT)).fill('OK'),
              ...Array(Math.max(0, burst - MESSAGES_PER_CONTACT)).fill('RATE_LIMITED'),
            ]),
          );
          break;
        }
        case 'codeSendsFromOneAddress': {
          const [all] = await burstOf(burst, (i) =>
            gql(t.url, CODE, { c: `contact-${run}-${i}@example.com` }, from(address)),
          );
          expect(all.filter((r) => outcome(r) === 'OK')).to.have.length(Math.min(burst, MESSAGES_PER_ADDRESS));
          expect(all.filter((r) => outcome(r) === 'RATE_LIMITED')).to.have.length(
            Math.max(0, burst - MESSAGES_PER_ADDRESS),
          );
          break;
        }
        case 'codeEntriesForOneContact': {
          const [all] = await burstOf(burst, (i) =>
            gql(t.url, ENTRY, { c: `entries-${run}@example.com`, k: String(100000 + i) }, from(address)),
          );
          const seen = tally(all.map(outcome));
          expect(seen.UNAUTHENTICATED, JSON.stringify(seen)).to.equal(Math.min(burst, ENTRIES_PER_CONTACT));
          expect((seen.UNAUTHENTICATED ?? 0) + (seen.RATE_LIMITED ?? 0)).to.equal(burst);
          break;
        }
        case 'signUpConflictsFromOneAddress': {
          const [all] = await burstOf(burst, (i) =>
            signUp(t, adultForm({ loginId: `probe-${run}-${i}`, email: 'alice@example.com' }), from(address)),
          );
          const allowed = Math.min(burst, CONFLICTS_PER_ADDRESS);
          const seen = tally(all.map(outcome));
          expect(seen.CONFLICT, JSON.stringify(seen)).to.equal(allowed);
          expect((seen.CONFLICT ?? 0) + (seen.RATE_LIMITED ?? 0)).to.equal(burst);
          expect(await conflictRows({ client_ip: address }), 'one CONFLICT row per CONFLICT answered').to.equal(
            allowed,
          );
          break;
        }
        case 'profileConflictsOfOnePrincipal': {
          const member = await freshMember(run);
          const caller = { token: member.token, purpose: 'SELF_SERVICE' };
          const [all] = await burstOf(burst, (i) =>
            gql(
              t.url,
              'mutation($e: String!) { updateMyProfile(input: { email: $e }) { id } }',
              { e: 'bob@example.com' },
              from(`10.16.${run}.${i + 1}`, caller),
            ),
          );
          const allowed = Math.min(burst, CONFLICTS_PER_PRINCIPAL);
          const seen = tally(all.map(outcome));
          expect(seen.CONFLICT, JSON.stringify(seen)).to.equal(allowed);
          expect((seen.CONFLICT ?? 0) + (seen.RATE_LIMITED ?? 0)).to.equal(burst);
          expect(await conflictRows({ accessor_id: member.id })).to.equal(allowed);
          break;
        }
        case 'loginsForOneId': {
          const [all, ms] = await burstOf(burst, (i) =>
            gql(t.url, LOGIN, { l: `ghost-${run}`, p: `wrong-${i}` }, from(address)),
          );
          const seen = tally(all.map(outcome));
          expect(seen.UNAUTHENTICATED ?? 0, `${JSON.stringify(seen)} in ${ms} ms`).to.be.within(
            1,
            patient(FREE_PER_SUBJECT, ms),
          );
          expect((seen.UNAUTHENTICATED ?? 0) + (seen.RATE_LIMITED ?? 0)).to.equal(burst);
          break;
        }
        case 'loginsFromOneAddress': {
          const [all, ms] = await burstOf(burst, (i) =>
            gql(t.url, LOGIN, { l: `ghost-${run}-${i}`, p: 'wrong' }, from(address)),
          );
          const seen = tally(all.map(outcome));
          expect(seen.UNAUTHENTICATED ?? 0, `${JSON.stringify(seen)} in ${ms} ms`).to.be.within(
            1,
            Math.min(burst, patient(FREE_PER_ADDRESS, ms)),
          );
          expect((seen.UNAUTHENTICATED ?? 0) + (seen.RATE_LIMITED ?? 0)).to.equal(burst);
          break;
        }
        case 'reauthenticationsOfOnePrincipal': {
          const member = await freshMember(run);
          const caller = { token: member.token, purpose: 'SELF_SERVICE' };
          const [all, ms] = await burstOf(burst, (i) =>
            gql(
              t.url,
              'mutation($c: String!) { changePassword(currentPassword: $c, newPassword: "a-new-password-1") }',
              { c: `wrong-${i}` },
              from(`10.17.${run}.${i + 1}`, caller),
            ),
          );
          const seen = tally(all.map(outcome));
          expect(seen.UNAUTHENTICATED ?? 0, `${JSON.stringify(seen)} in ${ms} ms`).to.be.within(
            1,
            patient(FREE_PER_SUBJECT, ms),
          );
          expect((seen.UNAUTHENTICATED ?? 0) + (seen.RATE_LIMITED ?? 0)).to.equal(burst);
          break;
        }
        case 'clientSecretsForOneClient': {
          const [all, ms] = await burstOf(burst, (i) =>
            fetch(`${t.url}/oauth/token`, {
              method: 'POST',
              headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': address },
              body: new URLSearchParams({
                grant_type: 'client_credentials',
                client_id: `ghost-client-${run}`,
                client_secret: `wrong-${i}`,
              }),
            }).then((r) => String(r.status)),
          );
          const seen = tally(all);
          expect(seen['401'] ?? 0, `${JSON.stringify(seen)} in ${ms} ms`).to.be.within(
            1,
            patient(FREE_PER_SUBJECT, ms),
          );
          expect((seen['401'] ?? 0) + (seen['429'] ?? 0)).to.equal(burst);
          break;
        }
      }
    });
  });
});
