import type { Knex } from '@mikro-orm/knex';

/** The `rights_request` table as other modules may use it: they call these, never the table. */

/** Deletes every rights request of the member (her data is destroyed). */
export async function eraseRightsRequestsOf(trx: Knex.Transaction, memberId: string): Promise<void> {
  await trx('rights_request').where({ member_id: memberId }).del();
}
