import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';

export enum ComplaintStatus {
  OPEN = 'OPEN',
  ANSWERED = 'ANSWERED',
  CLOSED = 'CLOSED',
}

/** A privacy complaint to the privacy officer (§11, §12). */
@Entity({ tableName: 'complaint' })
@Index({ properties: ['memberId'] })
export class Complaint {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = randomUUID();

  @Property({ type: 'string', length: 36, nullable: true })
  memberId: string | null = null;

  /** Where the answer goes, for visitors who are not members. */
  @Property({ type: 'string', length: 254, nullable: true })
  contact: string | null = null;

  @Property({ type: 'string', length: 200 })
  subject!: string;

  @Property({ type: 'text' })
  body!: string;

  @Enum({ items: () => ComplaintStatus, type: 'string' })
  status: ComplaintStatus = ComplaintStatus.OPEN;

  @Property({ type: 'text', nullable: true })
  answer: string | null = null;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  answeredAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  closedAt: Date | null = null;
}
