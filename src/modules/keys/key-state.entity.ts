import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * What the database remembers of its keys: the master key's fingerprint, a master-key rotation under way, and
 * the secrets derived once and kept wrapped under the master key (so a rotation re-wraps them, never changes them).
 */
@Entity({ tableName: 'key_state' })
export class KeyState {
  @PrimaryKey({ type: 'string', length: 64 })
  name!: string;

  @Property({ type: 'text' })
  value!: string;

  @Property({ type: 'datetime' })
  updatedAt!: Date;
}
