import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Tells a recipient that a value it received was corrected (§13). Pulled with `correctionNotices`, and pushed to
 * the recipient's webhook when it has one: at least once, each delivery carrying the notice id as idempotency key.
 */
@Entity({ tableName: 'correction_notice' })
@Index({ properties: ['recipientId', 'seq'] })
@Index({ properties: ['deliveredAt', 'nextAttemptAt'] })
export class CorrectionNotice {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  seq!: number;

  @Property({ type: 'string', length: 36, unique: true })
  noticeId!: string;

  @Property({ type: 'string', length: 36 })
  recipientId!: string;

  @Property({ type: 'string', length: 36 })
  memberId!: string;

  @Property({ type: 'string', length: 64 })
  field!: string;

  /** The correction, or the deletion of an optional item, the notice reports. */
  @Property({ type: 'string', length: 36 })
  correctionId!: string;

  /** CORRECTED (a correction completed) or DELETED (the member deleted an optional item). */
  @Property({ type: 'string', length: 16, default: 'CORRECTED' })
  change: string = 'CORRECTED';

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'integer' })
  attempts: number = 0;

  @Property({ type: 'datetime', nullable: true })
  nextAttemptAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  deliveredAt: Date | null = null;

  @Property({ type: 'string', length: 300, nullable: true })
  lastError: string | null = null;
}
