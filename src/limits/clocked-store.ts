import { RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimiterStoreAbstract as StoreBase } from 'rate-limiter-flexible';
import type { Clock } from '../clock';

// The store base class every shipped store extends; the package index declares it but does not re-export it.
const RateLimiterStoreAbstract = require('rate-limiter-flexible/lib/RateLimiterStoreAbstract') as typeof StoreBase;

/** A key's count and when it resets (epoch milliseconds of the gateway's clock; null: never). */
export interface Row {
  points: number;
  expire: number | null;
}

/**
 * rate-limiter-flexible's store contract read against the gateway's injected clock. The shipped stores read
 * `Date.now()`; tests move the gateway's clock past a 15-minute lock without sleeping, so every store here reads
 * that clock instead, and every store keeps the same rule: a key whose `expire` has passed starts again from the
 * points added, a live key adds them (`forceExpire`: starts again whatever it held).
 */
export abstract class ClockedStore extends RateLimiterStoreAbstract {
  constructor(
    points: number,
    duration: number,
    keyPrefix: string,
    protected readonly clock: Clock,
    storeClient: unknown = {},
  ) {
    super({ points, duration, keyPrefix, storeClient });
  }

  protected now = (): number => this.clock.now().getTime();

  abstract _upsert(key: string, points: number, msDuration: number, forceExpire?: boolean): Promise<Row>;

  _getRateLimiterRes(_key: string, changedPoints: number, row: Row): RateLimiterRes {
    return new RateLimiterRes(
      Math.max(this.points - row.points, 0),
      row.expire === null ? -1 : Math.max(row.expire - this.now(), 0),
      row.points,
      changedPoints === row.points,
    );
  }
}
