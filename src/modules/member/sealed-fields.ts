import type { Knex } from '@mikro-orm/knex';
import { encryptField, newWrappedDataKey, unwrapDataKey } from '../../crypto/field-cipher';

/** Encrypted PAYMENT fields and their columns. */
export const SEALED_COLUMNS = { bankAccount: 'bank_account_sealed', cardNumber: 'card_number_sealed' } as const;
export type SealedField = keyof typeof SEALED_COLUMNS;

/** Seals a payment value under the member's data key, creating the key on first use. */
export async function sealForMember(
  trx: Knex.Transaction,
  masterKey: Buffer,
  memberId: string,
  field: SealedField,
  value: string,
): Promise<string> {
  const row = await trx('member').first('wrapped_data_key as wrapped').where({ id: memberId });
  let wrapped: string | null = row?.wrapped ?? null;
  if (wrapped === null) {
    wrapped = newWrappedDataKey(masterKey, memberId);
    await trx('member').where({ id: memberId }).update({ wrapped_data_key: wrapped });
  }
  return encryptField(unwrapDataKey(masterKey, wrapped, memberId), memberId, field, value);
}
