import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';

export enum CodePurpose {
  /** The legal representative confirms consent for a child under 14. */
  GUARDIAN_CONSENT = 'GUARDIAN_CONSENT',
  /** A verified guardian signs in to act for their children. */
  GUARDIAN_LOGIN = 'GUARDIAN_LOGIN',
}

/** A one-time code sent to a contact. Only its keyed hash is stored; it expires, is single-use and attempt-limited. */
@Entity({ tableName: 'verification_code' })
@Index({ properties: ['contact', 'purpose'] })
export class VerificationCode {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = randomUUID();

  @Enum({ items: () => CodePurpose, type: 'string' })
  purpose!: CodePurpose;

  @Property({ type: 'string', length: 254 })
  contact!: string;

  @Property({ type: 'string', length: 64, unique: true })
  codeHash!: string;

  @Property({ type: 'string', length: 36, nullable: true })
  guardianId: string | null = null;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  usedAt: Date | null = null;
}
