import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';

export enum Channel {
  EMAIL = 'EMAIL',
  SMS = 'SMS',
}

/** The notification outbox: written in the transaction that causes it, delivered afterwards by the notifier. */
@Entity({ tableName: 'notification' })
@Index({ properties: ['sentAt'] })
export class Notification {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = randomUUID();

  @Enum({ items: () => Channel, type: 'string' })
  channel!: Channel;

  @Property({ type: 'string', length: 254 })
  recipient!: string;

  @Property({ type: 'string', length: 200 })
  subject!: string;

  @Property({ type: 'text' })
  body!: string;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  sentAt: Date | null = null;

  /** The body carries a one-time code in plain text: retention removes that text after its short period (§4). */
  @Property({ type: 'boolean', default: false })
  carriesCode: boolean = false;
}
