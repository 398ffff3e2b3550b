import { randomUUID } from 'node:crypto';
import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';

export enum StaffRole {
  CS_AGENT = 'CS_AGENT',
  MARKETER = 'MARKETER',
  ANALYST = 'ANALYST',
  PRIVACY_OFFICER = 'PRIVACY_OFFICER',
  ADMIN = 'ADMIN',
}

@Entity({ tableName: 'staff' })
export class Staff {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = randomUUID();

  @Property({ type: 'string', length: 64, unique: true })
  loginId!: string;

  @Property({ type: 'string', length: 100 })
  name!: string;

  @Property({ type: 'string', length: 200 })
  passwordHash!: string;

  @Enum({ items: () => StaffRole, type: 'string' })
  role!: StaffRole;

  @Property({ type: 'integer' })
  sessionVersion: number = 1;

  /** Set for a one-time password (first administrator, reset): the account can do nothing but change it. */
  @Property({ type: 'boolean' })
  mustChangePassword: boolean = false;

  /** A disabled account logs in like a wrong password and its tokens stop at once. */
  @Property({ type: 'datetime', nullable: true })
  disabledAt: Date | null = null;

  /** Public contact, published for the privacy officer (§12). */
  @Property({ type: 'string', length: 254, nullable: true })
  email: string | null = null;

  @Property({ type: 'string', length: 32, nullable: true })
  phone: string | null = null;

  @Property({ type: 'string', length: 100, nullable: true })
  position: string | null = null;
}
