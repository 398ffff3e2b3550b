import type { Knex } from '@mikro-orm/knex';
import { decryptField, unwrapDataKey } from '../../crypto/field-cipher';
import { memberHistory } from '../../audit/member-rows';
import { isoTime as iso } from '../../db/iso-time';
import {
  MEMBER_COLUMNS,
  MEMBER_TABLES,
  storedMember,
  type ExportAs,
  type MemberColumn,
  type MemberTable,
  type RegistryColumn,
} from '../member';
import { clientNames } from '../client';

const exported = (columns: Readonly<Record<string, RegistryColumn>>) =>
  Object.entries(columns).flatMap(([column, c]) =>
    'key' in c ? [{ column, key: c.key, as: (c as { as?: ExportAs }).as ?? 'value' }] : [],
  );

const parsed = (v: unknown): unknown => (typeof v === 'string' ? (JSON.parse(v) as unknown) : (v ?? null));

/**
 * Every item held about one member, and nothing about anyone else (§7, §13): each exported column of the registry of
 * member data, the member row as `profile` and each member table as its section.
 */
export async function exportMemberData(
  trx: Knex.Transaction,
  masterKey: Buffer,
  id: string,
  now: Date,
): Promise<Record<string, unknown>> {
  const m = await storedMember(trx, id);
  if (!m) throw new Error(`No member ${id} to export.`);
  const dataKey = m.wrapped_data_key ? unwrapDataKey(masterKey, m.wrapped_data_key, id) : null;
  const clients = await clientNames(trx);
  const value = (as: ExportAs, key: string, v: unknown): unknown => {
    switch (as) {
      case 'time':
        return iso(v);
      case 'bool':
        return v == null ? null : Boolean(v);
      case 'json':
        return parsed(v);
      case 'sealed':
        return v && dataKey ? decryptField(dataKey, id, key, v as string) : null;
      case 'clientName':
        return v == null ? null : (clients.get(v as string) ?? null);
      case 'value':
        return v ?? null;
    }
  };
  const shape = (columns: Readonly<Record<string, RegistryColumn>>, row: Record<string, unknown>) =>
    Object.fromEntries(exported(columns).map((c) => [c.key, value(c.as, c.key, row[c.column])]));

  const out: Record<string, unknown> = {
    exportedAt: now.toISOString(),
    profile: shape(MEMBER_COLUMNS as Record<string, MemberColumn>, m),
  };
  // One after another: a transaction is one connection, and PostgreSQL's client takes one query at a time.
  for (const [table, t] of Object.entries(MEMBER_TABLES) as [string, MemberTable][]) {
    if (t.exportedBy) continue;
    const q = trx(table)
      .select(exported(t.columns).map((c) => c.column))
      .where(t.by, id);
    if (t.orderBy) q.orderBy(t.orderBy);
    const rows = ((await q) as Record<string, unknown>[]).map((r) => shape(t.columns, r));
    out[t.section] = t.single ? (rows[0] ?? null) : rows;
  }
  out[MEMBER_TABLES.access_log.section] = (await memberHistory(trx, id)).map((r) => ({
    at: r.at.toISOString(),
    accessorKind: r.accessorKind,
    accessorRole: r.accessorRole,
    accessorName: r.accessorName,
    action: r.action,
    purpose: r.purpose,
    legalBasis: r.legalBasis,
    fields: r.fields,
    denied: r.denied,
  }));
  return out;
}

const holdsEntries = (v: unknown): boolean => (Array.isArray(v) ? v.length > 0 : typeof v === 'object' && v !== null);

/** What an export holds, for its DOWNLOAD row: each profile field, then each other section with something in it. */
export const exportedFields = (data: Record<string, unknown>): string[] => [
  ...Object.keys(data.profile as object),
  ...Object.entries(data)
    .filter(([k, v]) => k !== 'profile' && holdsEntries(v))
    .map(([k]) => k),
];
