import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Written when old access-log rows are purged (retention): the hash of the last purged row, signed, so the rows
 * that remain still verify from a known starting point.
 */
@Entity({ tableName: 'access_log_anchor' })
export class AccessLogAnchor {
  /** The `seq` of the last purged row. */
  @PrimaryKey({ type: 'integer', autoincrement: false })
  seq!: number;

  @Property({ type: 'string', length: 64 })
  hash!: string;

  @Property({ type: 'datetime' })
  purgedAt!: Date;

  @Property({ type: 'integer' })
  purgedRows!: number;

  /** The gateway's signature over `seq` and `hash` (audit/anchor.ts); verification refuses an anchor without it. */
  @Property({ type: 'text', nullable: true })
  signature: string | null = null;
}
