import type { Knex } from '@mikro-orm/knex';

/** The `cookie_preference` table as other modules may use it: they call these, never the table. */

/** Deletes the member's cookie choice (her data is destroyed). */
export async function eraseCookiePreferenceOf(trx: Knex.Transaction, memberId: string): Promise<void> {
  await trx('cookie_preference').where({ member_id: memberId }).del();
}
