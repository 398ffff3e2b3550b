import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/** The rights a member may exercise through staff (§7, §13), as through self-service. */
export const RIGHTS = [
  'EXPORT',
  'CORRECTION',
  'WITHDRAW_CONSENT',
  'STOP_PROCESSING',
  'WITHDRAW_MEMBERSHIP',
  /** Naming the legal representative of a child (§13), e.g. a parent who calls customer service. */
  'ATTACH_GUARDIAN',
] as const;
export type Right = (typeof RIGHTS)[number];

/** How the member reached the privacy officer or customer service. */
export const CHANNELS = ['LETTER', 'PHONE', 'EMAIL', 'IN_PERSON'] as const;

/**
 * A member's request made in writing, by phone or e-mail to staff (§7), recorded by a CS agent or the privacy
 * officer and executed through the self-service code paths, with the staff member as accessor in the log.
 */
@Entity({ tableName: 'rights_request' })
export class RightsRequest {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = randomUUID();

  @Index()
  @Property({ type: 'string', length: 36 })
  memberId!: string;

  @Property({ type: 'string', length: 32 })
  right!: string;

  @Property({ type: 'string', length: 16 })
  channel!: string;

  /** How staff verified the requester's identity, e.g. "callback to the phone on file". */
  @Property({ type: 'string', length: 200 })
  identityVerifiedBy!: string;

  /** The letter, ticket or call reference. */
  @Property({ type: 'string', length: 200 })
  reference!: string;

  @Property({ type: 'string', length: 36 })
  recordedBy!: string;

  @Property({ type: 'datetime' })
  recordedAt!: Date;

  /** 10 days after recording unless given: the officer's review lists it as overdue after that. */
  @Index()
  @Property({ type: 'datetime' })
  dueAt!: Date;

  /** OPEN or COMPLETED. */
  @Index()
  @Property({ type: 'string', length: 16 })
  status: string = 'OPEN';

  @Property({ type: 'string', length: 36, nullable: true })
  executedBy: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  executedAt: Date | null = null;
}
