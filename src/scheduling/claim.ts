import os from 'node:os';
import type { Knex } from '@mikro-orm/knex';
import type { Dialect } from '../db/orm';
import { boundedRun, type RunBounds } from './bounded-run';

/** How a replica names itself in `job_run.last_run_by`. */
export const replicaName = (): string => `${os.hostname()}:${process.pid}`;

/**
 * A run counts as on time when this share of the interval has passed since the last one anywhere: timers of
 * several replicas (and of one replica from tick to tick) drift, and a tick a little early must not wait a whole
 * interval more.
 */
const ON_TIME = 0.9;

export interface JobClaims {
  /**
   * Runs `job` unless it is still running here (a run given up that has not ended yet), another replica is running
   * it, or it ran less than `intervalMs` ago anywhere (0: whenever nobody else is running it); resolves to its
   * result, or null when it did not run. A run that fails, stops early or is given up (`bounds`) counts as not run,
   * so the next tick anywhere tries again.
   */
  run<T>(
    name: string,
    intervalMs: number,
    job: (signal: AbortSignal) => Promise<T>,
    bounds?: RunBounds,
  ): Promise<{ result: T } | null>;
}

/** A run without bounds (a maintenance command): the longest a timer can wait, about 24 days. */
const UNBOUNDED: RunBounds = { deadlineMs: 2 ** 31 - 1, stepMs: 0 };

/**
 * PostgreSQL: the replica that locks the job's `job_run` row (`for update skip locked`) runs it; the others skip at
 * once. The lock is a transaction's, held while the job runs (on other connections) and committed with the run's
 * time, so it works through a transaction-mode pooler and ends with the replica: a replica killed mid-run
 * rolls back, its connection closes, and the next tick on another replica runs the job (the run is not recorded).
 * A run that hangs holds the lock no longer than its deadline: then the transaction rolls back and the job is given
 * up, so another replica may run it; its signal aborted `stepMs` before, so a job that checks it between steps
 * does nothing more (each step is whole: a notice is sent and recorded, a record destroyed in its transaction).
 *
 * SQLite serves one process: the job just runs on this process's timer, with the same bounds.
 */
export function jobClaims(knex: Knex, dialect: Dialect, by: string = replicaName()): JobClaims {
  const runningHere = new Set<string>();
  const bounded = <T>(name: string, job: (signal: AbortSignal) => Promise<T>, bounds: RunBounds) => {
    const run = boundedRun(name, job, bounds);
    runningHere.add(name);
    void run.ended.then(() => runningHere.delete(name));
    return run.outcome;
  };
  if (dialect === 'sqlite')
    return {
      run: async (name, _interval, job, bounds = UNBOUNDED) =>
        runningHere.has(name) ? null : bounded(name, job, bounds),
    };
  const known = new Set<string>();
  return {
    async run(name, intervalMs, job, bounds = UNBOUNDED) {
      if (runningHere.has(name) || bounds.stop?.aborted) return null;
      if (!known.has(name)) {
        // A job's first schedule starts now: a fresh database runs nothing until one interval has passed, and a
        // replica started after a long stop runs whatever is due at once.
        await knex('job_run').insert({ name, last_run_at: knex.fn.now(), runs: 0 }).onConflict('name').ignore();
        known.add(name);
      }
      const trx = await knex.transaction();
      try {
        // The lock transaction is idle while the job runs: a server-wide idle timeout must not end it mid-run.
        await trx.raw('set local idle_in_transaction_session_timeout = 0');
        const claimed = (await trx.raw(
          `select name from job_run where name = ?
             and (? = 0 or last_run_at <= clock_timestamp() - make_interval(secs => ?))
           for update skip locked`,
          [name, intervalMs, (intervalMs * ON_TIME) / 1000],
        )) as { rows: unknown[] };
        if (claimed.rows.length === 0 || bounds.stop?.aborted) {
          await trx.rollback();
          return null;
        }
        const outcome = await bounded(name, job, bounds);
        if (outcome === null) {
          await trx.rollback();
          return null;
        }
        await trx('job_run')
          .where({ name })
          .update({ last_run_at: trx.raw('clock_timestamp()'), last_run_by: by, runs: trx.raw('runs + 1') });
        await trx.commit();
        return outcome;
      } catch (err) {
        if (!trx.isCompleted()) await trx.rollback().catch(() => undefined);
        throw err;
      }
    },
  };
}
