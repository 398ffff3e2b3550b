import type { Knex } from '@mikro-orm/knex';

/** Deletes the member's provision records (her data is destroyed). */
export async function eraseProvisionsOf(trx: Knex.Transaction, memberId: string): Promise<void> {
  await trx('provision').where({ member_id: memberId }).del();
}

/** Deletes the correction notices about the member, delivered or not (her data is destroyed). */
export async function eraseCorrectionNoticesOf(trx: Knex.Transaction, memberId: string): Promise<void> {
  await trx('correction_notice').where({ member_id: memberId }).del();
}
