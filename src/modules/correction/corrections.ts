import type { Knex } from '@mikro-orm/knex';

/** The `correction_request` table as other modules may use it: they call these, never the table. */

/** Every field held for an open correction, by member. */
export async function openCorrections(db: Knex): Promise<Map<string, string[]>> {
  const rows: { memberId: string; field: string }[] = await db('correction_request')
    .select('member_id as memberId', 'field')
    .where({ status: 'OPEN' });
  const fields = new Map<string, string[]>();
  for (const r of rows) fields.set(r.memberId, [...(fields.get(r.memberId) ?? []), r.field]);
  return fields;
}

/** Deletes every correction request of the member (her data is destroyed). */
export async function eraseCorrectionsOf(trx: Knex.Transaction, memberId: string): Promise<void> {
  await trx('correction_request').where({ member_id: memberId }).del();
}
