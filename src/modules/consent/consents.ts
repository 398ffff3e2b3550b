import type { Knex } from '@mikro-orm/knex';

/** The `consent` table as other modules may use it: they call these, never the table. */

/** Every consent of the member still in force ends at `now` (withdrawal of membership). */
export async function withdrawAllConsents(trx: Knex.Transaction, memberId: string, now: Date): Promise<void> {
  await trx('consent').where({ member_id: memberId }).whereNull('withdrawn_at').update({ withdrawn_at: now });
}

/** A consent record as stored; times as the driver returns them. */
export interface ConsentRecord {
  purpose: string;
  recipient: string | null;
  recipient_listing: string | null;
  policy_version: number;
  granted_at: unknown;
  withdrawn_at: unknown;
  method: string;
  given_by: string;
}

/** Every consent record of the member, given and withdrawn, oldest first, as stored (for her export). */
export async function consentRecords(db: Knex, memberId: string): Promise<ConsentRecord[]> {
  return db('consent')
    .select(
      'purpose',
      'recipient',
      'recipient_listing',
      'policy_version',
      'granted_at',
      'withdrawn_at',
      'method',
      'given_by',
    )
    .where({ member_id: memberId })
    .orderBy('granted_at');
}

/** Deletes every consent record of the member (her data is destroyed). */
export async function eraseConsentsOf(trx: Knex.Transaction, memberId: string): Promise<void> {
  await trx('consent').where({ member_id: memberId }).del();
}

/** A consent as it is given; `recipient_listing` is the recipient as the policy listed it (JSON), if any. */
export type NewConsent = Omit<ConsentRecord, 'withdrawn_at' | 'recipient_listing'> & {
  id: string;
  member_id: string;
  recipient_listing?: string | null;
};

export async function insertConsents(trx: Knex.Transaction, consents: readonly NewConsent[]): Promise<void> {
  if (consents.length > 0) await trx('consent').insert(consents);
}

/** Ends the consents to `purposes` the member gave herself; how many ended. */
export async function withdrawSelfGiven(
  trx: Knex.Transaction,
  memberId: string,
  purposes: readonly string[],
  now: Date,
): Promise<number> {
  return trx('consent')
    .where({ member_id: memberId, given_by: 'SELF' })
    .whereIn('purpose', purposes)
    .whereNull('withdrawn_at')
    .update({ withdrawn_at: now });
}
