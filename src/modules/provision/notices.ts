import { randomUUID } from 'node:crypto';
import type { Knex } from '@mikro-orm/knex';
import { jsonList } from '../../db/json-list';

/**
 * Inside the transaction that completes a correction: one notice for every recipient that received the old value
 * of that field, so the correction reaches them "without delay" (§13).
 */
export async function queueCorrectionNotices(
  trx: Knex.Transaction,
  memberId: string,
  field: string,
  correctionId: string,
  now: Date,
): Promise<number> {
  const rows: { recipient_id: string; fields: unknown }[] = await trx('provision')
    .select('recipient_id', 'fields')
    .where({ member_id: memberId });
  const received = [...new Set(rows.filter((r) => jsonList(r.fields).includes(field)).map((r) => r.recipient_id))];
  if (received.length === 0) return 0;
  await trx('correction_notice').insert(
    received.map((recipientId) => ({
      notice_id: randomUUID(),
      recipient_id: recipientId,
      member_id: memberId,
      field,
      correction_id: correctionId,
      created_at: now,
      attempts: 0,
      next_attempt_at: now,
      delivered_at: null,
      last_error: null,
    })),
  );
  return received.length;
}
