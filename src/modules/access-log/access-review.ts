import type { Knex } from '@mikro-orm/knex';
import { fromRow, type AccessLogRow } from '../../audit/rows';
import type { AccessReview, AccessorReview } from './access-log.type';

interface Tally {
  review: AccessorReview;
  members: Set<string>;
  perHour: Map<number, Set<string>>;
}

/** Summarises one month of the log per accessor, reading it in batches. */
export async function reviewMonth(knex: Knex, month: string, hourlyThreshold: number, batchSize = 5000): Promise<AccessReview> {
  const start = new Date(`${month}-01T00:00:00Z`);
  const end = new Date(start);
  end.setUTCMonth(end.getUTCMonth() + 1);
  const tallies = new Map<string, Tally>();
  let lastSeq = 0;
  for (;;) {
    const batch = ((await knex('access_log').select('*').where('at', '>=', start).where('at', '<', end)
      .where('seq', '>', lastSeq).orderBy('seq').limit(batchSize)) as AccessLogRow[]).map(fromRow);
    for (const r of batch) {
      const key = `${r.accessorKind}:${r.accessorId}`;
      let t = tallies.get(key);
      if (!t) {
        t = {
          review: { accessorId: r.accessorId, accessorKind: r.accessorKind, accessorName: r.accessorName, accessorRole: r.accessorRole, rows: 0, distinctMembers: 0, peakMembersPerHour: 0, downloads: 0, flags: [] },
          members: new Set(),
          perHour: new Map(),
        };
        tallies.set(key, t);
      }
      t.review.rows++;
      if (r.action === 'DOWNLOAD') t.review.downloads++;
      if (r.memberId) {
        t.members.add(r.memberId);
        const hour = Math.floor(r.at.getTime() / 3_600_000);
        const set = t.perHour.get(hour) ?? new Set<string>();
        set.add(r.memberId);
        t.perHour.set(hour, set);
      }
      lastSeq = r.seq;
    }
    if (batch.length < batchSize) break;
  }
  const accessors = [...tallies.values()].map(({ review, members, perHour }) => {
    const peak = Math.max(0, ...[...perHour.values()].map((s) => s.size));
    const flags = [...(peak > hourlyThreshold ? ['UNUSUAL_VOLUME'] : []), ...(review.downloads > 0 ? ['DOWNLOAD'] : [])];
    return { ...review, distinctMembers: members.size, peakMembersPerHour: peak, flags };
  });
  accessors.sort((a, b) => b.flags.length - a.flags.length || b.rows - a.rows || a.accessorId.localeCompare(b.accessorId));
  return { month, hourlyThreshold, accessors };
}
