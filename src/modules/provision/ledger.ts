import { randomUUID } from 'node:crypto';
import { pathToArray } from 'graphql/jsutils/Path';
import type { GatewayContext } from '../../context';
import type { ResponseRecorder } from '../../audit/plugin';
import { isPersonalField } from '../../policy/categories';
import { fingerprint, fingerprintKeys } from './fingerprint-keys';

/** The members a response's personal values belong to. */
const sourceMembers = (ctx: GatewayContext): string[] => [
  ...new Set(ctx.access.sources.flatMap((s) => (s ? [s.memberId] : []))),
];

/** Recipients whose reads are provisions (§6, §9). */
const isRecipient = (kind: string): boolean => kind === 'PARTNER' || kind === 'CONSIGNEE';

const valueAt = (data: unknown, at: readonly (string | number)[]): unknown => {
  let node = data as Record<string | number, unknown> | null | undefined;
  for (const key of at) node = node?.[key] as typeof node;
  return node;
};

/**
 * The ledger rows for what this response hands a recipient: per member, the fields and a keyed fingerprint of each
 * value as sent (masked values are fingerprinted as masked: that is what left), under the member's own fingerprint
 * key. A member with none (her data already destroyed: a retained record) gets the fields without fingerprints.
 */
function provisionRows(
  ctx: GatewayContext,
  data: unknown,
  keys: ReadonlyMap<string, Buffer>,
): Record<string, unknown>[] {
  const byMember = new Map<string, { fields: Set<string>; fingerprints: Record<string, string> }>();
  ctx.access.sources.forEach((source, i) => {
    if (!source || !(isPersonalField(source.field) || source.field.startsWith('retained:'))) return;
    const value = valueAt(data, pathToArray(ctx.access.paths[i]!));
    if (value === null || value === undefined) return;
    const entry = byMember.get(source.memberId) ?? { fields: new Set<string>(), fingerprints: {} };
    entry.fields.add(source.field);
    const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
    const key = keys.get(source.memberId);
    if (key) entry.fingerprints[source.field] = fingerprint(key, source.memberId, source.field, text);
    byMember.set(source.memberId, entry);
  });
  return [...byMember].map(([memberId, e]) => ({
    id: randomUUID(),
    recipient_id: ctx.principal.id,
    recipient_kind: ctx.principal.kind,
    member_id: memberId,
    fields: JSON.stringify([...e.fields]),
    fingerprints: JSON.stringify(e.fingerprints),
    purpose: ctx.purpose ?? '',
    at: ctx.now,
    request_id: ctx.requestId,
  }));
}

/** Writes the ledger rows of what a partner or consignee received in this response (§6, §9). */
export const recordProvisions: ResponseRecorder = async (ctx, data) => {
  if (!isRecipient(ctx.principal.kind)) return;
  const { knex, keys } = ctx.services;
  const rows = provisionRows(ctx, data, await fingerprintKeys(knex, keys.masterKey, sourceMembers(ctx)));
  if (rows.length > 0) await knex('provision').insert(rows);
};
