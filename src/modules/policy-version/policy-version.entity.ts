import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

@Entity({ tableName: 'policy_version' })
export class PolicyVersion {
  @PrimaryKey({ type: 'integer', autoincrement: false })
  version!: number;

  /** The plain-text rendering of `document` (or, for a version published before generation, the text given). */
  @Property({ type: 'text' })
  text!: string;

  /** The rendered policy (JSON, see policy-document/document.ts), with the snapshot of what it names. Never changes. */
  @Property({ type: 'text', nullable: true })
  document: string | null = null;

  /** SHA-256 (hex) of `text` and `document` as stored: recomputing it shows the version was not changed. */
  @Property({ type: 'string', length: 64, nullable: true })
  contentHash: string | null = null;

  /** ISO date from which this version governs processing. */
  @Property({ type: 'string', length: 10 })
  enforcedFrom!: string;

  @Property({ type: 'boolean' })
  requiresReconsent: boolean = false;

  @Property({ type: 'datetime' })
  publishedAt: Date = new Date();
}
