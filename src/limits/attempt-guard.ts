import type { Limiter, LimiterFactory } from './limiter';

/** Failures a key may make before each attempt waits (1 s, 2 s, 4 s, …), and the failure that locks it. */
export interface GuessPolicy {
  readonly free: number;
  readonly lockAfter: number;
}

export const LOCK_MS = 15 * 60_000;
export const PER_SUBJECT: GuessPolicy = { free: 3, lockAfter: 10 };
/** An address (an office, a NAT) carries many people's typos before it is slowed. */
export const PER_ADDRESS: GuessPolicy = { free: 20, lockAfter: 100 };

export type Verdict =
  { readonly kind: 'accepted' | 'refused' } | { readonly kind: 'limited'; readonly retryAfterSeconds: number };

/** Checks a secret under the guard; the check runs only when both keys could reserve an attempt. */
export interface AttemptGuard {
  check(subject: string, address: string, verify: () => Promise<boolean>): Promise<Verdict>;
}

interface Scope {
  readonly policy: GuessPolicy;
  /** Failures, plus the attempts now running: each is counted before its check. */
  readonly failures: Limiter;
  /** Past the free failures one attempt at a time: held while it runs, then blocked for the wait its failure earns. */
  readonly gate: Limiter;
  /** A success clears the key (a login id); an address only gets its reservation back. */
  readonly clearOnSuccess: boolean;
}

interface Held {
  readonly scope: Scope;
  readonly key: string;
  readonly count: number;
  readonly gate: boolean;
}

async function reserve(scope: Scope, key: string): Promise<Held | number> {
  const taken = await scope.failures.take(key);
  if (!taken.allowed) {
    await scope.failures.giveBack(key);
    return taken.retryAfterMs;
  }
  if (taken.count < scope.policy.free) return { scope, key, count: taken.count, gate: false };
  const gate = await scope.gate.take(key);
  if (!gate.allowed) {
    await scope.failures.giveBack(key);
    return gate.retryAfterMs;
  }
  return { scope, key, count: taken.count, gate: true };
}

async function release({ scope, key, gate }: Held): Promise<void> {
  await scope.failures.giveBack(key);
  if (gate) await scope.gate.clear(key);
}

async function failed({ scope, key, count }: Held): Promise<void> {
  if (count >= scope.policy.lockAfter) await scope.failures.block(key, LOCK_MS);
  if (count >= scope.policy.free) await scope.gate.block(key, 1000 * 2 ** Math.min(count - scope.policy.free, 9));
}

async function succeeded(held: Held): Promise<void> {
  if (!held.scope.clearOnSuccess) return release(held);
  await held.scope.failures.clear(held.key);
  await held.scope.gate.clear(held.key);
}

/**
 * Guessing throttle per subject (a login id, a client id, a principal) and per client address: after `free`
 * failures each new attempt waits exponentially longer; after `lockAfter` the key is locked for 15 minutes.
 * The attempt is reserved in the store before the secret is checked, so a concurrent burst checks no more secrets
 * than a patient attacker could. Keys are the submitted ids whether or not they exist, so an unknown id is
 * throttled exactly like a real one.
 */
export function attemptGuard(limiters: LimiterFactory, name: string): AttemptGuard {
  const scope = (kind: string, policy: GuessPolicy, clearOnSuccess: boolean): Scope => ({
    policy,
    failures: limiters(`${name}:${kind}:failures`, policy.lockAfter, LOCK_MS),
    gate: limiters(`${name}:${kind}:gate`, 1, LOCK_MS),
    clearOnSuccess,
  });
  const subjects = scope('id', PER_SUBJECT, true);
  const addresses = scope('ip', PER_ADDRESS, false);
  const limited = (ms: number): Verdict => ({ kind: 'limited', retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)) });
  return {
    async check(subject, address, verify) {
      const bySubject = await reserve(subjects, subject);
      if (typeof bySubject === 'number') return limited(bySubject);
      const byAddress = await reserve(addresses, address);
      if (typeof byAddress === 'number') {
        await release(bySubject);
        return limited(byAddress);
      }
      let ok: boolean;
      try {
        ok = await verify();
      } catch (error) {
        await release(bySubject);
        await release(byAddress);
        throw error;
      }
      const settle = ok ? succeeded : failed;
      await settle(bySubject);
      await settle(byAddress);
      return { kind: ok ? 'accepted' : 'refused' };
    },
  };
}
