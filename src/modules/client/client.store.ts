import type { Knex } from '@mikro-orm/knex';
import { badInput as bad, gatewayError } from '../../errors';
import { jsonList } from '../../db/json-list';
import { PERSONAL_FIELDS, isPersonalField, memberFieldCategory } from '../../policy/categories';
import { purposesFor, type Purpose } from '../../policy/purposes';
import { purposeTable } from '../../policy/table';
import type { ClientKind } from './api-client.entity';
import type { ApiClientInfo } from './client.type';
import { isoTime } from '../../db/iso-time';

export const CLIENT_ID = /^[a-z0-9][a-z0-9._-]{2,63}$/;

export function checkClientId(value: string): string {
  if (!CLIENT_ID.test(value))
    throw bad('clientId', 'clientId must be 3-64 characters: lower-case letters, digits, ".", "_" or "-".');
  return value;
}

/** The purposes a client of this kind may be granted; anything else would never be honoured, so it is refused. */
export function checkPurposes(kind: ClientKind, purposes: readonly string[]): Purpose[] {
  const possible = purposesFor({ kind, role: null }, purposes);
  const wrong = purposes.find((p) => !(possible as string[]).includes(p));
  if (wrong !== undefined || purposes.length === 0) {
    const allowed = purposesFor({ kind, role: null }, Object.keys(purposeTable));
    throw bad(
      'purposes',
      `purposes must name 1 or more of ${allowed.join(', ')} for a ${kind}${wrong === undefined ? '' : `; ${JSON.stringify(wrong)} is not one`}.`,
    );
  }
  return [...new Set(possible)];
}

/**
 * Every field must be a personal field that one of the client's purposes can read: a typo never becomes a silent deny.
 */
export function checkFields(fields: readonly string[], purposes: readonly Purpose[]): string[] {
  for (const f of fields) {
    if (!isPersonalField(f))
      throw bad(
        'fields',
        `${JSON.stringify(f)} is not a personal field; the personal fields are ${PERSONAL_FIELDS.join(', ')}.`,
      );
    const readable = purposes.some((p) => {
      const rule = purposeTable[p];
      return rule.categories.includes(memberFieldCategory[f]) && (!rule.onlyFields || rule.onlyFields.includes(f));
    });
    if (!readable) throw bad('fields', `${f} cannot be read under ${purposes.join(', ')}.`);
  }
  if (fields.length === 0) throw bad('fields', 'fields must name at least one personal field.');
  return [...new Set(fields)];
}

const columns = [
  'id',
  'client_id',
  'kind',
  'name',
  'contact',
  'task',
  'allowed_purposes',
  'entrusted_fields',
  'purpose_of_use',
  'retention_period',
  'active',
  'webhook_url',
  'previous_secret_until',
];

export const toClientInfo = (r: Record<string, unknown>): ApiClientInfo => ({
  clientId: r.client_id as string,
  kind: r.kind as string,
  name: r.name as string,
  contact: (r.contact as string | null) ?? null,
  task: (r.task as string | null) ?? null,
  purposes: jsonList(r.allowed_purposes),
  fields: jsonList(r.entrusted_fields),
  purposeOfUse: (r.purpose_of_use as string | null) ?? null,
  retentionPeriod: (r.retention_period as string | null) ?? null,
  active: Boolean(r.active),
  webhookUrl: (r.webhook_url as string | null) ?? null,
  previousSecretValidUntil: isoTime(r.previous_secret_until),
});

export async function clientRow(knex: Knex, clientId: string): Promise<Record<string, unknown> & { id: string }> {
  const row = CLIENT_ID.test(clientId)
    ? await knex('api_client').first(columns).where({ client_id: clientId })
    : undefined;
  if (!row) throw gatewayError('NOT_FOUND', 'No client with that clientId.', { field: 'clientId' });
  return row;
}

export const clientInfo = async (knex: Knex, clientId: string): Promise<ApiClientInfo> =>
  toClientInfo(await clientRow(knex, clientId));

export const listClients = async (knex: Knex): Promise<ApiClientInfo[]> =>
  (await knex('api_client').select(columns).orderBy('client_id')).map(toClientInfo);
