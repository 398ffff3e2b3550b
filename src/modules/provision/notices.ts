import { randomUUID } from 'node:crypto';
import type { Knex } from '@mikro-orm/knex';
import { jsonList } from '../../db/json-list';
import { withDerived } from '../../policy/derived-fields';

/**
 * Inside the transaction that completes a correction (or deletes an optional item, `change` DELETED): one notice for
 * every recipient that received the old value of that field, or a value derived from it, so the change reaches them
 * "without delay" (§13).
 */
export async function queueCorrectionNotices(
  trx: Knex.Transaction,
  memberId: string,
  field: string,
  correctionId: string,
  now: Date,
  change: 'CORRECTED' | 'DELETED' = 'CORRECTED',
): Promise<number> {
  const rows: { recipient_id: string; fields: unknown }[] = await trx('provision')
    .select('recipient_id', 'fields')
    .where({ member_id: memberId });
  const affected = withDerived([field]);
  const received = [
    ...new Set(rows.filter((r) => jsonList(r.fields).some((f) => affected.has(f))).map((r) => r.recipient_id)),
  ];
  if (received.length === 0) return 0;
  await trx('correction_notice').insert(
    received.map((recipientId) => ({
      notice_id: randomUUID(),
      recipient_id: recipientId,
      member_id: memberId,
      field,
      correction_id: correctionId,
      change,
      created_at: now,
      attempts: 0,
      next_attempt_at: now,
      delivered_at: null,
      last_error: null,
    })),
  );
  return received.length;
}
