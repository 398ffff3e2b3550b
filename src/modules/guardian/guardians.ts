import type { Knex } from '@mikro-orm/knex';
import { deleteGuardianCodes } from '../verification';

/** The `guardian` table as other modules may use it: they call these, never the table. */

/** Deletes the guardian rows of these children and the codes sent to those guardians. */
export async function eraseGuardiansOf(trx: Knex.Transaction, childIds: readonly string[]): Promise<void> {
  const guardianIds: string[] = await trx('guardian').whereIn('child_id', childIds).pluck('id');
  await deleteGuardianCodes(trx, guardianIds);
  await trx('guardian').whereIn('child_id', childIds).del();
}
