import path from 'node:path';
import { z } from 'zod';
import { LOG_LEVELS, type LogLevel } from './log';
import {
  base64Key,
  boolean,
  ed25519PrivateJwk,
  existingFile,
  host,
  identifier,
  oneOf,
  directory,
  postgresUrl,
  wholeNumber,
} from './config-fields';

export interface Config {
  readonly port: number;
  /** The address to listen on: loopback unless HOST names another (`0.0.0.0` for every interface). */
  readonly host: string;
  readonly dataDir: string;
  /** PostgreSQL connection URL; SQLite in `dataDir` when absent. */
  readonly dbUrl: string | undefined;
  readonly production: boolean;
  readonly issuer: string;
  readonly audience: string;
  /** Seed the demo accounts of the README into an empty database (never in production). */
  readonly seedDemo: boolean;
  /** Base64 of 32 bytes; required in production, generated into `dataDir` otherwise. */
  readonly masterKey: string | undefined;
  /** Ed25519 private JWK (JSON); required in production, generated into `dataDir` otherwise. */
  readonly signingKey: string | undefined;
  /** The monthly access review flags an accessor reading more distinct members than this within one hour. */
  readonly reviewHourlyThreshold: number;
  /** Where notifications go: `log` (development mailer) or `outbox` (kept in the table for another process). */
  readonly notifier: string;
  readonly retention: {
    /** Access records are kept this long (the security-measure standards ask at least 2 years). */
    readonly accessLogDays: number;
    readonly visitLogDays: number;
    /** A child's sign-up whose guardian never consented is destroyed after this many days. */
    readonly unconfirmedChildDays: number;
    /** A visitor's complaint (with the contact given) is destroyed this many months after its last step. */
    readonly visitorComplaintMonths: number;
    /** A visitor's cookie choice is destroyed this many months after it was last set. */
    readonly visitorCookieMonths: number;
    /** Delivered notifications and correction notices are destroyed this many months after they were sent. */
    readonly notificationMonths: number;
    /** The plain code text in a notification's body is removed this many minutes after it was queued. */
    readonly codeTextMinutes: number;
    /** How often the gateway runs retention itself; 0 turns the schedule off. */
    readonly intervalMinutes: number;
  };
  /** Query cost each principal (or anonymous address) may spend per minute; 0 switches the budget off. */
  readonly costBudgetPerMinute: number;
  /** A request running longer is cut off with TIMEOUT. */
  readonly requestTimeoutMs: number;
  /** One structured JSON line per HTTP request (never values or tokens). */
  readonly logRequests: boolean;
  /** The least severe level the operator log writes. */
  readonly logLevel: LogLevel;
  /** How often pending notifications and correction notices are delivered; 0 turns it off. */
  readonly jobsIntervalSeconds: number;
  /**
   * How often the access log's member index catches up (0 turns it off); member queries scan the rows behind it,
   * so this bounds their extra work, never what they find.
   */
  readonly accessLogIndexMs: number;
  /** How long work entrusted to a consignee lasts when it is given no end. */
  readonly assignmentDays: number;
  /** The longest a lawful request stays valid, counted from its approval (§6). */
  readonly lawfulRequestMaxDays: number;
  /** The operator's privacy-policy template; the demo shop's when undefined. */
  readonly policyTemplate: string | undefined;
}

/** Start-up refused: every variable that is wrong, each with what it should look like. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

// Upper bounds keep timers below setInterval's limit (about 24 days), which would otherwise fire at once.
const ENV = z.object({
  NODE_ENV: oneOf(['development', 'production', 'test']),
  PORT: wholeNumber('a TCP port number', 0, 65_535, 4000),
  HOST: host('127.0.0.1'),
  DATA_DIR: directory('./data'),
  DB_URL: postgresUrl(),
  SIGNING_KEY: ed25519PrivateJwk(),
  MASTER_KEY: base64Key(32),
  TOKEN_ISSUER: identifier('urn:bettra:membership-gateway'),
  TOKEN_AUDIENCE: identifier('urn:bettra:membership-api'),
  SEED_DEMO: boolean(),
  NOTIFIER: oneOf(['log', 'outbox']),
  ACCESS_REVIEW_HOURLY_THRESHOLD: wholeNumber('a whole number of members', 1, 1_000_000, 50),
  ACCESS_LOG_RETENTION_DAYS: wholeNumber('a whole number of days', 1, 36_500, 730),
  VISIT_LOG_RETENTION_DAYS: wholeNumber('a whole number of days', 1, 36_500, 90),
  UNCONFIRMED_CHILD_DAYS: wholeNumber('a whole number of days', 1, 365, 5),
  VISITOR_COMPLAINT_MONTHS: wholeNumber('a whole number of months', 1, 1200, 36),
  VISITOR_COOKIE_MONTHS: wholeNumber('a whole number of months', 1, 1200, 12),
  NOTIFICATION_MONTHS: wholeNumber('a whole number of months', 1, 1200, 3),
  NOTIFICATION_CODE_MINUTES: wholeNumber('a whole number of minutes', 15, 10_080, 60),
  RETENTION_INTERVAL_MINUTES: wholeNumber('a whole number of minutes', 0, 10_080, 60, ' (0: never)'),
  JOBS_INTERVAL_SECONDS: wholeNumber('a whole number of seconds', 0, 86_400, 30, ' (0: never)'),
  ACCESS_LOG_INDEX_MS: wholeNumber('a whole number of milliseconds', 0, 3_600_000, 1000, ' (0: never)'),
  COST_BUDGET_PER_MINUTE: wholeNumber('a whole number of cost units', 0, 1_000_000_000, 100_000, ' (0: no budget)'),
  REQUEST_TIMEOUT_MS: wholeNumber('a whole number of milliseconds', 1, 600_000, 10_000),
  LOG_REQUESTS: boolean(),
  LOG_LEVEL: oneOf(LOG_LEVELS),
  ASSIGNMENT_DAYS: wholeNumber('a whole number of days', 1, 3650, 30),
  LAWFUL_REQUEST_MAX_DAYS: wholeNumber('a whole number of days', 1, 365, 30),
  POLICY_TEMPLATE: existingFile(),
});

/** The variables the gateway reads, in the order problems are reported. */
export const ENV_VARIABLES = Object.keys(ENV.shape) as (keyof typeof ENV.shape)[];

/** Parses every variable the gateway reads; throws one ConfigError listing each bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const given = Object.fromEntries(ENV_VARIABLES.map((name) => [name, env[name]?.trim() || undefined]));
  const parsed = ENV.safeParse(given);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    dbUrl: e.DB_URL,
    production,
    issuer: e.TOKEN_ISSUER,
    audience: e.TOKEN_AUDIENCE,
    seedDemo: !production && (e.SEED_DEMO ?? true),
    masterKey: e.MASTER_KEY,
    signingKey: e.SIGNING_KEY,
    reviewHourlyThreshold: e.ACCESS_REVIEW_HOURLY_THRESHOLD,
    notifier: e.NOTIFIER ?? (production ? 'outbox' : 'log'),
    retention: {
      accessLogDays: e.ACCESS_LOG_RETENTION_DAYS,
      visitLogDays: e.VISIT_LOG_RETENTION_DAYS,
      unconfirmedChildDays: e.UNCONFIRMED_CHILD_DAYS,
      visitorComplaintMonths: e.VISITOR_COMPLAINT_MONTHS,
      visitorCookieMonths: e.VISITOR_COOKIE_MONTHS,
      notificationMonths: e.NOTIFICATION_MONTHS,
      codeTextMinutes: e.NOTIFICATION_CODE_MINUTES,
      intervalMinutes: e.RETENTION_INTERVAL_MINUTES,
    },
    jobsIntervalSeconds: e.JOBS_INTERVAL_SECONDS,
    accessLogIndexMs: e.ACCESS_LOG_INDEX_MS,
    costBudgetPerMinute: e.COST_BUDGET_PER_MINUTE,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    logRequests: e.LOG_REQUESTS ?? production,
    logLevel: e.LOG_LEVEL ?? 'info',
    assignmentDays: e.ASSIGNMENT_DAYS,
    lawfulRequestMaxDays: e.LAWFUL_REQUEST_MAX_DAYS,
    policyTemplate: e.POLICY_TEMPLATE,
  };
}
