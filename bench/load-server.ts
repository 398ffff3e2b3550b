/**
 * Load child: the real gateway (src/app.ts `createGateway`) in development mode on a fresh SQLite DATA_DIR, so
 * the demo accounts of the README are seeded, plus LOAD_MEMBERS members from bench/seed.ts next to them; listening
 * on 127.0.0.1 and a free port. Started by bench/load.ts, never on its own.
 *
 * Env: DATA_DIR, NODE_ENV=development, COST_BUDGET_PER_MINUTE=0, LOG_REQUESTS=false (set by bench/load.ts),
 * LOAD_MEMBERS (extra members to seed; 0 for none).
 */
import { loadConfig } from '../src/config';
import { createGateway } from '../src/app';
import { seedBench } from './seed';
import { serveChild } from './child';

serveChild(async () => {
  const config = loadConfig(process.env);
  if (config.production || !config.seedDemo)
    throw new Error('the load child needs the demo data: NODE_ENV=development, SEED_DEMO unset');
  const gateway = await createGateway(config);
  try {
    const extra = Number(process.env.LOAD_MEMBERS ?? 0);
    const seeded = extra > 0 ? await seedBench(gateway.services, extra, { alongside: true }) : null;
    const url = await gateway.listen(0, '127.0.0.1');
    return {
      url,
      info: {
        dataDir: config.dataDir,
        benchMembers: seeded?.members ?? 0,
        benchMemberLogin: seeded?.memberLogin ?? null,
      },
      close: () => gateway.close(),
    };
  } catch (err) {
    await gateway.close().catch(() => undefined);
    throw err;
  }
});
