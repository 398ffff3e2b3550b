import { randomUUID } from 'node:crypto';
import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';

export enum ClientKind {
  /** A third party receiving data with the member's consent (§6). */
  PARTNER = 'PARTNER',
  /** A processor entrusted with a task (§9). */
  CONSIGNEE = 'CONSIGNEE',
}

/** An OAuth2 client-credentials client. */
@Entity({ tableName: 'api_client' })
export class ApiClient {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = randomUUID();

  @Property({ type: 'string', length: 64, unique: true })
  clientId!: string;

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Enum({ items: () => ClientKind, type: 'string' })
  kind!: ClientKind;

  @Property({ type: 'string', length: 200 })
  secretHash!: string;

  @Property({ type: 'json' })
  allowedPurposes: string[] = [];

  /** For consignees: the `Type.field` names entrusted to it (§9: the minimum needed for the task). */
  @Property({ type: 'json' })
  entrustedFields: string[] = [];

  /** What the consignee does for the company, published on the consignee list. */
  @Property({ type: 'string', length: 300, nullable: true })
  task: string | null = null;

  @Property({ type: 'boolean' })
  active: boolean = true;

  /** Raised by a secret rotation without overlap (and by disabling): tokens issued before it stop at once. */
  @Property({ type: 'integer' })
  sessionVersion: number = 1;

  /** The secret before the last rotation, accepted until `previousSecretUntil` (an overlap the operator set). */
  @Property({ type: 'string', length: 200, nullable: true })
  previousSecretHash: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  previousSecretUntil: Date | null = null;

  /** For partners: who to contact at the recipient, what it uses the data for and how long it keeps it (§6). */
  @Property({ type: 'string', length: 300, nullable: true })
  contact: string | null = null;

  @Property({ type: 'string', length: 300, nullable: true })
  purposeOfUse: string | null = null;

  @Property({ type: 'string', length: 300, nullable: true })
  retentionPeriod: string | null = null;

  /** Where correction notices are pushed (optional); bodies are signed with HMAC-SHA256 under `webhookSecret`. */
  @Property({ type: 'string', length: 500, nullable: true })
  webhookUrl: string | null = null;

  @Property({ type: 'string', length: 100, nullable: true })
  webhookSecret: string | null = null;
}
