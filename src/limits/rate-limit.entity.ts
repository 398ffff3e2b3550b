import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One limiter key's count (`src/limits/postgres-limiters.ts`): shared by every gateway replica on PostgreSQL, so a
 * lock earned on one holds on all. Unused on SQLite, where one process counts in memory.
 */
@Entity({ tableName: 'rate_limit' })
export class RateLimit {
  /** The limiter's name, a colon, and the key (a login id, a contact, an address). */
  @PrimaryKey({ type: 'text' })
  key!: string;

  @Property({ type: 'integer' })
  points!: number;

  /** Epoch milliseconds (the gateway's clock) when the count resets; null: never. */
  @Property({ type: 'bigint', nullable: true, index: true })
  expire: number | null = null;
}
