import { log } from '../log';

export interface RunBounds {
  /** The run is given up this long after it starts: its claim is released and its result discarded. */
  readonly deadlineMs: number;
  /**
   * The longest one step of the job may take once its signal has aborted (a webhook's timeout, a batch): the signal
   * aborts this long before the deadline, so a job that checks it between steps has ended its last step before
   * another replica may start the job again.
   */
  readonly stepMs: number;
  /** Aborts when the gateway stops: the job's signal aborts at once, and the run is given up `stepMs` later. */
  readonly stop?: AbortSignal;
}

export interface BoundedRun<T> {
  /**
   * `{ result }` when the job finished before its signal aborted; null when it finished after (a job that stopped
   * between its steps did not do its whole run) or was given up. Rejects when the job failed in time.
   */
  readonly outcome: Promise<{ result: T } | null>;
  /** When the job itself ends, given up or not: its replica does not start it again before. */
  readonly ended: Promise<void>;
}

/** Runs `job` with a signal and settles by its bounds; a job given up is only logged when it ends late. */
export function boundedRun<T>(
  name: string,
  job: (signal: AbortSignal) => Promise<T>,
  { deadlineMs, stepMs, stop }: RunBounds,
): BoundedRun<T> {
  const abort = new AbortController();
  let done = false;
  let giveUp!: (why: string) => void;
  const givenUp = new Promise<null>((resolve) => {
    giveUp = (why) => {
      if (!done) log.warn({ job: name, deadlineMs }, `${name} given up (${why}): its claim is released`);
      resolve(null);
    };
  });
  const timers = [
    setTimeout(() => abort.abort(new Error(`${name} is near its deadline`)), Math.max(0, deadlineMs - stepMs)),
    setTimeout(() => giveUp('deadline'), deadlineMs),
  ];
  const onStop = () => {
    abort.abort(new Error('the gateway is stopping'));
    timers.push(setTimeout(() => giveUp('stopping'), stepMs));
  };
  if (stop?.aborted) onStop();
  else stop?.addEventListener('abort', onStop, { once: true });
  const running = job(abort.signal).finally(() => {
    done = true;
  });
  const outcome = Promise.race([running.then((result) => (abort.signal.aborted ? null : { result })), givenUp]);
  const ended = running.then(
    () => undefined,
    () => undefined,
  );
  void outcome
    .catch(() => undefined)
    .then(() => {
      timers.forEach(clearTimeout);
      stop?.removeEventListener('abort', onStop);
    });
  return { outcome, ended };
}
