import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A request from an investigative authority under the law (§6). LEGAL_REQUEST reads are allowed only inside a
 * registered request that a second staff member approved and that is valid now, for its members and fields, and
 * each read names it.
 */
@Entity({ tableName: 'lawful_request' })
export class LawfulRequest {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = randomUUID();

  @Property({ type: 'string', length: 200 })
  authority!: string;

  /** E.g. the warrant number. */
  @Property({ type: 'string', length: 200 })
  legalBasis!: string;

  @Property({ type: 'json' })
  memberIds: string[] = [];

  @Property({ type: 'json' })
  fields: string[] = [];

  /** As registered; approval moves it to the approval time when it was earlier (never back-dated). */
  @Property({ type: 'datetime' })
  validFrom!: Date;

  /** As registered; approval caps it at LAWFUL_REQUEST_MAX_DAYS after validFrom. */
  @Property({ type: 'datetime' })
  validUntil!: Date;

  @Property({ type: 'string', length: 36 })
  registeredBy!: string;

  @Property({ type: 'datetime' })
  registeredAt!: Date;

  /** The second person: a privacy officer or administrator other than the registrant. Unusable until set. */
  @Property({ type: 'string', length: 36, nullable: true })
  approvedBy: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  approvedAt: Date | null = null;

  /** When the expiry was written to the access log (once). */
  @Property({ type: 'datetime', nullable: true })
  expiryLoggedAt: Date | null = null;
}
