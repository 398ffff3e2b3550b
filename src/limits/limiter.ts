/** What one `take` found: whether it fits, the count it brought the key to, and how long until the key resets. */
export interface Taken {
  readonly allowed: boolean;
  readonly count: number;
  readonly retryAfterMs: number;
}

/**
 * Points per key over a fixed window, counted atomically in a store: `take` adds and reads in one step, so
 * concurrent callers each see a different count and no burst gets past the limit. Reserve with `take` before the
 * work it guards, never after.
 */
export interface Limiter {
  /** Adds `points` to the key; `allowed` false once the count is over the limit or the key is blocked. */
  take(key: string, points?: number): Promise<Taken>;
  /** Takes back points a reservation did not use. */
  giveBack(key: string, points?: number): Promise<void>;
  /** Refuses every `take` on the key for `ms`, whatever its count. */
  block(key: string, ms: number): Promise<void>;
  clear(key: string): Promise<void>;
}

/** Makes the limiter called `name` (unique per gateway: stores share one table) allowing `points` per window. */
export type LimiterFactory = (name: string, points: number, windowMs: number) => Limiter;
