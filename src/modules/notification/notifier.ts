import type { Knex } from '@mikro-orm/knex';
import { randomUUID } from 'node:crypto';
import { log, logRetriedFailure } from '../../log';
import type { Channel } from './notification.entity';

export interface OutgoingNotification {
  readonly channel: Channel;
  readonly recipient: string;
  readonly subject: string;
  readonly body: string;
  /** The body holds a one-time code in plain text (removed by retention after NOTIFICATION_CODE_MINUTES). */
  readonly carriesCode?: boolean;
}

/** Where notifications really go: an email or SMS provider in production, the console in development. */
export interface NotificationAdapter {
  deliver(n: OutgoingNotification): Promise<void>;
}

export const adapters: Record<string, NotificationAdapter> = {
  /** The development mailer: prints each message, code included, to the log. Never in production. */
  log: { deliver: async (n) => void log.info({ ...n }, 'development mailer') },
  /** Keeps messages in the outbox table only (tests read them there). */
  outbox: { deliver: async () => undefined },
};

export interface Notifier {
  /** Adds to the outbox inside the caller's transaction: the message exists exactly if the change committed. */
  enqueue(trx: Knex.Transaction, n: OutgoingNotification, now: Date): Promise<void>;
  /** Delivers what is pending; called after commits and on a timer. */
  flush(now: Date, signal?: AbortSignal): Promise<void>;
}

export function notifier(knex: Knex, adapter: NotificationAdapter): Notifier {
  let running: Promise<void> | null = null;
  async function deliverPending(now: Date, signal?: AbortSignal): Promise<void> {
    const pending = await knex('notification')
      .select('id', 'channel', 'recipient', 'subject', 'body')
      .whereNull('sent_at')
      .orderBy('created_at')
      .limit(100);
    for (const n of pending) {
      // A run being stopped or given up sends nothing more: another replica may run it next.
      if (signal?.aborted) break;
      try {
        await adapter.deliver(n);
        await knex('notification').where({ id: n.id }).update({ sent_at: now });
      } catch (err) {
        logRetriedFailure('notification delivery failed', { notificationId: n.id }, err);
      }
    }
  }
  return {
    async enqueue(trx, n, now) {
      const { carriesCode = false, ...message } = n;
      await trx('notification').insert({
        id: randomUUID(),
        ...message,
        carries_code: carriesCode,
        created_at: now,
        sent_at: null,
      });
    },
    flush(now, signal) {
      running ??= deliverPending(now, signal).finally(() => {
        running = null;
      });
      return running;
    },
  };
}
