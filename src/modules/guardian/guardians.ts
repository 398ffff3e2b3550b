import type { Knex } from '@mikro-orm/knex';
import { deleteGuardianCodes } from '../verification';

/** The `guardian` table as other modules may use it: they call these, never the table. */

/** Deletes the guardian rows of these children and the codes sent to those guardians. */
export async function eraseGuardiansOf(trx: Knex.Transaction, childIds: readonly string[]): Promise<void> {
  const guardianIds: string[] = await trx('guardian').whereIn('child_id', childIds).pluck('id');
  await deleteGuardianCodes(trx, guardianIds);
  await trx('guardian').whereIn('child_id', childIds).del();
}

/** The contact of each child's verified guardian, by child. */
export async function verifiedGuardianContacts(db: Knex): Promise<Map<string, string>> {
  const rows: { childId: string; contact: string }[] = await db('guardian')
    .select('child_id as childId', 'contact')
    .whereNotNull('verified_at');
  return new Map(rows.map((r) => [r.childId, r.contact]));
}

/** Records the guardian a child named at sign-up, unverified until the guardian consents. */
export async function addGuardian(
  trx: Knex.Transaction,
  guardian: { id: string; childId: string; name: string; contact: string },
  now: Date,
): Promise<void> {
  const { id, childId, name, contact } = guardian;
  await trx('guardian').insert({ id, child_id: childId, name, contact, created_at: now });
}

/** Every session of the person behind this guardian row ends: one per child, all sharing its contact. */
export async function endGuardianSessions(db: Knex, id: string): Promise<void> {
  const contact = db('guardian').select('contact').where({ id });
  await db('guardian').whereIn('contact', contact).increment('session_version', 1);
}

/** A verified guardian as a token names her: her id, name, contact and session version, or null. */
export async function verifiedGuardian(
  db: Knex,
  id: string,
): Promise<{ id: string; name: string; contact: string; sv: number } | null> {
  const row = await db('guardian')
    .first('id', 'name', 'contact', 'session_version as sv')
    .where({ id })
    .whereNotNull('verified_at');
  return row ? { ...row, sv: Number(row.sv) } : null;
}

/** The children of the person with this contact whose guardian row is verified, among `childIds` (a subquery). */
export async function verifiedChildrenOf(db: Knex, contact: string, childIds: Knex.QueryBuilder): Promise<string[]> {
  return db('guardian').where({ contact }).whereNotNull('verified_at').whereIn('child_id', childIds).pluck('child_id');
}
