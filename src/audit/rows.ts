import type { AccessAction } from './access-log.entity';
import type { ChainedRecord } from './chain';
import { jsonList } from '../db/json-list';

/** A raw `access_log` row as SQLite or PostgreSQL hands it back. */
export type AccessLogRow = Record<string, unknown> & { seq: number };

const asDate = (v: unknown): Date =>
  v instanceof Date ? v : new Date(typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : (v as string | number));
const asObject = (v: unknown): Record<string, string> =>
  typeof v === 'string' ? (JSON.parse(v) as Record<string, string>) : ((v ?? {}) as Record<string, string>);

export function fromRow(row: AccessLogRow): ChainedRecord & { seq: number } {
  return {
    seq: Number(row.seq),
    requestId: row.request_id as string,
    at: asDate(row.at),
    accessorId: row.accessor_id as string,
    accessorKind: row.accessor_kind as string,
    accessorRole: (row.accessor_role as string | null) ?? null,
    accessorName: row.accessor_name as string,
    clientIp: row.client_ip as string,
    ipDigest: (row.ip_digest as string | null) ?? null,
    memberId: (row.member_id as string | null) ?? null,
    action: row.action as AccessAction,
    purpose: (row.purpose as string | null) ?? null,
    legalBasis: (row.legal_basis as string | null) ?? null,
    fields: jsonList(row.fields),
    denied: asObject(row.denied),
    operationName: (row.operation_name as string | null) ?? null,
    prevHash: row.prev_hash as string,
    hash: row.hash as string,
  };
}
