/**
 * Bench child: the real gateway (src/app.ts `createGateway`) in production mode on a fresh SQLite DATA_DIR,
 * seeded by bench/seed.ts, listening on 127.0.0.1 and a free port. Started by bench/run.ts, never on its own.
 *
 * Env: DATA_DIR, SIGNING_KEY, MASTER_KEY, NODE_ENV=production (as for `npm start`), BENCH_MEMBERS (rows to seed),
 * BENCH_GATEWAY_OPTIONS (JSON passed to createGateway as its options, e.g. {"policyOff":true}).
 */
import { loadConfig } from '../src/config';
import { createGateway, type GatewayOptions } from '../src/app';
import { seedBench } from './seed';
import { serveChild } from './child';

serveChild(async () => {
  const config = loadConfig(process.env);
  const options = JSON.parse(process.env.BENCH_GATEWAY_OPTIONS ?? '{}') as GatewayOptions;
  const gateway = await createGateway(config, options);
  try {
    const seeded = await seedBench(gateway.services, Number(process.env.BENCH_MEMBERS ?? 1000));
    const url = await gateway.listen(0, '127.0.0.1');
    return { url, info: { ...seeded, production: config.production, options }, close: () => gateway.close() };
  } catch (err) {
    await gateway.close().catch(() => undefined);
    throw err;
  }
});
