/**
 * `npm run migration:create [-- name]`: writes the next migration for SQLite and PostgreSQL from the entities,
 * diffing against each dialect's committed snapshot. PostgreSQL needs `PG_ADMIN_URL` (default: the local server).
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import { ormOptions } from '../db/orm';
import { withScratchPostgres } from '../db/scratch-postgres';

async function create(options: Parameters<typeof ormOptions>[0], name: string | undefined): Promise<void> {
  const orm = await MikroORM.init(ormOptions(options, { snapshot: true }));
  try {
    const migrator = orm.getMigrator();
    await migrator.up();
    const result = await migrator.createMigration(undefined, false, false, name);
    console.log(result.fileName ? `created ${result.fileName}` : 'no changes');
    // MikroORM's SQLite differ sometimes rebuilds unchanged tables (copy, drop, rename): inside the migration's
    // transaction `pragma foreign_keys = off` is ignored, so the drop would cascade. Review and trim by hand.
    if (result.code.includes('__temp_alter')) {
      console.warn(
        `WARNING: ${result.fileName} rebuilds tables (__temp_alter); remove the rebuilds of unchanged tables.`,
      );
    }
  } finally {
    await orm.close(true);
  }
}

async function main(): Promise<void> {
  // The name becomes part of a class name.
  const name = process.argv[2]?.replace(/[^A-Za-z0-9_]/g, '_');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-migrate-'));
  await create({ dbUrl: undefined, dataDir }, name);
  fs.rmSync(dataDir, { recursive: true, force: true });
  await withScratchPostgres((dbUrl) => create({ dbUrl, dataDir }, name));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
