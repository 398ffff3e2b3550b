import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * The provision ledger (§6, §9): what left to a third party or consignee. Values are kept only as keyed
 * fingerprints, so the ledger proves what was sent without holding it again.
 */
@Entity({ tableName: 'provision' })
@Index({ properties: ['memberId', 'at'] })
@Index({ properties: ['recipientId', 'memberId'] })
export class Provision {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = randomUUID();

  /** The API client's id. */
  @Property({ type: 'string', length: 36 })
  recipientId!: string;

  @Property({ type: 'string', length: 16 })
  recipientKind!: string;

  @Property({ type: 'string', length: 36 })
  memberId!: string;

  @Property({ type: 'json' })
  fields: string[] = [];

  /** Field -> HMAC-SHA256 of the value sent. */
  @Property({ type: 'json' })
  fingerprints: Record<string, string> = {};

  @Property({ type: 'string', length: 32 })
  purpose!: string;

  @Property({ type: 'datetime' })
  at!: Date;

  @Property({ type: 'string', length: 36 })
  requestId!: string;
}
