import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Member } from '../member';

export enum CorrectionStatus {
  OPEN = 'OPEN',
  COMPLETED = 'COMPLETED',
  REJECTED = 'REJECTED',
}

/** A member's request to correct one field (§13): the field is held from every other purpose while OPEN. */
@Entity({ tableName: 'correction_request' })
@Index({ properties: ['member', 'status'] })
export class CorrectionRequest {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = randomUUID();

  @ManyToOne(() => Member, { deleteRule: 'cascade' })
  member!: Member;

  /** The GraphQL field name on Member. */
  @Property({ type: 'string', length: 64 })
  field!: string;

  @Property({ type: 'text', nullable: true })
  newValue: string | null = null;

  @Property({ type: 'text' })
  reason!: string;

  @Enum({ items: () => CorrectionStatus, type: 'string' })
  status: CorrectionStatus = CorrectionStatus.OPEN;

  @Property({ type: 'datetime' })
  requestedAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  resolvedAt: Date | null = null;
}
