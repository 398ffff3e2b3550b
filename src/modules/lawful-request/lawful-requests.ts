import type { Knex } from '@mikro-orm/knex';
import { jsonList } from '../../db/json-list';

/** The `lawful_request` table as other modules may use it: they call these, never the table. */

/** An approved lawful request as a request runs under it: what it names and when it is valid. */
export interface ApprovedLawfulRequest {
  id: string;
  legalBasis: string;
  memberIds: string[];
  fields: string[];
  validFrom: Date;
  validUntil: Date;
}

/** The approved lawful request `id` names, or null (also for an id that is not a UUID). */
export async function approvedLawfulRequest(db: Knex, id: string): Promise<ApprovedLawfulRequest | null> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return null;
  const row = await db('lawful_request')
    .first('id', 'legal_basis', 'member_ids', 'fields', 'valid_from', 'valid_until')
    .where({ id })
    .whereNotNull('approved_at');
  if (!row) return null;
  return {
    id: row.id,
    legalBasis: row.legal_basis,
    memberIds: jsonList(row.member_ids),
    fields: jsonList(row.fields),
    validFrom: new Date(row.valid_from),
    validUntil: new Date(row.valid_until),
  };
}
