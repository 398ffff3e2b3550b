import type { Knex } from '@mikro-orm/knex';
import type { Clock } from '../clock';
import type { LimiterFactory } from './limiter';
import { rlfLimiter } from './rlf-limiter';
import { ClockedStore, type Row } from './clocked-store';

/**
 * One statement adds and reads: the row lock of `on conflict do update` serialises concurrent callers on the key,
 * in this process or any other replica, so each sees a different count and no burst evaluates past the limit.
 * Parameters: key, points, expire when new, now, force.
 */
const UPSERT = `insert into rate_limit as r (key, points, expire) values (?, ?, ?)
  on conflict (key) do update set
    points = case when ? or (r.expire is not null and r.expire <= ?) then excluded.points else r.points + excluded.points end,
    expire = case when ? or (r.expire is not null and r.expire <= ?) then excluded.expire else r.expire end
  returning points, expire`;

const toRow = (r: { points: number | string; expire: number | string | null }): Row => ({
  points: Number(r.points),
  expire: r.expire === null ? null : Number(r.expire),
});

/** The store in the `rate_limit` table (created by migration), over the gateway's own connection pool. */
class PostgresStore extends ClockedStore {
  constructor(
    points: number,
    duration: number,
    keyPrefix: string,
    clock: Clock,
    private readonly knex: Knex,
  ) {
    super(points, duration, keyPrefix, clock);
  }

  async _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<Row> {
    const now = this.now();
    const expire = msDuration > 0 ? now + msDuration : null;
    const result = await this.knex.raw<{ rows: Row[] }>(UPSERT, [
      key,
      points,
      expire,
      forceExpire,
      now,
      forceExpire,
      now,
    ]);
    return toRow(result.rows[0]!);
  }

  async _get(key: string): Promise<Row | null> {
    const row = (await this.knex('rate_limit')
      .first('points', 'expire')
      .where({ key })
      .andWhere((q) => q.whereNull('expire').orWhere('expire', '>', this.now()))) as Row | undefined;
    return row ? toRow(row) : null;
  }

  async _delete(key: string): Promise<boolean> {
    return (await this.knex('rate_limit').where({ key }).delete()) > 0;
  }
}

/** Limiters shared by every replica on one PostgreSQL database. */
export function postgresLimiters(knex: Knex, clock: Clock): LimiterFactory {
  return (name, points, windowMs) =>
    rlfLimiter(new PostgresStore(points, Math.ceil(windowMs / 1000), name, clock, knex));
}

/** Deletes keys whose window has passed (run by one replica at a time, with the other jobs); returns how many. */
export async function sweepExpiredLimits(knex: Knex, now: Date): Promise<number> {
  return knex('rate_limit').where('expire', '<=', now.getTime()).delete();
}
