import { dialectOf } from './db/orm';
import { log, logRetriedFailure } from './log';
import { deliverCorrectionNotices } from './modules/provision/webhooks';
import { runRetention, type RetentionReport } from './modules/retention/run';
import { logLawfulRequestExpiries } from './modules/lawful-request/expiry';
import type { Services } from './services';

export const retentionOnce = (services: Services): Promise<RetentionReport> =>
  runRetention(
    { knex: services.knex, keys: services.keys, accessLog: services.accessLog, dialect: dialectOf(services.config) },
    services.clock.now(),
    services.config.retention,
  );

/**
 * The gateway's own timers: the access log's member index every second, deliveries every few seconds, retention
 * every hour (by default). Returns the stop function.
 */
export function startJobs(services: Services): () => void {
  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, name: string, job: () => Promise<unknown>) => {
    if (!(ms > 0)) return; // 0 turns a job off; so does a setting that is not a number
    let running = false;
    const tick = () => {
      if (running) return;
      running = true;
      // A lock held elsewhere is expected (the member index gives way at once): the next tick tries again.
      job()
        .catch((err: unknown) => logRetriedFailure(`${name} failed`, { job: name }, err))
        .finally(() => {
          running = false;
        });
    };
    timers.push(setInterval(tick, ms).unref());
  };
  every(services.config.jobsIntervalSeconds * 1000, 'deliveries', async () => {
    const now = services.clock.now();
    await services.notifier.flush(now);
    await deliverCorrectionNotices(services.knex, now, { production: services.config.production });
    await logLawfulRequestExpiries(services, now);
  });
  every(services.config.accessLogIndexMs, 'access-log member index', () => services.accessLog.indexMembers());
  every(services.config.retention.intervalMinutes * 60_000, 'retention', async () => {
    const report = await retentionOnce(services);
    log.info({ ...report }, 'retention run');
  });
  return () => timers.forEach(clearInterval);
}
