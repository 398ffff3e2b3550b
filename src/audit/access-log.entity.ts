import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * ADMIN: a change to the gateway's own configuration (staff, clients, entrusted work), never a member's data.
 * CONFLICT: an input answered CONFLICT because a login id or e-mail it gave is held by an account; the row names the
 * fields tried, never the account (an attempt to enumerate identifiers is visible without naming anyone).
 */
export const ACCESS_ACTIONS = [
  'VIEW',
  'CHANGE',
  'INPUT',
  'DELETE',
  'DOWNLOAD',
  'PROVIDE',
  'ADMIN',
  'CONFLICT',
] as const;

export type AccessAction = (typeof ACCESS_ACTIONS)[number];

/**
 * One row per (request, member): who touched which fields of whom, why, and what was refused. Rows form a hash
 * chain. Each row's `seq` is assigned by its writer as the head's plus one, so two writers can never both extend
 * the same head (the primary key refuses the second: no fork); editing, deleting or reordering a row breaks
 * verification.
 */
@Entity({ tableName: 'access_log' })
@Index({ properties: ['accessorId', 'seq'] })
@Index({ properties: ['at'] })
export class AccessLog {
  /** A bigint on PostgreSQL (the partition migration), read as a number (src/db/orm.ts); 64-bit on SQLite too. */
  @PrimaryKey({ type: 'integer', autoincrement: false })
  seq!: number;

  @Property({ type: 'string', length: 36 })
  requestId!: string;

  @Property({ type: 'datetime' })
  at!: Date;

  @Property({ type: 'string', length: 36 })
  accessorId!: string;

  @Property({ type: 'string', length: 16 })
  accessorKind!: string;

  @Property({ type: 'string', length: 32, nullable: true })
  accessorRole: string | null = null;

  @Property({ type: 'string', length: 200 })
  accessorName!: string;

  /** Erased ('') once a visit record's period ends (§4) on rows that carry `ipDigest`; the hash does not cover it. */
  @Property({ type: 'string', length: 64 })
  clientIp!: string;

  /** HMAC of `clientIp`, covered by the hash in its place (v2 rows); null on v1 rows, which cover the address. */
  @Property({ type: 'string', length: 64, nullable: true })
  ipDigest: string | null = null;

  @Property({ type: 'string', length: 36, nullable: true })
  memberId: string | null = null;

  @Property({ type: 'string', length: 16 })
  action!: AccessAction;

  @Property({ type: 'string', length: 32, nullable: true })
  purpose: string | null = null;

  @Property({ type: 'string', length: 300, nullable: true })
  legalBasis: string | null = null;

  /** Field names whose values left (never the values). */
  @Property({ type: 'json' })
  fields: string[] = [];

  /** Field name -> reason code, for fields refused. */
  @Property({ type: 'json' })
  denied: Record<string, string> = {};

  @Property({ type: 'string', length: 200, nullable: true })
  operationName: string | null = null;

  @Property({ type: 'string', length: 64 })
  prevHash!: string;

  @Property({ type: 'string', length: 64 })
  hash!: string;
}
