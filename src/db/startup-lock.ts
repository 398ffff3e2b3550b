import type { Knex } from '@mikro-orm/knex';
import type { Dialect } from './orm';

/** The lock replicas take while they migrate and seed at start ('gwst'). */
const STARTUP_LOCK = 0x67777374;

/**
 * Runs `fn` while no other replica runs its own start-up step: on PostgreSQL behind a transaction-scoped advisory
 * lock held on a connection of its own (it works through a transaction-mode pooler and ends with the process), so
 * replicas started together migrate and seed one after the other, and each later one finds the work done. SQLite
 * serves one process and runs `fn` as it is.
 */
export async function oneReplicaAtATime<T>(knex: Knex, dialect: Dialect, fn: () => Promise<T>): Promise<T> {
  if (dialect === 'sqlite') return fn();
  const trx = await knex.transaction();
  try {
    await trx.raw('set local idle_in_transaction_session_timeout = 0');
    await trx.raw('select pg_advisory_xact_lock(?)', [STARTUP_LOCK]);
    return await fn();
  } finally {
    await trx.rollback().catch(() => undefined);
  }
}
