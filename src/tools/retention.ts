/** `npm run retention`: one retention run now (the gateway also runs it on its own schedule). */
import 'reflect-metadata';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { dialectOf, openDatabase } from '../db/orm';
import { loadKeyRing } from '../crypto/keys';
import { startKeys } from '../crypto/start-keys';
import { systemClock } from '../clock';
import { ipDigester } from '../audit/ip-digest';
import { accessLogWriter } from '../audit/writer';
import { runRetention } from '../modules/retention';
import { toolConfig } from './open-store';
import { jobClaims } from '../scheduling/claim';
import { JOB } from '../jobs';

async function main(): Promise<void> {
  const config = toolConfig();
  const configured = await loadKeyRing(config);
  const orm = await openDatabase(config);
  const knex = (orm.em as SqlEntityManager).getKnex();
  try {
    // Refused as the gateway's start would be: a foreign master key, a rotation under way.
    const { keys, derived } = await startKeys(knex, configured, systemClock);
    const started = Date.now();
    // The gateway's own claim: never at the same time as a replica's run (on PostgreSQL), whenever it last ran.
    const ran = await jobClaims(knex, dialectOf(config)).run(JOB.retention, 0, () =>
      runRetention(
        {
          knex,
          keys,
          accessLog: accessLogWriter(knex, dialectOf(config), undefined, ipDigester(derived.ipDigestKey)),
          dialect: dialectOf(config),
        },
        new Date(),
        config.retention,
      ),
    );
    if (!ran) {
      console.error('retention is running on a gateway replica now; try again when it is done');
      process.exitCode = 2;
      return;
    }
    const report = ran.result;
    console.log(`handed over ${report.handedOver} withdrawn member(s)`);
    for (const [category, n] of Object.entries(report.destroyed)) console.log(`destroyed ${n} ${category} record(s)`);
    for (const [what, n] of Object.entries(report.lapsed)) console.log(`${what}: ${n}`);
    console.log(
      `purged ${report.accessLogRowsPurged} access-log row(s), ${report.codesPurged} code(s), ${report.notificationsPurged} notification(s); erased ${report.addressesErased} visit address(es) in ${Date.now() - started} ms`,
    );
  } finally {
    await orm.close(true);
  }
}

main().catch((err: unknown) => {
  console.error(`retention failed: ${(err as Error).message}`);
  process.exit(1);
});
