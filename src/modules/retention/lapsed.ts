import type { Knex } from '@mikro-orm/knex';
import { addPeriod, type Period } from './period';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** The gateway's own periods for records that are not a member's (§4), each a setting. */
export interface LapsePeriods {
  readonly visitorComplaintMonths: number;
  readonly visitorCookieMonths: number;
  readonly notificationMonths: number;
  readonly codeTextMinutes: number;
  /** The provision ledger is an access record: kept as long as the access log's rows. */
  readonly accessLogDays: number;
}

export interface LapseReport {
  visitorComplaintsDestroyed: number;
  visitorCookiesDestroyed: number;
  notificationsPurged: number;
  codeTextsRemoved: number;
  correctionNoticesPurged: number;
  provisionsPurged: number;
}

/** What a removed code text reads as; the rest of the message is kept with it. */
export const CODE_REMOVED = '[a one-time code was sent here; its text was removed]';

const at = (v: unknown): Date | null => (v == null ? null : new Date(v as string | number | Date));

/**
 * Ids of `table` rows whose calendar period, run from the latest of `starts`, has ended by `now`. A period of n
 * months is at least n × 28 days, so only rows started before that bound are read.
 */
async function lapsed(
  knex: Knex,
  table: string,
  key: string,
  starts: readonly string[],
  period: Period,
  now: Date,
  where: (q: Knex.QueryBuilder) => void,
): Promise<unknown[]> {
  const bound = new Date(now.getTime() - ((period.years ?? 0) * 12 + (period.months ?? 0)) * 28 * DAY_MS);
  const q = knex(table)
    .select(key, ...starts)
    .where(starts[0]!, '<=', bound);
  where(q);
  const rows = (await q) as Record<string, unknown>[];
  return rows
    .filter((r) => {
      const times = starts.map((s) => at(r[s])).filter((d): d is Date => d !== null);
      const latest = new Date(Math.max(...times.map((d) => d.getTime())));
      return addPeriod(latest, period) <= now;
    })
    .map((r) => r[key]);
}

async function deleteIn(knex: Knex, table: string, key: string, ids: unknown[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < ids.length; i += 500) {
    n += await knex(table)
      .whereIn(key, ids.slice(i, i + 500) as string[])
      .del();
  }
  return n;
}

/**
 * Destroys records whose own period ended (§4, §5): complaints of visitors (with the contact given), visitors' cookie
 * choices, messages and correction notices once sent (undelivered ones from when they were queued), the plain text of
 * one-time codes in messages, and provision-ledger rows past the access-record period. Calendar periods run from the
 * record's last step.
 */
export async function destroyLapsed(knex: Knex, p: LapsePeriods, now: Date): Promise<LapseReport> {
  const complaints = await lapsed(
    knex,
    'complaint',
    'id',
    ['created_at', 'answered_at', 'closed_at'],
    { months: p.visitorComplaintMonths },
    now,
    (q) => void q.whereNull('member_id'),
  );
  const cookies = await lapsed(
    knex,
    'cookie_preference',
    'id',
    ['updated_at'],
    { months: p.visitorCookieMonths },
    now,
    (q) => void q.whereNull('member_id'),
  );
  const sent = await lapsed(
    knex,
    'notification',
    'id',
    ['created_at', 'sent_at'],
    { months: p.notificationMonths },
    now,
    () => undefined,
  );
  const notices = await lapsed(
    knex,
    'correction_notice',
    'seq',
    ['created_at', 'delivered_at'],
    { months: p.notificationMonths },
    now,
    () => undefined,
  );
  return {
    visitorComplaintsDestroyed: await deleteIn(knex, 'complaint', 'id', complaints),
    visitorCookiesDestroyed: await deleteIn(knex, 'cookie_preference', 'id', cookies),
    notificationsPurged: await deleteIn(knex, 'notification', 'id', sent),
    correctionNoticesPurged: await deleteIn(knex, 'correction_notice', 'seq', notices),
    codeTextsRemoved: await knex('notification')
      .where({ carries_code: true })
      .where('created_at', '<=', new Date(now.getTime() - p.codeTextMinutes * MINUTE_MS))
      .update({ body: CODE_REMOVED, carries_code: false }),
    provisionsPurged: await knex('provision')
      .where('at', '<', new Date(now.getTime() - p.accessLogDays * DAY_MS))
      .del(),
  };
}
