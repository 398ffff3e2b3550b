import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * That a member's yearly usage notice (PIPA Art. 20-2) for `year` was queued: one per member and year, so a rerun
 * of `npm run usage-notices` queues nothing twice.
 */
@Entity({ tableName: 'usage_notice' })
export class UsageNotice {
  @PrimaryKey({ type: 'string', length: 36 })
  memberId!: string;

  @PrimaryKey({ type: 'integer' })
  year!: number;

  @Property({ type: 'datetime' })
  queuedAt!: Date;
}
