import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Every public key that has signed tokens. The key in `SIGNING_KEY` signs; a key superseded by another stays here,
 * and in JWKS, until the last token it can have signed has expired.
 */
@Entity({ tableName: 'signing_key' })
export class SigningKey {
  @PrimaryKey({ type: 'string', length: 100 })
  kid!: string;

  @Property({ type: 'text' })
  publicJwk!: string;

  @Property({ type: 'datetime' })
  firstUsedAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  supersededAt: Date | null = null;
}
