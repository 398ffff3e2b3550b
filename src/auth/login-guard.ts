import type { Clock } from '../clock';

/** Failed attempts per key; in-process here, replaceable by a shared store when several gateways run. */
export interface AttemptStore {
  get(key: string): { failures: number; last: number } | undefined;
  fail(key: string, at: number): void;
  reset(key: string): void;
}

export function memoryAttemptStore(forgetAfterMs: number, clock: Clock): AttemptStore {
  const entries = new Map<string, { failures: number; last: number }>();
  return {
    get(key) {
      const e = entries.get(key);
      return e && clock.now().getTime() - e.last < forgetAfterMs ? e : undefined;
    },
    fail(key, at) {
      const e = this.get(key);
      entries.set(key, { failures: (e?.failures ?? 0) + 1, last: at });
      if (entries.size > 100_000) for (const [k, v] of entries) if (at - v.last >= forgetAfterMs) entries.delete(k);
    },
    reset: (key) => void entries.delete(key),
  };
}

export const LOCK_MS = 15 * 60_000;
const FREE_FAILURES = 3;
const LOCK_AFTER = 10;
/** An address (an office, a NAT) carries many people's typos before it is slowed. */
const IP_FREE_FAILURES = 20;
const IP_LOCK_AFTER = 100;

/**
 * Log-in throttling per login id and per client address: after 3 failures (20 for an address) each new attempt
 * must wait exponentially longer (1 s, 2 s, 4 s, …); after 10 (100) the key is locked for 15 minutes. Counters are keyed by the
 * submitted id whether or not it exists, so an unknown id is throttled and locked exactly like a real one.
 */
export function loginGuard(store: AttemptStore, clock: Clock) {
  const waitFor = (key: string, free: number, lockAfter: number): number => {
    const e = store.get(key);
    if (!e || e.failures < free) return 0;
    const now = clock.now().getTime();
    const until = e.failures >= lockAfter ? e.last + LOCK_MS : e.last + 1000 * 2 ** Math.min(e.failures - free, 9);
    return Math.max(0, until - now);
  };
  return {
    /** Milliseconds the caller must still wait; 0 when the attempt may proceed. */
    wait: (loginId: string, ip: string): number =>
      Math.max(waitFor(`id:${loginId}`, FREE_FAILURES, LOCK_AFTER), waitFor(`ip:${ip}`, IP_FREE_FAILURES, IP_LOCK_AFTER)),
    failed(loginId: string, ip: string): void {
      const now = clock.now().getTime();
      store.fail(`id:${loginId}`, now);
      store.fail(`ip:${ip}`, now);
    },
    succeeded: (loginId: string): void => store.reset(`id:${loginId}`),
  };
}

export type LoginGuard = ReturnType<typeof loginGuard>;
