import type { Knex } from '@mikro-orm/knex';
import { ageOn } from '../../clock';
import type { RecordProcessing } from '../../audit/in-transaction';
import { awaitGuardian, memberStanding } from '../member';
// Not the consent index: the member loader loads this file early, and that index pulls in resolvers that need it.
import { withdrawSelfGiven } from '../consent/consents';

/** Consents only a verified legal representative gives for a member under 14 (§13; PIPA Art. 22-2). */
export const GUARDIAN_GIVEN = ['MARKETING', 'THIRD_PARTY_PROVISION'] as const;

export const isUnder14 = (birthDate: string | null | undefined, now: Date): boolean =>
  birthDate != null && ageOn(birthDate, now) < 14;

/**
 * After a birth date is set or corrected: a member now under 14 without a verified guardian becomes
 * PENDING_GUARDIAN (unreadable to others, tokens end) until one consents, and optional consents the member gave
 * herself end. Runs inside the change's transaction.
 */
export async function applyAgeCapacity(
  trx: Knex.Transaction,
  record: RecordProcessing,
  memberId: string,
  now: Date,
): Promise<void> {
  const member = await memberStanding(trx, memberId);
  if (!member || !isUnder14(member.birthDate, now)) return;
  const withdrawn = await withdrawSelfGiven(trx, memberId, GUARDIAN_GIVEN, now);
  const verified = await trx('guardian').first('id').where({ child_id: memberId }).whereNotNull('verified_at');
  const pending = !verified && member.status === 'ACTIVE';
  if (pending) await awaitGuardian(trx, memberId);
  if (withdrawn > 0 || pending)
    record(memberId, 'CHANGE', [
      ...(pending ? ['status'] : []),
      ...(withdrawn > 0 ? GUARDIAN_GIVEN.map((p) => `consent:${p}`) : []),
    ]);
}
