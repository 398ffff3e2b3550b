import { randomUUID } from 'node:crypto';
import type { Knex } from '@mikro-orm/knex';

/** The `cookie_preference` table as other modules may use it: they call these, never the table. */

/** Deletes the member's cookie choice (her data is destroyed). */
export async function eraseCookiePreferenceOf(trx: Knex.Transaction, memberId: string): Promise<void> {
  await trx('cookie_preference').where({ member_id: memberId }).del();
}

/** A new member's first cookie choice. */
export async function insertMemberCookieChoice(
  trx: Knex.Transaction,
  memberId: string,
  personalised: boolean,
  now: Date,
): Promise<void> {
  await trx('cookie_preference').insert({ id: randomUUID(), member_id: memberId, personalised, updated_at: now });
}

/** When the member's current choice allowing personalised cookies was made; null while they are not allowed. */
export async function personalisedSince(db: Knex, memberId: string): Promise<number | null> {
  const row: { personalised: unknown; updated_at: string | number | Date } | undefined = await db('cookie_preference')
    .first('personalised', 'updated_at')
    .where({ member_id: memberId });
  return row?.personalised ? new Date(row.updated_at).getTime() : null;
}
