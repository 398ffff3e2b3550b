import { createHash } from 'node:crypto';
import type { AccessAction } from './access-log.entity';

export const GENESIS_HASH = '0'.repeat(64);

/** A log row before it is chained: everything the hash covers except the chain links themselves. */
export interface AccessRecord {
  requestId: string;
  at: Date;
  accessorId: string;
  accessorKind: string;
  accessorRole: string | null;
  accessorName: string;
  clientIp: string;
  memberId: string | null;
  action: AccessAction;
  purpose: string | null;
  legalBasis: string | null;
  fields: string[];
  denied: Record<string, string>;
  operationName: string | null;
}

export interface ChainedRecord extends AccessRecord {
  /** Position in the chain. Being the primary key, it also refuses a second row extending the same head. */
  seq: number;
  prevHash: string;
  hash: string;
}

/** The last row of the chain (or the purge anchor, or the genesis). */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

export const GENESIS: ChainHead = { seq: 0, hash: GENESIS_HASH };

/**
 * The canonical encoding the hash covers: a JSON array in a fixed field order, times in ms since the epoch, denied
 * fields sorted. It must never change for existing rows: a new field goes at the end, under a new version tag.
 */
export function canonical(r: AccessRecord, prevHash: string): string {
  const denied = Object.keys(r.denied).sort().map((k) => [k, r.denied[k]]);
  return JSON.stringify([
    'v1', prevHash, r.requestId, r.at.getTime(), r.accessorId, r.accessorKind, r.accessorRole, r.accessorName,
    r.clientIp, r.memberId, r.action, r.purpose, r.legalBasis, [...r.fields].sort(), denied, r.operationName,
  ]);
}

export const hashOf = (r: AccessRecord, prevHash: string): string =>
  createHash('sha256').update(canonical(r, prevHash)).digest('hex');

/** Links `records` after `head`, in order. */
export function link(records: readonly AccessRecord[], head: ChainHead): ChainedRecord[] {
  let prev = head.hash;
  return records.map((r, i) => {
    const hash = hashOf(r, prev);
    const chained = { ...r, seq: head.seq + 1 + i, prevHash: prev, hash };
    prev = hash;
    return chained;
  });
}
