import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';

export enum MemberStatus {
  ACTIVE = 'ACTIVE',
  /** Under 14 and the legal representative has not confirmed yet: only what reaches the guardian is kept. */
  PENDING_GUARDIAN = 'PENDING_GUARDIAN',
  /** Withdrawn: unreadable by everyone, awaiting handover to the separate retention store. */
  WITHDRAWN = 'WITHDRAWN',
}

@Entity({ tableName: 'member' })
export class Member {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = randomUUID();

  @Property({ type: 'string', length: 64, unique: true })
  loginId!: string;

  @Property({ type: 'string', length: 200, nullable: true })
  passwordHash: string | null = null;

  @Enum({ items: () => MemberStatus, type: 'string' })
  status: MemberStatus = MemberStatus.ACTIVE;

  /** Bumped on logout, password change and withdrawal; tokens carry it and die when it moves. */
  @Property({ type: 'integer' })
  sessionVersion: number = 1;

  @Property({ type: 'string', length: 100 })
  name!: string;

  @Property({ type: 'string', length: 254, unique: true, nullable: true })
  email: string | null = null;

  @Property({ type: 'string', length: 32, nullable: true })
  phone: string | null = null;

  @Property({ type: 'string', length: 300, nullable: true })
  address: string | null = null;

  @Index()
  @Property({ type: 'string', length: 64, nullable: true })
  deliveryArea: string | null = null;

  /** ISO date, YYYY-MM-DD. */
  @Property({ type: 'string', length: 10, nullable: true })
  birthDate: string | null = null;

  @Property({ type: 'string', length: 16, nullable: true })
  gender: string | null = null;

  /** The member's data key, wrapped by the master key; null once destroyed. */
  @Property({ type: 'text', nullable: true })
  wrappedDataKey: string | null = null;

  @Property({ type: 'text', nullable: true })
  bankAccountSealed: string | null = null;

  @Property({ type: 'text', nullable: true })
  cardNumberSealed: string | null = null;

  @Property({ type: 'string', length: 64, nullable: true })
  signupIp: string | null = null;

  @Property({ type: 'string', length: 200, nullable: true })
  browser: string | null = null;

  @Property({ type: 'string', length: 100, nullable: true })
  os: string | null = null;

  @Property({ type: 'string', length: 200, nullable: true })
  inflowRoute: string | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  withdrawnAt: Date | null = null;

  /** When what the law keeps went to the separate retention store and the live data was destroyed. */
  @Property({ type: 'datetime', nullable: true })
  handedOverAt: Date | null = null;
}
