import fs from 'node:fs';
import { Session } from 'node:inspector';

/** Messages between bench/run.ts and a server child (over the fork IPC channel; no extra routes or ports). */
export type ToChild =
  | { type: 'cpu'; id: number }
  | { type: 'profile-start'; id: number }
  | { type: 'profile-stop'; id: number; file: string }
  | { type: 'stop' };

export type FromChild =
  | { type: 'ready'; url: string; info?: unknown }
  | { type: 'failed'; message: string }
  | { type: 'reply'; id: number; user?: number; system?: number; error?: string };

export interface Started {
  readonly url: string;
  readonly info?: unknown;
  close(): Promise<void>;
}

const send = (msg: FromChild): void => {
  process.send?.(msg);
};

/**
 * Runs a server in a bench child: starts it, reports `ready` with its URL, then answers the parent's requests for
 * `process.cpuUsage()` (user + system of every thread: JS, libuv pool with SQLite and argon2, GC) and for an
 * in-process CPU profile. Exits when told to stop or when the parent goes away.
 */
export function serveChild(start: () => Promise<Started>): void {
  if (!process.send) throw new Error('a bench server runs as a child of bench/run.ts (fork with IPC)');
  let started: Started | undefined;
  let session: Session | undefined;
  const post = <T>(method: string, params?: object): Promise<T> =>
    new Promise((resolve, reject) =>
      session!.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result as T))),
    );

  const stop = async (code: number): Promise<never> => {
    const timer = setTimeout(() => process.exit(code), 5000);
    timer.unref();
    try {
      await started?.close();
    } catch {
      // exiting anyway
    }
    process.exit(code);
  };

  process.on('disconnect', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGINT', () => void stop(0));

  process.on('message', (msg: ToChild) => {
    switch (msg.type) {
      case 'cpu': {
        const { user, system } = process.cpuUsage();
        send({ type: 'reply', id: msg.id, user, system });
        return;
      }
      case 'profile-start':
        session = new Session();
        session.connect();
        post('Profiler.enable')
          .then(() => post('Profiler.start'))
          .then(() => send({ type: 'reply', id: msg.id }))
          .catch((err: Error) => send({ type: 'reply', id: msg.id, error: err.message }));
        return;
      case 'profile-stop':
        post<{ profile: unknown }>('Profiler.stop')
          .then(({ profile }) => {
            fs.writeFileSync(msg.file, JSON.stringify(profile));
            session!.disconnect();
            session = undefined;
            send({ type: 'reply', id: msg.id });
          })
          .catch((err: Error) => send({ type: 'reply', id: msg.id, error: err.message }));
        return;
      case 'stop':
        void stop(0);
        return;
    }
  });

  start().then(
    (s) => {
      started = s;
      send({ type: 'ready', url: s.url, info: s.info });
    },
    (err: unknown) => {
      send({ type: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      setTimeout(() => process.exit(1), 100);
    },
  );
}
