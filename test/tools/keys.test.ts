import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { parseEnv } from 'node:util';
import { loadConfig } from '../../src/config';
import { loadKeyRing } from '../../src/crypto/keys';

const ROOT = path.resolve(__dirname, '../..');

const run = (
  file: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ stdout: string; stderr: string }> =>
  new Promise((resolve, reject) => {
    execFile(file, args, { cwd: ROOT, env }, (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve({ stdout, stderr }),
    );
  });

/** `npm run keys`, as an operator runs it. */
const keysCommand = (...args: string[]) =>
  run(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/tools/keys.ts', ...args]);

describe('npm run keys', () => {
  let dir: string;
  let printed: { stdout: string; stderr: string };
  before(async function () {
    this.timeout(120_000);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-keys-tool-'));
    printed = await keysCommand();
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints SIGNING_KEY and MASTER_KEY as .env lines on stdout, and where they go on stderr', () => {
    const lines = printed.stdout.trim().split('\n');
    expect(lines).to.have.length(2);
    expect(lines[0]).to.match(/^SIGNING_KEY='\{.*\}'$/);
    expect(lines[1]).to.match(/^MASTER_KEY=[A-Za-z0-9+/]{43}=$/);
    expect(printed.stderr).to.include('secret store');
    expect(printed.stderr).to.include('.env');
    expect(printed.stderr).to.include('Never commit');
    expect(printed.stderr).to.include('same values');
    const env = parseEnv(printed.stdout);
    expect(printed.stderr, 'no secret on stderr').to.not.include((JSON.parse(env.SIGNING_KEY!) as { d: string }).d);
    expect(printed.stderr, 'no secret on stderr').to.not.include(env.MASTER_KEY!);
  });

  it('prints a private Ed25519 JWK with a fresh, dated kid, and 32 random bytes', () => {
    const env = parseEnv(printed.stdout);
    const jwk = JSON.parse(env.SIGNING_KEY!) as Record<string, string>;
    expect(jwk).to.include({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    expect(jwk.d).to.be.a('string');
    const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    expect(jwk.kid).to.match(new RegExp(`^sig-${day}-[0-9a-f]{6}$`));
    expect(Buffer.from(env.MASTER_KEY!, 'base64')).to.have.length(32);
  });

  it('is accepted by the gateway as Node’s env-file parser (process.loadEnvFile’s) reads it', async () => {
    const env = parseEnv(printed.stdout);
    const ring = await loadKeyRing(
      loadConfig({ NODE_ENV: 'production', DATA_DIR: dir, SIGNING_KEY: env.SIGNING_KEY, MASTER_KEY: env.MASTER_KEY }),
    );
    expect(ring.publicJwk.kid).to.equal((JSON.parse(env.SIGNING_KEY!) as { kid: string }).kid);
    expect(ring.masterKey.toString('base64')).to.equal(env.MASTER_KEY);
    expect(fs.readdirSync(dir), 'nothing generated: both keys came from the lines').to.deep.equal([]);
  });

  it('is accepted by the gateway as a shell reads it (set -a; . file)', async () => {
    const file = path.join(dir, '.env');
    fs.writeFileSync(file, printed.stdout, { mode: 0o600 });
    const script =
      'set -a; . "$1"; set +a; exec "$2" -e "process.stdout.write(JSON.stringify({ s: process.env.SIGNING_KEY, m: process.env.MASTER_KEY }))"';
    const { stdout } = await run('/bin/sh', ['-c', script, 'sh', file, process.execPath]);
    const { s, m } = JSON.parse(stdout) as { s: string; m: string };
    expect({ s, m }).to.deep.equal({ s: parseEnv(printed.stdout).SIGNING_KEY, m: parseEnv(printed.stdout).MASTER_KEY });
    const ring = await loadKeyRing(
      loadConfig({ NODE_ENV: 'production', DATA_DIR: dir, SIGNING_KEY: s, MASTER_KEY: m }),
    );
    expect(ring.publicJwk).to.not.have.property('d');
  });

  it('--signing-only prints a new signing key alone, for a rotation', async function () {
    this.timeout(120_000);
    const { stdout, stderr } = await keysCommand('--signing-only');
    const env = parseEnv(stdout);
    expect(Object.keys(env)).to.deep.equal(['SIGNING_KEY']);
    expect(JSON.parse(env.SIGNING_KEY!).kid).to.not.equal(JSON.parse(parseEnv(printed.stdout).SIGNING_KEY!).kid);
    expect(stderr).to.include('rotation');
  });
});
