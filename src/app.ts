import { reconsentGate } from './modules/consent/reconsent-gate';
import 'reflect-metadata';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { Config } from './config';
import { systemClock, type Clock } from './clock';
import { BUSY_TIMEOUT_MS, dialectOf, openDatabase, sqliteFile } from './db/orm';
import { knexRowInsert, sqliteRowInsert } from './audit/row-insert';
import { ensureBaseline, retentionDays } from './db/baseline';
import { oneReplicaAtATime } from './db/startup-lock';
import { parseTemplate, readTemplate } from './modules/policy-document';
import { policyStatus } from './modules/policy-document';
import { policyPages } from './modules/policy-page';
import { seedDemo } from './db/seed';
import { loadKeyRing } from './crypto/keys';
import { startKeys } from './crypto/start-keys';
import { tokenIssuer } from './auth/tokens';
import { createContext, type GatewayContext } from './context';
import { buildSchema } from './graphql/schema';
import { formatError } from './graphql/format-error';
import { noNulStrings } from './graphql/no-nul';
import { httpRoutes } from './http/routes';
import { privacyCenter } from './http/privacy-center/router';
import { requestId, requestTimeout, securityHeaders } from './http/middleware';
import { requestLog } from './http/request-log';
import { log } from './log';
import { accessLogPlugin } from './audit/plugin';
import { recordProvisions } from './modules/provision';
import { ipDigester } from './audit/ip-digest';
import { accessLogWriter } from './audit/writer';
import type { Services } from './services';
import { adapters, notifier, type NotificationAdapter } from './modules/notification';
import { gatewayThrottles } from './limits/throttles';
import { memoryLimiters } from './limits/memory-limiters';
import { postgresLimiters } from './limits/postgres-limiters';
import { requestLimits } from './limits/rules';
import { costPlugin } from './limits/cost-plugin';
import { LIMITS } from './limits/rules';
import { startJobs } from './jobs';

export const BODY_LIMIT = '100kb';

export interface Gateway {
  readonly services: Services;
  readonly server: http.Server;
  /** Starts listening; resolves to the base URL. */
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

export interface GatewayOptions {
  readonly clock?: Clock;
  /** Benchmark only (never reachable from configuration): serve without the policy layer to measure its cost. */
  readonly policyOff?: boolean;
  /** Benchmark only: serve without writing the access log, to measure its cost. */
  readonly auditOff?: boolean;
}

export async function createGateway(
  config: Config,
  { clock = systemClock, policyOff = false, auditOff = false }: GatewayOptions = {},
): Promise<Gateway> {
  log.level = config.logLevel;
  const configured = await loadKeyRing(config);
  const orm = await openDatabase(config);
  const knex = (orm.em as SqlEntityManager).getKnex();
  // Replicas started together on a new database: one generates the derived keys, the others read them.
  const { keys, derived } = await oneReplicaAtATime(knex, dialectOf(config), () =>
    startKeys(knex, configured, clock),
  ).catch(async (err: unknown) => {
    await orm.close(true);
    throw err;
  });
  const services: Services = {
    config,
    orm,
    knex,
    accessLog: accessLogWriter(
      knex,
      dialectOf(config),
      dialectOf(config) === 'sqlite' ? sqliteRowInsert(sqliteFile(config), BUSY_TIMEOUT_MS) : knexRowInsert(knex),
      ipDigester(derived.ipDigestKey),
    ),
    notifier: notifier(knex, notificationAdapter(config.notifier)),
    codeKey: derived.codeKey,
    throttles: gatewayThrottles(
      dialectOf(config) === 'postgresql' ? postgresLimiters(knex, clock) : memoryLimiters(clock),
      config,
    ),
    keys,
    tokens: tokenIssuer(keys, config.issuer, config.audience),
    clock,
  };
  // The template is checked before anything is served: a template naming an unknown section stops the start.
  parseTemplate(readTemplate(config.policyTemplate));
  await oneReplicaAtATime(knex, dialectOf(config), async () => {
    if (config.seedDemo) await seedDemo(services);
    await ensureBaseline(services);
  });
  await warnWhenStale(services);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const server = http.createServer(app);
  const limits = requestLimits();
  const apollo = new ApolloServer<GatewayContext>({
    schema: buildSchema({ policyOff }),
    validationRules: [...limits.validationRules, noNulStrings],
    parseOptions: { maxTokens: LIMITS.tokens },
    introspection: !config.production,
    formatError,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: true,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      ...limits.plugins,
      costPlugin(LIMITS.cost, services.throttles.cost),
      reconsentGate(),
      ...(auditOff ? [] : [accessLogPlugin(services.accessLog, [recordProvisions])]),
      config.production
        ? ApolloServerPluginLandingPageDisabled()
        : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
    ],
  });
  await apollo.start();

  app.use(securityHeaders(config.production));
  app.use(requestId);
  if (config.logRequests) app.use(requestLog(log));
  app.use(requestTimeout(config.requestTimeoutMs));
  app.use(httpRoutes(services));
  app.use(privacyCenter());
  app.use(policyPages(services));
  app.use(
    '/graphql',
    express.json({ limit: BODY_LIMIT, verify: refuseNul }),
    expressMiddleware(apollo, { context: ({ req }) => createContext(services, req) }),
  );
  app.use((_req, res) => {
    res.status(404).json({ errors: [{ message: 'Not found.', extensions: { code: 'NOT_FOUND' } }] });
  });
  app.use(httpErrorHandler);
  const stopJobs = startJobs(services);

  return {
    services,
    server,
    listen: (port = config.port, host = config.host) =>
      new Promise((resolve) => {
        server.listen(port, host, () => {
          const { port: bound } = server.address() as AddressInfo;
          resolve(`http://${urlHost(host)}:${bound}`);
        });
      }),
    async close() {
      await stopJobs();
      await apollo.stop();
      if (server.listening) await new Promise<void>((r) => server.close(() => r()));
      await services.accessLog.close();
      await orm.close(true);
    },
  };
}

/** The operator learns at start when the policy in force no longer names what the gateway enforces. */
async function warnWhenStale(services: Services): Promise<void> {
  const status = await policyStatus(services.knex, services.clock.now(), retentionDays(services));
  if (status.stale)
    log.warn(
      { version: status.version, reasons: status.reasons },
      'the privacy policy in force does not describe what the gateway enforces',
    );
}

/** Body-parser and other HTTP-level failures: a GraphQL-shaped answer, never an HTML stack page. */
function httpErrorHandler(
  err: { status?: number; type?: string },
  _req: express.Request,
  res: express.Response,
  _next: express.NextFunction,
): void {
  const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
  const message =
    status === 413 ? 'The request body is too large.' : status < 500 ? 'The request is malformed.' : 'Internal error.';
  res
    .status(status)
    .json({ errors: [{ message, extensions: { code: status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR' } }] });
}

function notificationAdapter(name: string): NotificationAdapter {
  const adapter = adapters[name];
  if (!adapter) throw new Error(`NOTIFIER must be one of ${Object.keys(adapters).join(', ')}`);
  return adapter;
}

/** A wildcard address is reached as localhost; an IPv6 address goes in brackets. */
const urlHost = (host: string): string =>
  host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;

/** U+0000 has no place in any field, and PostgreSQL cannot store it: refused for every request alike. */
function refuseNul(_req: unknown, _res: unknown, buf: Buffer): void {
  if (buf.includes(0) || buf.includes('\\u0000')) throw Object.assign(new Error('NUL in request'), { status: 400 });
}
