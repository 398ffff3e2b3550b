import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A request from an investigative authority under the law (§6). LEGAL_REQUEST reads are allowed only inside a
 * registered, valid request, for its members and fields, and each read names it.
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

  @Property({ type: 'datetime' })
  validFrom!: Date;

  @Property({ type: 'datetime' })
  validUntil!: Date;

  @Property({ type: 'string', length: 36 })
  registeredBy!: string;

  @Property({ type: 'datetime' })
  registeredAt!: Date;
}
