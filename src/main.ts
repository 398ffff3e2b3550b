import 'reflect-metadata';
import fs from 'node:fs';
import { loadConfig } from './config';
import { createGateway } from './app';

async function main(): Promise<void> {
  // ./.env fills in what the real environment leaves unset; a variable set in both keeps its real value.
  if (fs.existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  const gateway = await createGateway(config);
  const url = await gateway.listen();
  console.log(
    `Membership gateway ready at ${url}/graphql (${config.dbUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`})`,
  );
  if (!config.production)
    console.log(`Open ${url}/graphql in a browser for Apollo Sandbox; demo accounts are listed in README.md.`);
  // Jobs end first (a few seconds at most), then the database closes; a close that fails still ends the process.
  const stop = () =>
    void gateway.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('Gateway failed to stop cleanly:', err instanceof Error ? err.message : err);
        process.exit(1);
      },
    );
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error('Gateway failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
