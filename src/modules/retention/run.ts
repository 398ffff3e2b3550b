import type { Knex } from '@mikro-orm/knex';
import type { AccessLogWriter } from '../../audit/writer';
import type { Dialect } from '../../db/orm';
import { RETENTION_CATEGORIES, type RetentionCategory } from './categories';
import { deleteMemberRows, handOver } from './handover';
import { awaitingHandover, destroyUnconfirmedChild, unconfirmedChildren } from '../member';
import { logRetriedFailure } from '../../log';
import type { KeyRing } from '../../crypto/keys';
import { ensurePartitions, PARTITION_ROWS } from '../../audit/partitions';
import { purgeAccessLog } from '../../audit/purge';
import { eraseLogAddresses } from '../../audit/erase-addresses';
import { destroyLapsed, type LapseReport } from './lapsed';

export interface RetentionReport {
  handedOver: number;
  destroyed: Record<RetentionCategory, number>;
  accessLogRowsPurged: number;
  codesPurged: number;
  notificationsPurged: number;
  /** Sign-ups under 14 destroyed because their guardian never consented. */
  unconfirmedChildrenDestroyed: number;
  /** Access-log rows and members whose visit-record address was erased. */
  addressesErased: number;
  /** Records past the gateway's own periods (visitor complaints and cookies, messages, notices, the ledger). */
  lapsed: Omit<LapseReport, 'notificationsPurged'>;
}

export interface RetentionSettings {
  readonly accessLogDays: number;
  /** Sign-in and visit records (codes, member and visitor addresses) are kept 3 months (§4). */
  readonly visitLogDays: number;
  /** A child's sign-up without guardian consent is destroyed after this many days (5 unless given). */
  readonly unconfirmedChildDays?: number;
  readonly visitorComplaintMonths?: number;
  readonly visitorCookieMonths?: number;
  readonly notificationMonths?: number;
  readonly codeTextMinutes?: number;
  readonly batchSize?: number;
  /** The fewest rows an access-log partition is made for (PostgreSQL); PARTITION_ROWS unless given. */
  readonly accessLogPartitionRows?: number;
}

const DAY_MS = 86_400_000;

/**
 * Whose access-log rows are visit records (§4, 3 months): members, guardians and visitors using the service. Staff
 * and client rows are access records of personal data, kept with their address for the access-record period.
 */
const VISIT_KINDS = ['MEMBER', 'GUARDIAN', 'ANONYMOUS'];

/**
 * Destroys sign-ups under 14 still waiting for their guardian's consent since before `cutoff` (§13: without it
 * nothing may be kept). No contract was formed, so nothing goes to the retention store.
 */
async function destroyUnconfirmedChildren(knex: Knex, cutoff: Date, now: Date): Promise<number> {
  const ids = await unconfirmedChildren(knex, cutoff);
  for (const id of ids) {
    await knex.transaction(async (trx) => {
      await deleteMemberRows(trx, id);
      await destroyUnconfirmedChild(trx, id, now);
    });
  }
  return ids.length;
}

/** Erases the addresses of visit records older than `cutoff`: access-log rows' and members' sign-up addresses. */
async function eraseVisitAddresses(knex: Knex.Transaction, cutoff: Date): Promise<number> {
  const rows = await eraseLogAddresses(knex, VISIT_KINDS, cutoff);
  const members = await knex('member')
    .whereNotNull('signup_ip')
    .where('created_at', '<', cutoff)
    .update({ signup_ip: null });
  return rows + members;
}

/**
 * One retention run (§4, §5): finish every pending handover, destroy every expired retained record (its data key
 * goes with its row, so the sealed payload is unrecoverable), purge access-log rows past their own retention
 * (anchoring the chain so what remains still verifies), and clear old codes and notifications. Works in batches,
 * so memory stays flat whatever the backlog.
 */
export async function runRetention(
  deps: {
    knex: Knex;
    keys: Pick<KeyRing, 'masterKey' | 'signingKey' | 'publicJwk'>;
    accessLog: AccessLogWriter;
    dialect: Dialect;
  },
  now: Date,
  settings: RetentionSettings,
): Promise<RetentionReport> {
  const { knex } = deps;
  const batch = settings.batchSize ?? 2000;
  const report: RetentionReport = {
    handedOver: 0,
    destroyed: Object.fromEntries(RETENTION_CATEGORIES.map((c) => [c, 0])) as Record<RetentionCategory, number>,
    accessLogRowsPurged: 0,
    codesPurged: 0,
    notificationsPurged: 0,
    addressesErased: 0,
    unconfirmedChildrenDestroyed: 0,
    lapsed: {
      visitorComplaintsDestroyed: 0,
      visitorCookiesDestroyed: 0,
      codeTextsRemoved: 0,
      correctionNoticesPurged: 0,
      provisionsPurged: 0,
    },
  };

  const childCutoff = new Date(now.getTime() - (settings.unconfirmedChildDays ?? 5) * DAY_MS);
  report.unconfirmedChildrenDestroyed = await destroyUnconfirmedChildren(knex, childCutoff, now);

  const pending = await awaitingHandover(knex);
  for (const id of pending) {
    // One member's failing handover must not hold back the destruction of everyone else's expired records.
    const done = await handOver(knex, deps.keys.masterKey, id, now).catch((err: unknown) => {
      logRetriedFailure('handover failed', { memberId: id }, err);
      return [];
    });
    if (done.length > 0) report.handedOver++;
  }

  for (;;) {
    const expired: { id: string; category: RetentionCategory }[] = await knex('retention.retained_record')
      .select('id', 'category')
      .where('expires_at', '<=', now)
      .orderBy('expires_at')
      .limit(batch);
    if (expired.length === 0) break;
    await knex('retention.retained_record')
      .whereIn(
        'id',
        expired.map((e) => e.id),
      )
      .del();
    for (const e of expired) report.destroyed[e.category]++;
  }

  const logCutoff = new Date(now.getTime() - settings.accessLogDays * DAY_MS);
  await ensurePartitions(knex, deps.dialect, now, settings.accessLogPartitionRows ?? PARTITION_ROWS);
  report.accessLogRowsPurged = await purgeAccessLog(deps.accessLog, deps.dialect, deps.keys, logCutoff, now);

  const visitCutoff = new Date(now.getTime() - settings.visitLogDays * DAY_MS);
  report.codesPurged = await knex('verification_code').where('expires_at', '<', visitCutoff).del();
  const { notificationsPurged, ...lapsed } = await destroyLapsed(
    knex,
    {
      visitorComplaintMonths: settings.visitorComplaintMonths ?? 36,
      visitorCookieMonths: settings.visitorCookieMonths ?? 12,
      notificationMonths: settings.notificationMonths ?? 3,
      codeTextMinutes: settings.codeTextMinutes ?? 60,
      accessLogDays: settings.accessLogDays,
    },
    now,
  );
  report.notificationsPurged = notificationsPurged;
  report.lapsed = lapsed;
  report.addressesErased = await deps.accessLog.inTransaction(async (trx) => ({
    result: await eraseVisitAddresses(trx, visitCutoff),
    records: [],
  }));

  // Deleted pages still sit in the write-ahead log until a checkpoint writes them back (zeroed by secure_delete).
  if (deps.dialect === 'sqlite') {
    await knex.raw('PRAGMA main.wal_checkpoint(TRUNCATE)');
    await knex.raw('PRAGMA retention.wal_checkpoint(TRUNCATE)');
  }
  return report;
}
