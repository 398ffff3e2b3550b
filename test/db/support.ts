import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { knex as connect, type Knex } from '@mikro-orm/knex';
import { createScratchDatabase } from '../../src/db/scratch-postgres';

export interface TestStore {
  knex: Knex;
  /** What a write answers while another connection holds the table's lock past the writer's wait. */
  lockedOut(): Promise<unknown>;
  close(): Promise<void>;
}

/** A real store of the dialect under test (TEST_DB), holding `refusal_probe (id primary key, v not null)` with id 1. */
export async function openTestStore(): Promise<TestStore> {
  if (process.env.TEST_DB === 'postgresql') {
    const db = await createScratchDatabase('gw_refusals');
    const knex = connect({ client: 'pg', connection: db.url, pool: { min: 0, max: 2 } });
    await probeTable(knex);
    return {
      knex,
      lockedOut: () =>
        knex.transaction(async (holder) => {
          await holder.raw('LOCK TABLE refusal_probe IN ACCESS EXCLUSIVE MODE');
          return caught(() =>
            knex.transaction(async (writer) => {
              await writer.raw("SET LOCAL lock_timeout = '50ms'");
              await writer('refusal_probe').insert({ id: 3, v: 'c' });
            }),
          );
        }),
      close: async () => {
        await knex.destroy();
        await db.drop();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'gw-refusals-'));
  const open = () =>
    connect({ client: 'sqlite3', connection: { filename: join(dir, 'db.sqlite') }, useNullAsDefault: true });
  const knex = open();
  await probeTable(knex);
  return {
    knex,
    lockedOut: async () => {
      const holder = open();
      try {
        return await holder.transaction(async (trx) => {
          await trx('refusal_probe').insert({ id: 4, v: 'held' });
          return caught(() => knex('refusal_probe').insert({ id: 3, v: 'c' }));
        });
      } finally {
        await holder.destroy();
      }
    },
    close: async () => {
      await knex.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function probeTable(knex: Knex): Promise<void> {
  await knex.schema.createTable('refusal_probe', (t) => {
    t.integer('id').primary();
    t.string('v').notNullable();
  });
  await knex('refusal_probe').insert({ id: 1, v: 'a' });
}

async function caught(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (err) {
    return err;
  }
  throw new Error('the write went through the lock');
}
