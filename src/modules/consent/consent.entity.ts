import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Member } from '../member';

export enum ConsentPurpose {
  /** The essential items of sign-up (§1, §2). */
  ESSENTIAL = 'ESSENTIAL',
  MARKETING = 'MARKETING',
  /** Provision to one named third party (§6); `recipient` names it. */
  THIRD_PARTY_PROVISION = 'THIRD_PARTY_PROVISION',
  OPTIONAL_ITEMS = 'OPTIONAL_ITEMS',
}

export enum ConsentGiver {
  SELF = 'SELF',
  GUARDIAN = 'GUARDIAN',
}

/** A consent receipt: never updated except to record its withdrawal. */
@Entity({ tableName: 'consent' })
@Index({ properties: ['member', 'purpose'] })
export class Consent {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = randomUUID();

  @ManyToOne(() => Member, { deleteRule: 'cascade' })
  member!: Member;

  @Enum({ items: () => ConsentPurpose, type: 'string' })
  purpose!: ConsentPurpose;

  /** The API client's `clientId` for THIRD_PARTY_PROVISION. */
  @Property({ type: 'string', length: 64, nullable: true })
  recipient: string | null = null;

  /**
   * For THIRD_PARTY_PROVISION: the recipient exactly as `policyVersion` lists it (JSON: name, purpose, items,
   * retention).
   */
  @Property({ type: 'text', nullable: true })
  recipientListing: string | null = null;

  @Property({ type: 'integer' })
  policyVersion!: number;

  @Property({ type: 'datetime' })
  grantedAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  withdrawnAt: Date | null = null;

  /** How it was given, e.g. SIGNUP_FORM, SETTINGS, GUARDIAN_CODE. */
  @Property({ type: 'string', length: 32 })
  method!: string;

  @Enum({ items: () => ConsentGiver, type: 'string' })
  givenBy: ConsentGiver = ConsentGiver.SELF;
}
