/**
 * `npm run admin -- create-admin <loginId> [--name "Full Name"]`: the first administrator of a new gateway, with a
 * one-time password printed once on stdout (it must be changed at first log-in).
 * `npm run admin -- reset-password <loginId>`: a one-time password for a locked-out staff account.
 * Both are rows of the access log; both work on SQLite and PostgreSQL, in production as `node dist/src/tools/admin.js`.
 */
import 'reflect-metadata';
import { ipDigester } from '../audit/ip-digest';
import { accessLogWriter } from '../audit/writer';
import { dialectOf } from '../db/orm';
import { createAdmin, resetStaffPassword } from '../modules/staff';
import { withStore } from './open-store';

const USAGE = 'usage: admin create-admin <loginId> [--name "Full Name"] | admin reset-password <loginId>';

async function main(argv: string[]): Promise<number> {
  const [command, loginId] = argv;
  if ((command !== 'create-admin' && command !== 'reset-password') || !loginId) {
    console.error(USAGE);
    return 2;
  }
  const at = argv.indexOf('--name');
  const name = (at >= 0 ? argv[at + 1] : undefined)?.trim() || 'Administrator';
  return withStore(async ({ knex, config, derived }) => {
    const log = accessLogWriter(knex, dialectOf(config), undefined, ipDigester(derived.ipDigestKey));
    try {
      const password =
        command === 'create-admin'
          ? await createAdmin(knex, log, loginId, name)
          : await resetStaffPassword(knex, log, loginId);
      console.error(
        `${command === 'create-admin' ? 'created ADMIN' : 'reset the password of'} ${loginId}; one-time password (shown once, change it at first log-in):`,
      );
      console.log(password);
      return 0;
    } finally {
      await log.close();
    }
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`admin: ${(err as Error).message}`);
    process.exit(1);
  },
);
