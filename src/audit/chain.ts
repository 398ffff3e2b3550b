import { hash as digest } from 'node:crypto';
import type { AccessAction } from './access-log.entity';
import type { IpDigest } from './ip-digest';

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
  /**
   * The keyed digest of `clientIp` that a v2 row's hash covers instead of the address, so the address can be
   * erased (§4 visit records) and the row still verifies; null on v1 rows, whose hash covers the address itself.
   */
  ipDigest: string | null;
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
 * v1 covers the client address; v2 (a row with an `ipDigest`) covers the digest in its place and nothing else
 * differs.
 */
export function canonical(r: AccessRecord & { ipDigest?: string | null }, prevHash: string): string {
  const denied = Object.keys(r.denied)
    .sort()
    .map((k) => [k, r.denied[k]]);
  const v2 = r.ipDigest != null;
  return JSON.stringify([
    v2 ? 'v2' : 'v1',
    prevHash,
    r.requestId,
    r.at.getTime(),
    r.accessorId,
    r.accessorKind,
    r.accessorRole,
    r.accessorName,
    v2 ? r.ipDigest : r.clientIp,
    r.memberId,
    r.action,
    r.purpose,
    r.legalBasis,
    [...r.fields].sort(),
    denied,
    r.operationName,
  ]);
}

export const hashOf = (r: AccessRecord & { ipDigest?: string | null }, prevHash: string): string =>
  sha256(canonical(r, prevHash));

const sha256 = (text: string): string => digest('sha256', text, 'hex');

/** True when two records differ only in member, fields and denials: the columns one request's rows share. */
export const sameRequest = (a: AccessRecord, b: AccessRecord): boolean =>
  a.requestId === b.requestId &&
  (a.at === b.at || a.at.getTime() === b.at.getTime()) &&
  a.accessorId === b.accessorId &&
  a.accessorKind === b.accessorKind &&
  a.accessorRole === b.accessorRole &&
  a.accessorName === b.accessorName &&
  a.clientIp === b.clientIp &&
  a.action === b.action &&
  a.purpose === b.purpose &&
  a.legalBasis === b.legalBasis &&
  a.operationName === b.operationName;

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a === b || (a.length === b.length && a.every((x, i) => x === b[i]));

const inner = (values: unknown[]): string => JSON.stringify(values).slice(1, -1);

/**
 * Links `records` after `head`, in order. The encoding is `canonical`'s, assembled from pieces: what a request's
 * rows share is encoded once per run of them, and a field set once per run of rows that share it, so a row costs
 * one concatenation and one digest. Rows of one field set share its sorted array. With `digestIp` the rows are v2
 * (the chain commits to the address's digest); without it, v1.
 */
export function link(
  records: readonly AccessRecord[],
  head: ChainHead,
  digestIp: IpDigest | null = null,
): ChainedRecord[] {
  let prev = head.hash;
  let last: AccessRecord | null = null;
  let before = '';
  let after = '';
  let op = '';
  let ipDigest: string | null = null;
  const tag = digestIp ? 'v2' : 'v1';
  let lastFields: readonly string[] = [];
  let set = { sorted: [] as string[], json: '[]' };
  return records.map((r, i) => {
    if (!last || !sameRequest(last, r)) {
      ipDigest = digestIp ? digestIp(r.clientIp) : null;
      before = inner([
        r.requestId,
        r.at.getTime(),
        r.accessorId,
        r.accessorKind,
        r.accessorRole,
        r.accessorName,
        ipDigest ?? r.clientIp,
      ]);
      after = inner([r.action, r.purpose, r.legalBasis]);
      op = JSON.stringify(r.operationName);
    }
    last = r;
    if (!sameList(r.fields, lastFields)) {
      const sorted = [...r.fields].sort();
      set = { sorted, json: JSON.stringify(sorted) };
      lastFields = r.fields;
    }
    const deniedKeys = Object.keys(r.denied);
    const denied = deniedKeys.length === 0 ? '[]' : JSON.stringify(deniedKeys.sort().map((k) => [k, r.denied[k]]));
    const member = r.memberId === null ? 'null' : JSON.stringify(r.memberId);
    const hash = sha256(`["${tag}","${prev}",${before},${member},${after},${set.json},${denied},${op}]`);
    const chained: ChainedRecord = {
      requestId: r.requestId,
      at: r.at,
      accessorId: r.accessorId,
      accessorKind: r.accessorKind,
      accessorRole: r.accessorRole,
      accessorName: r.accessorName,
      clientIp: r.clientIp,
      ipDigest,
      memberId: r.memberId,
      action: r.action,
      purpose: r.purpose,
      legalBasis: r.legalBasis,
      fields: set.sorted,
      denied: r.denied,
      operationName: r.operationName,
      seq: head.seq + 1 + i,
      prevHash: prev,
      hash,
    };
    prev = hash;
    return chained;
  });
}
