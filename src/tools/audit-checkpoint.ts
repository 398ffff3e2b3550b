/** `npm run audit:checkpoint`: prints the signed head of the access log, to be kept outside this gateway. */
import { signCheckpoint } from '../audit/checkpoint';
import { withStore } from './open-store';

withStore(async ({ knex, keys }) => {
  const signed = await signCheckpoint(knex, keys, new Date());
  if (!signed) {
    console.error('the access log is empty: nothing to checkpoint');
    return 1;
  }
  console.error(`checkpoint of row ${signed.checkpoint.seq}, head ${signed.checkpoint.hash}`);
  console.log(signed.jws);
  return 0;
}).then((code) => process.exit(code), (err: unknown) => {
  console.error(`audit:checkpoint failed: ${(err as Error).message}`);
  process.exit(2);
});
