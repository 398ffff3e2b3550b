import type { Knex } from '@mikro-orm/knex';

/** The `assignment` table as other modules may use it: they call these, never the table. */

/** Entrusted work that settled or supplied something: what the retention store keeps (§5). */
export interface SettledWork {
  consignee_id: string;
  kind: 'SETTLEMENT' | 'DELIVERY';
  task_reference: string | null;
  created_at: unknown;
}

export async function settledWorkOf(db: Knex, memberId: string): Promise<SettledWork[]> {
  return db('assignment')
    .select('consignee_id', 'kind', 'task_reference', 'created_at')
    .where({ member_id: memberId })
    .whereIn('kind', ['SETTLEMENT', 'DELIVERY']);
}

/** Deletes all work entrusted for the member (her data is destroyed). */
export async function eraseAssignmentsOf(trx: Knex.Transaction, memberId: string): Promise<void> {
  await trx('assignment').where({ member_id: memberId }).del();
}
