import { randomUUID } from 'node:crypto';
import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Member } from '../member';

/** The legal representative of a member under 14 (policy §2, §13). */
@Entity({ tableName: 'guardian' })
export class Guardian {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = randomUUID();

  @ManyToOne(() => Member, { deleteRule: 'cascade' })
  child!: Member;

  @Property({ type: 'string', length: 100 })
  name!: string;

  /** Email or phone number the verification codes go to. */
  @Index()
  @Property({ type: 'string', length: 254 })
  contact!: string;

  @Property({ type: 'datetime', nullable: true })
  verifiedAt: Date | null = null;

  /** How the guardian proved control of the contact, e.g. EMAIL_CODE or SMS_CODE. */
  @Property({ type: 'string', length: 32, nullable: true })
  verificationMethod: string | null = null;

  /** Raised by logout: every token issued to this guardian before stops at once. */
  @Property({ type: 'integer', default: 1 })
  sessionVersion: number = 1;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
