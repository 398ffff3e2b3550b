import type { Knex } from '@mikro-orm/knex';
import { fromRow, type AccessLogRow } from '../../audit/rows';
import type { AccessAction } from '../../audit/access-log.entity';
import type { AccessLogEntry, AccessReview, AccessorReview } from './access-log.type';
import { toLogEntry } from './log-entry';

const HOUR_MS = 3_600_000;
/** Rows through which personal data left: what "reads" counts (CHANGE, INPUT, DELETE and refused reads do not). */
const READS: ReadonlySet<AccessAction> = new Set(['VIEW', 'PROVIDE', 'DOWNLOAD']);

/**
 * One accessor's reads within the hour before the newest request time seen, kept in time order: a member counts
 * once however often it was read, and every member counted lies within 60 minutes of the others, so the peak never
 * overstates. Rows reach the log a little out of time order (`at` is when a request began; it is written when the
 * request ends, after any wait for the database): a late row is put in its place, and one whose hour has already
 * passed is left out, so the peak may understate by reads logged that late.
 */
class HourWindow {
  private readonly reads: { at: number; memberId: string }[] = [];
  private head = 0;
  private newest = -Infinity;
  private readonly counts = new Map<string, number>();
  peak = 0;

  add(at: number, memberId: string): void {
    this.newest = Math.max(this.newest, at);
    const edge = this.newest - HOUR_MS;
    if (at <= edge) return;
    let i = this.reads.length;
    while (i > this.head && this.reads[i - 1]!.at > at) i--;
    this.reads.splice(i, 0, { at, memberId });
    this.counts.set(memberId, (this.counts.get(memberId) ?? 0) + 1);
    while (this.reads[this.head]!.at <= edge) {
      const gone = this.reads[this.head++]!.memberId;
      const n = this.counts.get(gone)! - 1;
      if (n === 0) this.counts.delete(gone);
      else this.counts.set(gone, n);
    }
    if (this.head > 1024 && this.head * 2 > this.reads.length) {
      this.reads.splice(0, this.head);
      this.head = 0;
    }
    this.peak = Math.max(this.peak, this.counts.size);
  }
}

interface Tally {
  review: AccessorReview;
  members: Set<string>;
  window: HourWindow;
}

/** Summarises one month of the log per accessor, reading it in batches in log order, and lists every download. */
export async function reviewMonth(
  knex: Knex,
  month: string,
  hourlyThreshold: number,
  batchSize = 5000,
): Promise<AccessReview> {
  const start = new Date(`${month}-01T00:00:00Z`);
  const end = new Date(start);
  end.setUTCMonth(end.getUTCMonth() + 1);
  const tallies = new Map<string, Tally>();
  const downloads: AccessLogEntry[] = [];
  const adminChanges: AccessLogEntry[] = [];
  let lastSeq = 0;
  for (;;) {
    const batch = (
      (await knex('access_log')
        .select('*')
        .where('at', '>=', start)
        .where('at', '<', end)
        .where('seq', '>', lastSeq)
        .orderBy('seq')
        .limit(batchSize)) as AccessLogRow[]
    ).map(fromRow);
    for (const r of batch) {
      const key = `${r.accessorKind}:${r.accessorId}`;
      let t = tallies.get(key);
      if (!t) {
        t = {
          review: {
            accessorId: r.accessorId,
            accessorKind: r.accessorKind,
            accessorName: r.accessorName,
            accessorRole: r.accessorRole,
            rows: 0,
            distinctMembers: 0,
            peakMembersPerHour: 0,
            downloads: 0,
            adminChanges: 0,
            flags: [],
          },
          members: new Set(),
          window: new HourWindow(),
        };
        tallies.set(key, t);
      }
      t.review.rows++;
      if (r.action === 'DOWNLOAD') {
        t.review.downloads++;
        downloads.push(toLogEntry(r));
      }
      if (r.action === 'ADMIN') {
        t.review.adminChanges++;
        adminChanges.push(toLogEntry(r));
      }
      if (r.memberId && READS.has(r.action) && r.fields.length > 0) {
        t.members.add(r.memberId);
        t.window.add(r.at.getTime(), r.memberId);
      }
      lastSeq = r.seq;
    }
    if (batch.length < batchSize) break;
  }
  const accessors = [...tallies.values()].map(({ review, members, window }) => {
    const flags = [
      ...(window.peak > hourlyThreshold ? ['UNUSUAL_VOLUME'] : []),
      ...(review.downloads > 0 ? ['DOWNLOAD'] : []),
      ...(review.adminChanges > 0 ? ['ADMIN'] : []),
    ];
    return { ...review, distinctMembers: members.size, peakMembersPerHour: window.peak, flags };
  });
  accessors.sort(
    (a, b) => b.flags.length - a.flags.length || b.rows - a.rows || a.accessorId.localeCompare(b.accessorId),
  );
  return { month, hourlyThreshold, accessors, downloads, adminChanges };
}
