import type { Knex } from '@mikro-orm/knex';

/** The `usage_notice` table as other modules may use it: they call these, never the table. */

/** Deletes the record of the member's yearly usage notices (her data is destroyed). */
export async function eraseUsageNoticesOf(trx: Knex.Transaction, memberId: string): Promise<void> {
  await trx('usage_notice').where({ member_id: memberId }).del();
}
