import type { Knex } from '@mikro-orm/knex';

/** The `complaint` table as other modules may use it: they call these, never the table. */

/** What the retention store keeps of a complaint (§5). */
export interface RetainedComplaint {
  subject: string;
  body: string;
  status: string;
  answer: string | null;
  created_at: unknown;
  answered_at: unknown;
  closed_at: unknown;
}

export async function complaintsOf(db: Knex, memberId: string): Promise<RetainedComplaint[]> {
  return db('complaint')
    .select('subject', 'body', 'status', 'answer', 'created_at', 'answered_at', 'closed_at')
    .where({ member_id: memberId });
}

/** Deletes every complaint of the member (her data is destroyed; the retention store keeps what the law needs). */
export async function eraseComplaintsOf(trx: Knex.Transaction, memberId: string): Promise<void> {
  await trx('complaint').where({ member_id: memberId }).del();
}
