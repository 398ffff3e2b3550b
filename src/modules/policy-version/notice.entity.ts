import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A notice on the homepage (§15), posted when the policy changes. */
@Entity({ tableName: 'notice' })
export class Notice {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = randomUUID();

  @Property({ type: 'string', length: 200 })
  title!: string;

  @Property({ type: 'text' })
  body!: string;

  @Property({ type: 'integer', nullable: true })
  policyVersion: number | null = null;

  @Property({ type: 'datetime' })
  postedAt!: Date;
}
