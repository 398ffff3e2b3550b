import path from 'node:path';

export interface Config {
  readonly port: number;
  /** The address to listen on; every interface when absent. */
  readonly host: string | undefined;
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
    /** How often the gateway runs retention itself; 0 turns the schedule off. */
    readonly intervalMinutes: number;
  };
  /** Query cost each principal (or anonymous address) may spend per minute; 0 switches the budget off. */
  readonly costBudgetPerMinute: number;
  /** A request running longer is cut off with TIMEOUT. */
  readonly requestTimeoutMs: number;
  /** One structured JSON line per HTTP request (never values or tokens). */
  readonly logRequests: boolean;
  /** How often pending notifications and correction notices are delivered; 0 turns it off. */
  readonly jobsIntervalSeconds: number;
  /**
   * How often the access log's member index catches up (0 turns it off); member queries scan the rows behind it,
   * so this bounds their extra work, never what they find.
   */
  readonly accessLogIndexMs: number;
  /** How long work entrusted to a consignee lasts when no end is given. */
  readonly assignmentDays: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  return {
    port: Number(env.PORT ?? 4000),
    host: env.HOST || undefined,
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    dbUrl: env.DB_URL || undefined,
    production,
    issuer: env.TOKEN_ISSUER ?? 'urn:bettra:membership-gateway',
    audience: env.TOKEN_AUDIENCE ?? 'urn:bettra:membership-api',
    seedDemo: !production && env.SEED_DEMO !== 'false',
    masterKey: env.MASTER_KEY || undefined,
    signingKey: env.SIGNING_KEY || undefined,
    reviewHourlyThreshold: Number(env.ACCESS_REVIEW_HOURLY_THRESHOLD ?? 50),
    notifier: env.NOTIFIER ?? (production ? 'outbox' : 'log'),
    retention: {
      accessLogDays: Number(env.ACCESS_LOG_RETENTION_DAYS ?? 730),
      visitLogDays: Number(env.VISIT_LOG_RETENTION_DAYS ?? 90),
      intervalMinutes: Number(env.RETENTION_INTERVAL_MINUTES ?? 60),
    },
    jobsIntervalSeconds: Number(env.JOBS_INTERVAL_SECONDS ?? 30),
    accessLogIndexMs: Number(env.ACCESS_LOG_INDEX_MS ?? 1000),
    assignmentDays: Number(env.ASSIGNMENT_DAYS ?? 30),
    costBudgetPerMinute: Number(env.COST_BUDGET_PER_MINUTE ?? 100_000),
    requestTimeoutMs: Number(env.REQUEST_TIMEOUT_MS ?? 10_000),
    logRequests: (env.LOG_REQUESTS ?? (production ? 'true' : 'false')) === 'true',
  };
}
