import { RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimiterStoreAbstract as StoreBase } from 'rate-limiter-flexible';
import type { Clock } from '../clock';
import type { LimiterFactory } from './limiter';
import { rlfLimiter } from './rlf-limiter';

// The store base class every shipped store extends; the package index declares it but does not re-export it.
const RateLimiterStoreAbstract = require('rate-limiter-flexible/lib/RateLimiterStoreAbstract') as typeof StoreBase;

interface Row {
  points: number;
  expire: number | null;
}

/**
 * rate-limiter-flexible's store contract over a Map for one process. RateLimiterMemory reads `Date.now()`; the
 * gateway's time is its injected clock (tests move it past a 15-minute lock without sleeping), so the store reads
 * that. The rows follow RateLimiterPostgres's upsert exactly, so both stores limit alike.
 */
class ClockedMemoryStore extends RateLimiterStoreAbstract {
  private readonly rows = new Map<string, Row>();

  constructor(
    points: number,
    duration: number,
    keyPrefix: string,
    private readonly clock: Clock,
  ) {
    super({ points, duration, keyPrefix, storeClient: {} });
  }

  private now = (): number => this.clock.now().getTime();

  _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<Row> {
    const now = this.now();
    const row = this.rows.get(key);
    const live = row && (row.expire === null || row.expire > now);
    const next: Row =
      live && !forceExpire
        ? { points: row.points + points, expire: row.expire }
        : { points, expire: msDuration > 0 ? now + msDuration : null };
    this.rows.set(key, next);
    if (this.rows.size > 100_000)
      for (const [k, v] of this.rows) if (v.expire !== null && v.expire <= now) this.rows.delete(k);
    return Promise.resolve(next);
  }

  _get(key: string): Promise<Row | null> {
    const row = this.rows.get(key);
    return Promise.resolve(row && (row.expire === null || row.expire > this.now()) ? row : null);
  }

  _delete(key: string): Promise<boolean> {
    return Promise.resolve(this.rows.delete(key));
  }

  _getRateLimiterRes(_key: string, changedPoints: number, row: Row): RateLimiterRes {
    return new RateLimiterRes(
      Math.max(this.points - row.points, 0),
      row.expire === null ? -1 : Math.max(row.expire - this.now(), 0),
      row.points,
      changedPoints === row.points,
    );
  }
}

/** Limiters for a single gateway process. */
export function memoryLimiters(clock: Clock): LimiterFactory {
  return (name, points, windowMs) =>
    rlfLimiter(new ClockedMemoryStore(points, Math.ceil(windowMs / 1000), name, clock));
}
