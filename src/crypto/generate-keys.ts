import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { SIGNING_ALG } from './keys';

/**
 * A new Ed25519 private JWK for SIGNING_KEY. Its kid is dated and random (`sig-20261202-ab12cd`): every key
 * gets a kid of its own, which the gateway requires (a kid once retired is never accepted again).
 */
export async function newSigningJwk(now: Date): Promise<JWK> {
  const { privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const { kty, crv, x, d } = await exportJWK(privateKey);
  const day = now.toISOString().slice(0, 10).replace(/-/g, '');
  return { kty, crv, x, d, kid: `sig-${day}-${randomBytes(3).toString('hex')}`, alg: SIGNING_ALG };
}

/** A new MASTER_KEY: base64 of 32 random bytes. */
export const newMasterKey = (): string => randomBytes(32).toString('base64');

/**
 * The keys as `.env` lines, read alike by a shell (`set -a; . ./.env`), Node's `process.loadEnvFile` and the
 * usual env-file loaders: the JWK in single quotes (JSON of base64url text holds none), the base64 bare.
 */
export function envLines(keys: { readonly signingKey: JWK; readonly masterKey?: string | undefined }): string[] {
  return [
    `SIGNING_KEY='${JSON.stringify(keys.signingKey)}'`,
    ...(keys.masterKey ? [`MASTER_KEY=${keys.masterKey}`] : []),
  ];
}
