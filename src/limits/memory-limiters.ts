import type { Clock } from '../clock';
import type { LimiterFactory } from './limiter';
import { rlfLimiter } from './rlf-limiter';
import { ClockedStore, type Row } from './clocked-store';

/** The store over a Map, for one process. */
class ClockedMemoryStore extends ClockedStore {
  private readonly rows = new Map<string, Row>();

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
}

/** Limiters for a single gateway process (SQLite). */
export function memoryLimiters(clock: Clock): LimiterFactory {
  return (name, points, windowMs) =>
    rlfLimiter(new ClockedMemoryStore(points, Math.ceil(windowMs / 1000), name, clock));
}
