/**
 * `npm run audit:verify [-- --checkpoint <jws or file>]`: walks the access-log hash chain and, given a signed
 * checkpoint kept elsewhere, checks the log still reaches it. Exit code 1 when anything is broken.
 */
import fs from 'node:fs';
import { verifyChain } from '../audit/verify';
import { checkCheckpoint } from '../audit/checkpoint';
import { withStore } from './open-store';

async function main(): Promise<number> {
  const at = process.argv.indexOf('--checkpoint');
  const arg = at >= 0 ? process.argv[at + 1] : undefined;
  return withStore(async ({ knex, keys }) => {
    const result = await verifyChain(knex, keys.verifyKey);
    if (!result.ok) {
      console.log(`BROKEN at row ${result.brokenAt}: ${result.reason} (${result.rows} rows verified before it)`);
      return 1;
    }
    console.log(`verified ${result.rows} rows; head ${result.head}`);
    if (arg) {
      const jws = fs.existsSync(arg) ? fs.readFileSync(arg, 'utf8').trim() : arg;
      const check = await checkCheckpoint(knex, keys, jws);
      if (!check.ok) {
        console.log(`CHECKPOINT FAILED: ${check.reason}`);
        return 1;
      }
      console.log(`checkpoint of row ${check.checkpoint.seq} (${check.checkpoint.at}) holds`);
    }
    return 0;
  });
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`audit:verify failed: ${(err as Error).message}`);
    process.exit(2);
  },
);
