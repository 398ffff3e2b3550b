import type { Services } from '../../services';
import { channelOf } from '../notification';
import { isUniqueViolation } from '../../db/refusals';
import { isUnder14, verifiedGuardianContacts } from '../guardian';
import { activeMemberContacts } from '../member';
import { usageNoticeContent, usageNoticeText } from './content';

export interface UsageNoticeRun {
  queued: number;
  /** Already queued for that year by an earlier run. */
  alreadyQueued: number;
  /** Members with no contact to send to (or a child without a verified guardian). */
  unreachable: number;
}

/**
 * Queues every active member's usage notice for `year` through the notifier (PIPA Art. 20-2): to her e-mail (or
 * phone), a child's to her verified guardian. The `usage_notice` row and the message commit together, so a rerun
 * queues nothing twice.
 */
export async function queueUsageNotices(services: Pick<Services, 'knex' | 'notifier' | 'clock'>, year: number) {
  const { knex, notifier } = services;
  const now = services.clock.now();
  const run: UsageNoticeRun = { queued: 0, alreadyQueued: 0, unreachable: 0 };
  const guardians = await verifiedGuardianContacts(knex);
  for (const m of await activeMemberContacts(knex)) {
    const to = isUnder14(m.birthDate, now) ? (guardians.get(m.id) ?? null) : (m.email ?? m.phone);
    if (!to) {
      run.unreachable++;
      continue;
    }
    const content = await usageNoticeContent(knex, m.id, year);
    // A concurrent run that inserted the same (member, year) first makes this one's insert a unique violation.
    const queued = await knex
      .transaction(async (trx) => {
        const done = await trx('usage_notice').first('year').where({ member_id: m.id, year });
        if (done) return false;
        await trx('usage_notice').insert({ member_id: m.id, year, queued_at: now });
        await notifier.enqueue(
          trx,
          {
            channel: channelOf(to),
            recipient: to,
            subject: `How your bettra data was used in ${year}`,
            body: usageNoticeText(content),
          },
          now,
        );
        return true;
      })
      .catch((err: unknown) => {
        if (isUniqueViolation(err)) return false;
        throw err;
      });
    if (queued) run.queued++;
    else run.alreadyQueued++;
  }
  void notifier.flush(now);
  return run;
}
