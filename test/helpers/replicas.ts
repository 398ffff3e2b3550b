import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
/** Compiling and seeding on a busy machine, behind the replicas that start first. */
const STARTUP_MS = 150_000;
const READY = /Membership gateway ready at (http:\/\/\S+)\/graphql/;

/** The keys every replica must share, as `npm run keys` prints them. */
export function sharedKeys(): { SIGNING_KEY: string; MASTER_KEY: string } {
  const out = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/tools/keys.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
  }).stdout;
  const value = (name: string) => {
    const line = out.split('\n').find((l) => l.startsWith(`${name}=`));
    if (!line) throw new Error(`npm run keys printed no ${name}`);
    return line.slice(name.length + 1).replace(/^'(.*)'$/, '$1');
  };
  return { SIGNING_KEY: value('SIGNING_KEY'), MASTER_KEY: value('MASTER_KEY') };
}

export interface Replica {
  readonly url: string;
  readonly proc: ChildProcess;
  /** Everything the replica printed so far (one JSON line per log entry). */
  output(): string;
  /** SIGTERM and wait; SIGKILL is `kill9`. */
  stop(): Promise<void>;
  kill9(): Promise<void>;
}

/**
 * One gateway replica as operators run it: `src/main.ts` in a process of its own, on its own DATA_DIR, listening
 * on a free loopback port, configured only through its environment.
 */
export async function startReplica(env: NodeJS.ProcessEnv): Promise<Replica> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-replica-'));
  const proc = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`replica not ready after ${STARTUP_MS / 1000} s:\n${output.slice(-2000)}`));
    }, STARTUP_MS);
    const keep = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const ready = READY.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve(ready[1]!);
      }
    };
    proc.stdout!.on('data', keep);
    proc.stderr!.on('data', keep);
    void exited.then(() => reject(new Error(`replica exited during start:\n${output.slice(-2000)}`)));
  });
  const end = async (signal: NodeJS.Signals) => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    await exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, proc, output: () => output, stop: () => end('SIGTERM'), kill9: () => end('SIGKILL') };
}
