/** `npm run usage-notices -- --year 2026`: queues each active member's yearly usage notice (PIPA Art. 20-2). */
import 'reflect-metadata';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { openDatabase } from '../db/orm';
import { systemClock } from '../clock';
import { adapters, notifier } from '../modules/notification/notifier';
import { queueUsageNotices } from '../modules/usage-notice/queue';
import { toolConfig } from './open-store';

function yearArgument(argv: readonly string[], now: Date): number {
  const i = argv.indexOf('--year');
  const raw = i >= 0 ? argv[i + 1] : String(now.getUTCFullYear() - 1);
  const year = Number(raw);
  if (!/^\d{4}$/.test(raw ?? '') || year > now.getUTCFullYear()) {
    console.error(`usage-notices: --year takes a past or the current year, e.g. --year ${now.getUTCFullYear() - 1}`);
    process.exit(2);
  }
  return year;
}

async function main(): Promise<void> {
  const config = toolConfig();
  const year = yearArgument(process.argv.slice(2), systemClock.now());
  const orm = await openDatabase(config);
  const knex = (orm.em as SqlEntityManager).getKnex();
  try {
    // Queued in the outbox; the gateway's own job (or this flush) delivers them through the configured notifier.
    const outbox = notifier(knex, adapters[config.notifier]!);
    const run = await queueUsageNotices({ knex, notifier: outbox, clock: systemClock }, year);
    await outbox.flush(systemClock.now());
    console.log(
      `usage notices for ${year}: queued ${run.queued}, already queued ${run.alreadyQueued}, no contact ${run.unreachable}`,
    );
  } finally {
    await orm.close(true);
  }
}

main().catch((err: unknown) => {
  console.error(`usage-notices failed: ${(err as Error).message}`);
  process.exit(1);
});
