import { createHmac } from 'node:crypto';
import type { Knex } from '@mikro-orm/knex';
import { errorSummary, log } from '../../log';
import { postWebhook } from './webhook-target';

export const MAX_ATTEMPTS = 12;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 3_600_000;

/** The header a recipient checks: HMAC-SHA256 of `${timestamp}.${body}` under its webhook secret. */
export const signature = (secret: string, timestamp: string, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

export const backoff = (attempts: number): number => Math.min(BASE_DELAY_MS * 2 ** (attempts - 1), MAX_DELAY_MS);

/**
 * Pushes due correction notices to recipients with a webhook: at least once, with the notice id as idempotency
 * key, retrying with exponential backoff; the target is checked again at each delivery (webhook-target). The
 * delivery state stays on the notice. Returns how many were delivered.
 */
export async function deliverCorrectionNotices(
  knex: Knex,
  now: Date,
  {
    production = false,
    timeoutMs = 5000,
    signal,
  }: { production?: boolean; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<number> {
  const due = await knex('correction_notice as n')
    .join('api_client as c', 'c.id', 'n.recipient_id')
    .select(
      'n.seq',
      'n.notice_id',
      'n.member_id',
      'n.field',
      'n.change',
      'n.created_at',
      'n.attempts',
      'c.webhook_url',
      'c.webhook_secret',
    )
    .whereNull('n.delivered_at')
    .whereNotNull('c.webhook_url')
    .whereNotNull('n.next_attempt_at')
    .where('n.next_attempt_at', '<=', now)
    .orderBy('n.seq')
    .limit(100);
  let delivered = 0;
  for (const n of due) {
    // A run being stopped or given up sends nothing more: another replica may run it next.
    if (signal?.aborted) break;
    const body = JSON.stringify({
      noticeId: n.notice_id,
      memberId: n.member_id,
      field: n.field,
      change: n.change,
      correctedAt: new Date(n.created_at).toISOString(),
    });
    const timestamp = String(Math.floor(now.getTime() / 1000));
    let error: string | null = null;
    try {
      const status = await postWebhook(
        n.webhook_url,
        {
          'content-type': 'application/json',
          'idempotency-key': n.notice_id,
          'x-gateway-timestamp': timestamp,
          'x-gateway-signature': signature(n.webhook_secret ?? '', timestamp, body),
        },
        body,
        { production, timeoutMs },
      );
      if (status < 200 || status > 299) error = `HTTP ${status}`;
    } catch (err) {
      error = errorSummary(err);
    }
    const attempts = Number(n.attempts) + 1;
    if (error === null) {
      await knex('correction_notice').where({ seq: n.seq }).update({ attempts, delivered_at: now, last_error: null });
      delivered++;
    } else {
      const next = attempts >= MAX_ATTEMPTS ? null : new Date(now.getTime() + backoff(attempts));
      await knex('correction_notice')
        .where({ seq: n.seq })
        .update({ attempts, next_attempt_at: next, last_error: error.slice(0, 300) });
      if (next === null) log.error({ noticeId: n.notice_id, error }, 'correction notice undeliverable');
    }
  }
  return delivered;
}
