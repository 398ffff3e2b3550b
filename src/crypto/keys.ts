import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type JWK, type CryptoKey } from 'jose';
import type { Config } from '../config';

export const SIGNING_ALG = 'EdDSA';

export interface KeyRing {
  readonly signingKey: CryptoKey;
  readonly verifyKey: CryptoKey;
  readonly publicJwk: JWK;
  readonly masterKey: Buffer;
}

/**
 * Production takes its keys from the environment and refuses to start without them; elsewhere they are
 * generated once into `DATA_DIR/keys` so that a fresh data directory is a fresh gateway.
 */
export async function loadKeyRing(config: Config): Promise<KeyRing> {
  const dir = path.join(config.dataDir, 'keys');
  if (config.production && (!config.signingKey || !config.masterKey)) {
    throw new Error('SIGNING_KEY and MASTER_KEY must be provided in production');
  }
  const privateJwk = config.signingKey ? (JSON.parse(config.signingKey) as JWK) : await devSigningJwk(dir);
  const masterKey = config.masterKey ? Buffer.from(config.masterKey, 'base64') : devMasterKey(dir);
  if (masterKey.length !== 32) throw new Error('MASTER_KEY must be 32 bytes, base64-encoded');
  const { d: _d, ...publicPart } = privateJwk;
  const kid = privateJwk.kid ?? 'signing-1';
  const publicJwk: JWK = { ...publicPart, kid, alg: SIGNING_ALG, use: 'sig' };
  return {
    signingKey: (await importJWK({ ...privateJwk, alg: SIGNING_ALG }, SIGNING_ALG)) as CryptoKey,
    verifyKey: (await importJWK(publicJwk, SIGNING_ALG)) as CryptoKey,
    publicJwk,
    masterKey,
  };
}

async function devSigningJwk(dir: string): Promise<JWK> {
  const file = path.join(dir, 'signing.jwk.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as JWK;
  const { privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: `dev-${randomBytes(6).toString('hex')}` };
  writeSecret(file, JSON.stringify(jwk));
  return jwk;
}

function devMasterKey(dir: string): Buffer {
  const file = path.join(dir, 'master.key');
  if (fs.existsSync(file)) return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  const key = randomBytes(32);
  writeSecret(file, key.toString('base64'));
  return key;
}

function writeSecret(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, content, { mode: 0o600, flag: 'wx' });
}
