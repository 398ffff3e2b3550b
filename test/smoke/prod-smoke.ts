/**
 * The production smoke run's HTTP part (`.ci/run`): `ts-node test/smoke/prod-smoke.ts <url> <adminLoginId>
 * <oneTimePassword>` against a built gateway started with NODE_ENV=production. Prints each step; exit 1 on the
 * first one that fails.
 */
import { onboard } from './onboarding';

const [url, loginId, password] = process.argv.slice(2);
if (!url || !loginId || !password) {
  console.error('usage: prod-smoke <url> <adminLoginId> <oneTimePassword>');
  process.exit(2);
}
onboard(url, loginId, password, 'https://hooks.fast-courier.example/gateway').then(
  (result) => {
    for (const step of result.steps) console.log(`ok - ${step}`);
    process.exit(0);
  },
  (err: unknown) => {
    console.log(`not ok - ${(err as Error).message}`);
    process.exit(1);
  },
);
