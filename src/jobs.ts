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
 * How long a run may take before it is given up (its claim released for another replica), and how long one step
 * may take once told to stop: a delivery run sends at most 100 notices of 5 s each, an index batch is one insert,
 * a retention batch one transaction.
 */
const BOUNDS = {
  deliveries: { deadlineMs: 15 * 60_000, stepMs: 6_000 },
  memberIndex: { deadlineMs: 5 * 60_000, stepMs: 3_000 },
  retention: { deadlineMs: 2 * 3_600_000, stepMs: 3_000 },
} as const;

/**
 * The gateway's own timers: the access log's member index every second, deliveries every few seconds, retention
 * every hour (by default). On PostgreSQL each job runs on one replica at a time and once per interval across all
 * (`src/scheduling/claim.ts`), and every replica also tries once at start, so a job left due by a replica that
 * stopped runs at once. Returns the stop function: no run starts after it, a running job is told to stop between
 * its steps, and it resolves when every run has ended or been given up (its claim rolled back), a few seconds at
 * most, so the database can close.
 */
export function startJobs(services: Services): () => Promise<void> {
  const claims = jobClaims(services.knex, dialectOf(services.config));
  const postgres = dialectOf(services.config) === 'postgresql';
  const stopping = new AbortController();
  const timers: NodeJS.Timeout[] = [];
  const runs = new Set<Promise<unknown>>();
  const every = (
    ms: number,
    name: string,
    bounds: { deadlineMs: number; stepMs: number },
    job: (signal: AbortSignal) => Promise<unknown>,
  ) => {
    if (!(ms > 0)) return; // 0 turns a job off; so does a setting that is not a number
    let running = false;
    const tick = () => {
      if (running || stopping.signal.aborted) return;
      running = true;
      // A lock held elsewhere is expected (the member index gives way at once): the next tick tries again.
      const run = claims
        .run(name, ms, job, { ...bounds, stop: stopping.signal })
        .catch((err: unknown) => logRetriedFailure(`${name} failed`, { job: name }, err))
        .finally(() => {
          running = false;
          runs.delete(run);
        });
      runs.add(run);
    };
    timers.push(setInterval(tick, ms).unref());
    if (postgres) timers.push(setTimeout(tick, 0).unref());
  };
  every(services.config.jobsIntervalSeconds * 1000, JOB.deliveries, BOUNDS.deliveries, async (signal) => {
    const now = services.clock.now();
    await services.notifier.flush(now, signal);
    if (signal.aborted) return;
    await deliverCorrectionNotices(services.knex, now, { production: services.config.production, signal });
    if (signal.aborted) return;
    await logLawfulRequestExpiries(services, now);
  });
  every(services.config.accessLogIndexMs, JOB.memberIndex, BOUNDS.memberIndex, () => services.accessLog.indexMembers());
  every(services.config.retention.intervalMinutes * 60_000, JOB.retention, BOUNDS.retention, async () => {
    const report = await retentionOnce(services);
    const limitKeysSwept = postgres ? await sweepExpiredLimits(services.knex, services.clock.now()) : 0;
    log.info({ ...report, limitKeysSwept }, 'retention run');
  });
  return async () => {
    timers.forEach(clearInterval);
    stopping.abort();
    await Promise.all(runs);
  };
}
