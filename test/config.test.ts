import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { exportJWK, generateKeyPair } from 'jose';
import { ConfigError, ENV_VARIABLES, loadConfig, type Config } from '../src/config';
import { loadKeyRing } from '../src/crypto/keys';

const ROOT = path.resolve(__dirname, '..');

/** The problems loadConfig reports for env (failing the test when it accepts it). */
function problems(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  expect.fail(`accepted ${JSON.stringify(env)}`);
}

describe('configuration', () => {
  describe('defaults', () => {
    it('gives every setting its documented default when nothing is set', () => {
      const expected: Config = {
        port: 4000,
        host: '127.0.0.1',
        dataDir: path.resolve('./data'),
        dbUrl: undefined,
        production: false,
        issuer: 'urn:bettra:membership-gateway',
        audience: 'urn:bettra:membership-api',
        seedDemo: true,
        masterKey: undefined,
        signingKey: undefined,
        reviewHourlyThreshold: 50,
        notifier: 'log',
        retention: {
          accessLogDays: 730,
          visitLogDays: 90,
          unconfirmedChildDays: 5,
          visitorComplaintMonths: 36,
          visitorCookieMonths: 12,
          notificationMonths: 3,
          codeTextMinutes: 60,
          intervalMinutes: 60,
        },
        costBudgetPerMinute: 100_000,
        requestTimeoutMs: 10_000,
        logRequests: false,
        logLevel: 'info',
        jobsIntervalSeconds: 30,
        accessLogIndexMs: 1000,
        assignmentDays: 30,
        lawfulRequestMaxDays: 30,
        policyTemplate: undefined,
      };
      expect(loadConfig({})).to.deep.equal(expected);
    });

    it('in production: the outbox, request lines, and never demo data (even when SEED_DEMO asks)', () => {
      const config = loadConfig({ NODE_ENV: 'production', SEED_DEMO: 'true' });
      expect(config).to.deep.include({
        production: true,
        notifier: 'outbox',
        logRequests: true,
        seedDemo: false,
        logLevel: 'info',
      });
    });

    it('listens on loopback in every mode; on every interface only when HOST says so', () => {
      for (const NODE_ENV of [undefined, 'development', 'test', 'production']) {
        expect(loadConfig({ NODE_ENV }).host, String(NODE_ENV)).to.equal('127.0.0.1');
      }
      expect(loadConfig({ HOST: '0.0.0.0' }).host).to.equal('0.0.0.0');
      expect(loadConfig({ HOST: '::' }).host).to.equal('::');
      expect(loadConfig({ HOST: 'gateway.internal' }).host).to.equal('gateway.internal');
    });

    it('reads a value around its spaces, and an empty one as unset', () => {
      expect(loadConfig({ PORT: ' 8080 ', RETENTION_INTERVAL_MINUTES: '', HOST: '' })).to.deep.include({
        port: 8080,
        host: '127.0.0.1',
        retention: {
          accessLogDays: 730,
          visitLogDays: 90,
          unconfirmedChildDays: 5,
          visitorComplaintMonths: 36,
          visitorCookieMonths: 12,
          notificationMonths: 3,
          codeTextMinutes: 60,
          intervalMinutes: 60,
        },
      });
    });

    it('takes 0 where it switches a schedule or the budget off', () => {
      const config = loadConfig({
        RETENTION_INTERVAL_MINUTES: '0',
        JOBS_INTERVAL_SECONDS: '0',
        ACCESS_LOG_INDEX_MS: '0',
        COST_BUDGET_PER_MINUTE: '0',
        PORT: '0',
      });
      expect(config).to.deep.include({ jobsIntervalSeconds: 0, accessLogIndexMs: 0, costBudgetPerMinute: 0, port: 0 });
      expect(config.retention.intervalMinutes).to.equal(0);
    });

    it('reads the new settings: ASSIGNMENT_DAYS and LOG_LEVEL', () => {
      expect(loadConfig({ ASSIGNMENT_DAYS: '90', LOG_LEVEL: 'debug' })).to.deep.include({
        assignmentDays: 90,
        logLevel: 'debug',
      });
    });
  });

  describe('booleans', () => {
    for (const [text, value] of [
      ['true', true],
      ['TRUE', true],
      ['1', true],
      ['yes', true],
      ['Yes', true],
      ['false', false],
      ['False', false],
      ['0', false],
      ['no', false],
      ['NO', false],
    ] as const) {
      it(`reads ${text} as ${value}`, () => {
        expect(loadConfig({ LOG_REQUESTS: text }).logRequests).to.equal(value);
        expect(loadConfig({ SEED_DEMO: text }).seedDemo).to.equal(value);
      });
    }

    it('refuses anything else, naming the variable', () => {
      for (const text of ['on', 'off', 'y', 'n', '2', 'truee', 'null']) {
        expect(problems({ LOG_REQUESTS: text })).to.deep.equal([
          `LOG_REQUESTS: expected true or false (or 1/0, yes/no), got "${text}"`,
        ]);
      }
    });
  });

  describe('refusals', () => {
    it('stops on a duration with a unit, saying what it expected', () => {
      expect(problems({ REQUEST_TIMEOUT_MS: '10s' })).to.deep.equal([
        'REQUEST_TIMEOUT_MS: expected a whole number of milliseconds (e.g. 10000), got "10s"',
      ]);
    });

    it('does not read a typo as 0: RETENTION_INTERVAL_MINUTES=6o does not turn retention off', () => {
      expect(problems({ RETENTION_INTERVAL_MINUTES: '6o' })).to.deep.equal([
        'RETENTION_INTERVAL_MINUTES: expected a whole number of minutes (e.g. 60), got "6o"',
      ]);
    });

    const bad: [string, string, RegExp][] = [
      ['PORT', '70000', /^PORT: expected a TCP port number from 0 to 65535, got "70000"$/],
      ['PORT', '-1', /^PORT: .*from 0 to 65535/],
      ['PORT', '4000.5', /^PORT: expected a TCP port number \(e\.g\. 4000\), got "4000\.5"$/],
      ['PORT', '0x50', /^PORT: expected a TCP port number/],
      ['HOST', 'my host', /^HOST: expected an IP address or host name .*got "my host"$/],
      ['HOST', 'http://0.0.0.0', /^HOST: expected an IP address or host name/],
      ['NODE_ENV', 'prod', /^NODE_ENV: expected one of development, production, test, got "prod"$/],
      ['NOTIFIER', 'email', /^NOTIFIER: expected one of log, outbox, got "email"$/],
      [
        'LOG_LEVEL',
        'verbose',
        /^LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "verbose"$/,
      ],
      ['TOKEN_ISSUER', 'bettra gateway', /^TOKEN_ISSUER: expected a URI or name .*without spaces/],
      ['TOKEN_AUDIENCE', 'x'.repeat(301), /^TOKEN_AUDIENCE: expected a URI or name/],
      [
        'ACCESS_REVIEW_HOURLY_THRESHOLD',
        '0',
        /^ACCESS_REVIEW_HOURLY_THRESHOLD: expected a whole number of members from 1 to/,
      ],
      ['ACCESS_LOG_RETENTION_DAYS', '2y', /^ACCESS_LOG_RETENTION_DAYS: expected a whole number of days \(e\.g\. 730\)/],
      ['VISIT_LOG_RETENTION_DAYS', '0', /^VISIT_LOG_RETENTION_DAYS: expected a whole number of days from 1 to 36500/],
      [
        'RETENTION_INTERVAL_MINUTES',
        '100000',
        /^RETENTION_INTERVAL_MINUTES: expected a whole number of minutes from 0 to 10080 \(0: never\)/,
      ],
      ['JOBS_INTERVAL_SECONDS', '1e3', /^JOBS_INTERVAL_SECONDS: expected a whole number of seconds/],
      ['ACCESS_LOG_INDEX_MS', '-5', /^ACCESS_LOG_INDEX_MS: expected a whole number of milliseconds from 0 to/],
      [
        'COST_BUDGET_PER_MINUTE',
        'unlimited',
        /^COST_BUDGET_PER_MINUTE: expected a whole number of cost units \(e\.g\. 100000\)/,
      ],
      ['REQUEST_TIMEOUT_MS', '0', /^REQUEST_TIMEOUT_MS: expected a whole number of milliseconds from 1 to 600000/],
      ['ASSIGNMENT_DAYS', '0', /^ASSIGNMENT_DAYS: expected a whole number of days from 1 to 3650/],
      ['ASSIGNMENT_DAYS', '3651', /^ASSIGNMENT_DAYS: expected a whole number of days from 1 to 3650/],
      ['LAWFUL_REQUEST_MAX_DAYS', '0', /^LAWFUL_REQUEST_MAX_DAYS: expected a whole number of days from 1 to 365/],
      [
        'POLICY_TEMPLATE',
        './no-such-template.md',
        /^POLICY_TEMPLATE: expected the path of a readable file, got "\.\/no-such-template\.md", which is no file$/,
      ],
      ['SEED_DEMO', 'maybe', /^SEED_DEMO: expected true or false/],
      [
        'DB_URL',
        'mysql://root:hunter2@db/gateway',
        /^DB_URL: expected a URL starting with postgres:\/\/ or postgresql:\/\/ .*got one starting "mysql:"$/,
      ],
      ['DB_URL', 'localhost:5432', /^DB_URL: expected a URL starting with postgres:\/\//],
      ['DB_URL', 'postgres://gw:hunter2@db:999999/gateway', /^DB_URL: .*not a valid URL/],
      [
        'MASTER_KEY',
        randomBytes(16).toString('base64'),
        /^MASTER_KEY: expected base64 of 32 random bytes .*got 16 bytes/,
      ],
      ['MASTER_KEY', 'not base64!', /^MASTER_KEY: expected base64 of 32 random bytes .*not base64/],
      ['SIGNING_KEY', 'hunter2', /^SIGNING_KEY: expected an Ed25519 private JWK as JSON .*not JSON/],
      [
        'SIGNING_KEY',
        '{"kty":"OKP","crv":"Ed25519","x":"hunter2"}',
        /^SIGNING_KEY: expected an Ed25519 private JWK as JSON .*not an Ed25519 private key/,
      ],
    ];
    for (const [name, value, message] of bad) {
      it(`refuses ${name}=${value.slice(0, 40)}, naming it`, () => {
        const found = problems({ [name]: value });
        expect(found).to.have.length(1);
        expect(found[0]).to.match(message);
      });
    }

    it('never repeats a value that may hold a secret', () => {
      for (const [name, value] of [
        ['DB_URL', 'mysql://root:hunter2@db/gateway'],
        ['DB_URL', 'postgres://gw:hunter2@db:999999/x'],
        ['MASTER_KEY', 'hunter2hunter2=='],
        ['SIGNING_KEY', '{"d":"hunter2"}'],
      ]) {
        expect(problems({ [name!]: value }).join('\n')).to.not.include('hunter2');
      }
    });

    it('reports every bad value at once, in one ConfigError, each on a line of its own', () => {
      let error: unknown;
      try {
        loadConfig({ PORT: 'http', SEED_DEMO: 'y', LOG_LEVEL: 'loud' });
      } catch (err) {
        error = err;
      }
      expect(error).to.be.instanceOf(ConfigError);
      const { problems: found, message } = error as ConfigError;
      expect(found.map((p) => p.split(':')[0])).to.deep.equal(['PORT', 'SEED_DEMO', 'LOG_LEVEL']);
      expect(
        message
          .split('\n')
          .slice(1)
          .map((l) => l.trim()),
      ).to.deep.equal(found);
    });
  });

  describe('production keys', () => {
    const dataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'gw-config-'));

    it('parses a production configuration without keys, but the gateway still refuses to start on it', async () => {
      const config = loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir() });
      expect(config).to.deep.include({ production: true, signingKey: undefined, masterKey: undefined });
      let error: unknown;
      await loadKeyRing(config).catch((e: unknown) => {
        error = e;
      });
      expect(String(error)).to.include('SIGNING_KEY and MASTER_KEY must be provided in production');
    });

    it('accepts well-formed keys, which the key ring then loads', async () => {
      const { privateKey } = await generateKeyPair('EdDSA', { extractable: true });
      const SIGNING_KEY = JSON.stringify(await exportJWK(privateKey));
      const MASTER_KEY = randomBytes(32).toString('base64');
      const config = loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir(), SIGNING_KEY, MASTER_KEY });
      expect(config).to.deep.include({ signingKey: SIGNING_KEY, masterKey: MASTER_KEY });
      expect((await loadKeyRing(config)).masterKey.length).to.equal(32);
    });
  });

  describe('documentation', () => {
    const names = (text: string) => [...new Set([...text.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]!))].sort();

    it('the README table lists every variable and nothing else', () => {
      const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
      const section = readme.slice(
        readme.indexOf('## Configuration'),
        readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1),
      );
      const firstCells = section
        .split('\n')
        .filter((l) => l.startsWith('| `'))
        .map((l) => l.split('|')[1]!)
        .join(' ');
      expect(names(firstCells)).to.deep.equal([...ENV_VARIABLES].sort());
    });

    it('.env.example lists every variable, and its defaults are the ones the gateway applies', () => {
      const lines = fs.readFileSync(path.join(ROOT, '.env.example'), 'utf8').split('\n');
      const settings = lines
        .map((l) => /^# ([A-Z][A-Z0-9_]+)=(.*)$/.exec(l))
        .filter((m) => m !== null)
        .map((m) => [m[1]!, m[2]!] as const);
      expect(settings.map(([name]) => name).sort()).to.deep.equal([...ENV_VARIABLES].sort());
      // Those three have no default: the example shows a form to fill in.
      const defaults = Object.fromEntries(
        settings.filter(([name]) => !['DB_URL', 'SIGNING_KEY', 'MASTER_KEY'].includes(name)),
      );
      expect(loadConfig(defaults)).to.deep.equal(loadConfig({}));
    });
  });

  describe('npm start (src/main.ts)', function () {
    this.timeout(60_000);

    /** main.ts run from `cwd` with only these configuration variables set; resolves when it exits. */
    const start = (cwd: string, env: NodeJS.ProcessEnv) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const base = Object.fromEntries(
          Object.entries(process.env).filter(([k]) => !(ENV_VARIABLES as string[]).includes(k)),
        );
        const proc = spawn(
          process.execPath,
          ['-r', require.resolve('ts-node/register/transpile-only'), path.join(ROOT, 'src/main.ts')],
          {
            cwd,
            env: { ...base, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'), ...env },
            stdio: ['ignore', 'ignore', 'pipe'],
          },
        );
        let stderr = '';
        proc.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
        const killer = setTimeout(() => proc.kill('SIGKILL'), 50_000);
        proc.once('exit', (code) => {
          clearTimeout(killer);
          resolve({ code, stderr });
        });
      });

    it('stops with exit code 1 and the problem, no stack trace', async () => {
      const { code, stderr } = await start(fs.mkdtempSync(path.join(os.tmpdir(), 'gw-config-')), {
        REQUEST_TIMEOUT_MS: '10s',
      });
      expect(code, stderr).to.equal(1);
      expect(stderr).to.include('REQUEST_TIMEOUT_MS: expected a whole number of milliseconds (e.g. 10000), got "10s"');
      expect(stderr).to.not.match(/\n\s+at /);
    });

    it('reads ./.env, where the real environment wins', async () => {
      const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-config-'));
      fs.writeFileSync(path.join(cwd, '.env'), '# a comment\nPORT=eighty\nREQUEST_TIMEOUT_MS=10s\n');
      const { code, stderr } = await start(cwd, { REQUEST_TIMEOUT_MS: '5000' });
      expect(code, stderr).to.equal(1);
      expect(stderr).to.include('PORT: expected a TCP port number (e.g. 4000), got "eighty"');
      expect(stderr).to.not.include('REQUEST_TIMEOUT_MS');
    });
  });
});
