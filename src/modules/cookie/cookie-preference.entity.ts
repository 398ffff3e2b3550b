import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A member's or an anonymous visitor's cookie choice (§8); necessary cookies cannot be refused. */
@Entity({ tableName: 'cookie_preference' })
export class CookiePreference {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = randomUUID();

  @Property({ type: 'string', length: 36, nullable: true, unique: true })
  memberId: string | null = null;

  /** An opaque id the storefront keeps for a visitor who is not logged in. */
  @Property({ type: 'string', length: 64, nullable: true, unique: true })
  visitorId: string | null = null;

  @Property({ type: 'boolean' })
  personalised: boolean = false;

  @Property({ type: 'datetime' })
  updatedAt!: Date;
}
