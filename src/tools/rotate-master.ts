/**
 * `npm run keys:rotate-master`, with every gateway stopped, MASTER_KEY the current key and NEW_MASTER_KEY the new
 * one: re-wraps every key under the new master key (src/crypto/master-rotation.ts). Interrupted, it resumes where
 * it stopped when run again with the same two keys.
 */
import 'reflect-metadata';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { loadConfig } from '../config';
import { openDatabase } from '../db/orm';
import { rotateMasterKey } from '../crypto/master-rotation';

function masterKey(name: string, value: string | undefined): Buffer {
  const key = Buffer.from(value ?? '', 'base64');
  if (!value)
    throw new Error(
      `${name} must be set: MASTER_KEY to the current key, NEW_MASTER_KEY to the new one (npm run keys prints one)`,
    );
  if (key.length !== 32) throw new Error(`${name} must be 32 bytes, base64-encoded`);
  return key;
}

async function main(): Promise<number> {
  const config = loadConfig();
  const current = masterKey('MASTER_KEY', config.masterKey);
  const next = masterKey('NEW_MASTER_KEY', process.env.NEW_MASTER_KEY || undefined);
  const orm = await openDatabase(config);
  try {
    const report = await rotateMasterKey((orm.em as SqlEntityManager).getKnex(), current, next, {
      progress: (line) => console.error(line),
    });
    if (report.alreadyRotated) {
      console.log(
        'this database is already under NEW_MASTER_KEY: nothing to do; start the gateway with MASTER_KEY set to it',
      );
      return 0;
    }
    for (const [label, n] of Object.entries(report.sources)) {
      console.log(`${label}: re-wrapped ${n.rewrapped}, skipped ${n.skipped} (already under the new key)`);
      if (n.unreadable.length > 0) {
        console.log(
          `  WARNING: ${n.unreadable.length} under neither key, left as they were (unreadable before the rotation): ${n.unreadable.slice(0, 10).join(', ')}`,
        );
      }
    }
    console.log(
      'rotation finished: start every replica with MASTER_KEY set to the new key. Keep the old key as long as backups taken before now.',
    );
    return 0;
  } finally {
    await orm.close(true);
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`keys:rotate-master failed: ${(err as Error).message}`);
    process.exit(2);
  },
);
