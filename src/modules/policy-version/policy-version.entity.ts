import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

@Entity({ tableName: 'policy_version' })
export class PolicyVersion {
  @PrimaryKey({ type: 'integer', autoincrement: false })
  version!: number;

  @Property({ type: 'text' })
  text!: string;

  /** ISO date from which this version governs processing. */
  @Property({ type: 'string', length: 10 })
  enforcedFrom!: string;

  @Property({ type: 'boolean' })
  requiresReconsent: boolean = false;

  @Property({ type: 'datetime' })
  publishedAt: Date = new Date();
}
