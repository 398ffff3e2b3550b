import pino, { type DestinationStream, type Logger } from 'pino';
import { isBusy } from './db/refusals';

/** The levels `LOG_LEVEL` accepts, most severe first; `silent` logs nothing. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Keys whose values never reach a log line, wherever a caller puts them (top level or one or two levels down, as
 * in `req.headers.authorization`): credentials, and GraphQL query text and variables, which carry personal values.
 */
const SECRET_KEYS = [
  'authorization',
  'cookie',
  'set-cookie',
  'password',
  'secret',
  'token',
  'client_secret',
  'accessToken',
  'autologinToken',
  'query',
  'variables',
];
export const REDACT_PATHS = SECRET_KEYS.map((k) => `["${k}"]`).flatMap((k) => [k, `*${k}`, `*.*${k}`]);

/**
 * Driver errors quote the statement with its values inlined, which would put personal data in the log, so only
 * the driver's own reason (after the last " - ") and code are kept.
 */
export function errorSummary(err: unknown): string {
  if (!(err instanceof Error)) return 'non-error thrown';
  const reason = err.message.split('\n')[0]!.split(' - ').at(-1)!.slice(0, 200);
  const code = (err as { code?: unknown }).code;
  return `${err.name}${typeof code === 'string' ? ` ${code}` : ''}: ${reason}`;
}

/** One JSON line per entry, level as its name and time as ISO text, with the redaction above. */
export function createLogger(destination: DestinationStream, level: LogLevel = 'info'): Logger {
  return pino(
    {
      level,
      base: null,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // An error logged as `err` is summarised like any other: never its message's SQL, never its stack.
      serializers: { err: errorSummary },
    },
    destination,
  );
}

const stdout = pino.destination({ dest: 1, sync: true });
let destination: DestinationStream = stdout;

/** The gateway's operator log; its level is set from LOG_LEVEL when a gateway or maintenance command starts. */
export const log: Logger = createLogger({ write: (line: string) => destination.write(line) });

/** Sends every later line of `log` to `next` (tests keep them in memory); stdout again without one. */
export function setLogDestination(next?: DestinationStream): void {
  destination = next ?? stdout;
}

/**
 * For a failure that something retries later (the next tick of a job, the next retention run): at debug when the
 * database was only busy, a lock held elsewhere that the retry will find released; at error otherwise.
 */
export function logRetriedFailure(msg: string, fields: Record<string, unknown>, err: unknown): void {
  log[isBusy(err) ? 'debug' : 'error']({ ...fields, error: errorSummary(err) }, msg);
}
