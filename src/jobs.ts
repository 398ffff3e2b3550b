import { dialectOf } from './db/orm';
import { log, logRetriedFailure } from './log';
import { deliverCorrectionNotices } from './modules/provision/webhooks';
import { runRetention, type RetentionReport } from './modules/retention/run';
import { logLawfulRequestExpiries } from './modules/lawful-request/expiry';
import { sweepExpiredLimits } from './limits/postgres-limiters';
import { jobClaims } from './scheduling/claim';
import type { Services } from './services';

export const retentionOnce = (services: Services): Promise<RetentionReport> =>
  runRetention(
    { knex: services.knex, keys: services.keys, accessLog: services.accessLog, dialect: dialectOf(services.config) },
    services.clock.now(),
    services.config.retention,
  );

/** The names jobs are claimed under (`job_run.name`); `npm run retention` claims the gateway's own. */
export const JOB = {
  deliveries: 'deliveries',
  memberIndex: 'access-log member index',
  retention: 'retention',
} as const;

/**
 * The gateway's own timers: the access log's member index every second, deliveries every few seconds, retention
 * every hour (by default). On PostgreSQL each job runs on one replica at a time and once per interval across all
 * (`src/scheduling/claim.ts`), and every replica also tries once at start, so a job left due by a replica that
 * stopped runs at once. Returns the stop function.
 */
export function startJobs(services: Services): () => void {
  const claims = jobClaims(services.knex, dialectOf(services.config));
  const postgres = dialectOf(services.config) === 'postgresql';
  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, name: string, job: () => Promise<unknown>) => {
    if (!(ms > 0)) return; // 0 turns a job off; so does a setting that is not a number
    let running = false;
    const tick = () => {
      if (running) return;
      running = true;
      // A lock held elsewhere is expected (the member index gives way at once): the next tick tries again.
      claims
        .run(name, ms, job)
        .catch((err: unknown) => logRetriedFailure(`${name} failed`, { job: name }, err))
        .finally(() => {
          running = false;
        });
    };
    timers.push(setInterval(tick, ms).unref());
    if (postgres) timers.push(setTimeout(tick, 0).unref());
  };
  every(services.config.jobsIntervalSeconds * 1000, JOB.deliveries, async () => {
    const now = services.clock.now();
    await services.notifier.flush(now);
    await deliverCorrectionNotices(services.knex, now, { production: services.config.production });
    await logLawfulRequestExpiries(services, now);
  });
  every(services.config.accessLogIndexMs, JOB.memberIndex, () => services.accessLog.indexMembers());
  every(services.config.retention.intervalMinutes * 60_000, JOB.retention, async () => {
    const report = await retentionOnce(services);
    const limitKeysSwept = postgres ? await sweepExpiredLimits(services.knex, services.clock.now()) : 0;
    log.info({ ...report, limitKeysSwept }, 'retention run');
  });
  return () => timers.forEach(clearInterval);
}
