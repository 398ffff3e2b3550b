/**
 * `npm run -s audit:checkpoint -- --out head.jws`: writes the signed head of the access log to a file (or prints
 * it on stdout without `--out`), to be kept outside this gateway. Messages go to stderr, so stdout is the JWS alone.
 */
import fs from 'node:fs';
import { signCheckpoint } from '../audit/checkpoint';
import { withStore } from './open-store';

const at = process.argv.indexOf('--out');
const out = at >= 0 ? process.argv[at + 1] : undefined;

withStore(async ({ knex, keys }) => {
  if (at >= 0 && !out) {
    console.error('usage: audit:checkpoint [--out FILE]');
    return 2;
  }
  const signed = await signCheckpoint(knex, keys, new Date());
  if (!signed) {
    console.error('the access log is empty: nothing to checkpoint');
    return 1;
  }
  if (out) fs.writeFileSync(out, `${signed.jws}\n`, { mode: 0o600 });
  else console.log(signed.jws);
  console.error(
    `checkpoint of row ${signed.checkpoint.seq}, head ${signed.checkpoint.hash}${out ? `, written to ${out}` : ''}`,
  );
  return 0;
}).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`audit:checkpoint failed: ${(err as Error).message}`);
    process.exit(2);
  },
);
