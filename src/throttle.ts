import type { Clock } from './clock';

/**
 * Counts attempts per key in a fixed window. In-process; the interface is all callers see, so a shared store
 * (e.g. Redis) can replace it when several gateways run.
 */
export interface Throttle {
  /** Records one attempt; `allowed` false once `limit` attempts fell in the current window. */
  hit(key: string): { allowed: boolean; retryAfterSeconds: number };
  reset(key: string): void;
}

export function memoryThrottle(limit: number, windowMs: number, clock: Clock): Throttle {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    hit(key) {
      const now = clock.now().getTime();
      let w = windows.get(key);
      if (!w || now - w.start >= windowMs) {
        w = { start: now, count: 0 };
        windows.set(key, w);
      }
      w.count++;
      if (windows.size > 100_000) for (const [k, v] of windows) if (now - v.start >= windowMs) windows.delete(k);
      return { allowed: w.count <= limit, retryAfterSeconds: Math.ceil((w.start + windowMs - now) / 1000) };
    },
    reset: (key) => void windows.delete(key),
  };
}

/** A quantity (query cost) a caller may spend per window. */
export interface Budget {
  spend(key: string, amount: number): { allowed: boolean; retryAfterSeconds: number };
}

export function memoryBudget(perWindow: number, windowMs: number, clock: Clock): Budget {
  const windows = new Map<string, { start: number; spent: number }>();
  return {
    spend(key, amount) {
      const now = clock.now().getTime();
      let w = windows.get(key);
      if (!w || now - w.start >= windowMs) {
        w = { start: now, spent: 0 };
        windows.set(key, w);
      }
      w.spent += amount;
      if (windows.size > 100_000) for (const [k, v] of windows) if (now - v.start >= windowMs) windows.delete(k);
      return { allowed: w.spent <= perWindow, retryAfterSeconds: Math.max(1, Math.ceil((w.start + windowMs - now) / 1000)) };
    },
  };
}
