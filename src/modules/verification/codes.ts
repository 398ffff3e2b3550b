import { createHmac, randomInt, randomUUID } from 'node:crypto';
import type { Knex } from '@mikro-orm/knex';
import type { CodePurpose } from './verification-code.entity';

export const CODE_TTL_MS = 15 * 60 * 1000;

/** Keyed so that a stolen database does not let anyone test 10^6 codes offline. */
const codeHash = (key: Buffer, purpose: CodePurpose, contact: string, code: string): string =>
  createHmac('sha256', key).update(`${purpose}\n${contact}\n${code}`).digest('hex');

/** Creates a 6-digit code for a contact; returns it so the caller can send it. Only its hash is stored. */
export async function issueCode(
  trx: Knex.Transaction,
  key: Buffer,
  purpose: CodePurpose,
  contact: string,
  guardianId: string | null,
  now: Date,
): Promise<string> {
  // Earlier unused codes for the same purpose and contact stop working: only the newest one counts.
  await trx('verification_code').where({ purpose, contact }).whereNull('used_at').update({ used_at: now });
  for (;;) {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const hash = codeHash(key, purpose, contact, code);
    const clash = await trx('verification_code').first('id').where({ code_hash: hash });
    if (clash) continue;
    await trx('verification_code').insert({
      id: randomUUID(),
      purpose,
      contact,
      code_hash: hash,
      guardian_id: guardianId,
      created_at: now,
      expires_at: new Date(now.getTime() + CODE_TTL_MS),
      used_at: null,
    });
    return code;
  }
}

/** Marks a valid code used and returns its guardian id; null if unknown, expired or already used. */
export async function consumeCode(
  trx: Knex.Transaction,
  key: Buffer,
  purpose: CodePurpose,
  contact: string,
  code: string,
  now: Date,
): Promise<{ guardianId: string | null } | null> {
  const row = await trx('verification_code')
    .first('id', 'guardian_id as guardianId', 'expires_at as expiresAt', 'used_at as usedAt')
    .where({ code_hash: codeHash(key, purpose, contact, code) });
  if (!row || row.usedAt !== null || new Date(row.expiresAt).getTime() <= now.getTime()) return null;
  const updated = await trx('verification_code').where({ id: row.id }).whereNull('used_at').update({ used_at: now });
  return updated === 1 ? { guardianId: row.guardianId } : null;
}

/** Deletes every code sent to these guardians (their data is destroyed with the child's). */
export async function deleteGuardianCodes(trx: Knex.Transaction, guardianIds: readonly string[]): Promise<void> {
  if (guardianIds.length > 0) await trx('verification_code').whereIn('guardian_id', guardianIds).del();
}
