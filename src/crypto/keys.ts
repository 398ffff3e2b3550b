import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { errors, exportJWK, generateKeyPair, importJWK, type JWK, type CryptoKey } from 'jose';
import type { Config } from '../config';
import type { Clock } from '../clock';

export const SIGNING_ALG = 'EdDSA';

/** Resolves the key that verifies a JWS from its protected header (jose's key-function form): by `kid`. */
export type VerifyKey = (header: { readonly kid?: string | undefined }) => Promise<CryptoKey>;

/** A public key this gateway has signed with, as recorded for every replica to see. */
export interface RecordedKey {
  readonly jwk: JWK;
  readonly key: CryptoKey;
  /** When another key took over signing; null while it is the signing key. */
  readonly supersededAt: Date | null;
}

/** The keys recorded beside this process's own (src/crypto/signing-keys.ts reads them from the database). */
export interface KeyDirectory {
  find(kid: string): Promise<RecordedKey | undefined>;
  list(): Promise<readonly RecordedKey[]>;
}

export interface KeyRing {
  /** Signs new tokens and statements: the key in `SIGNING_KEY`. */
  readonly signingKey: CryptoKey;
  /** Its public half, with its `kid`. */
  readonly publicJwk: JWK;
  readonly masterKey: Buffer;
  /**
   * Verifies what the gateway signed to be kept (checkpoints, purge anchors): by `kid`, against every key it has
   * ever signed with, so a rotation never invalidates them.
   */
  readonly verifyKey: VerifyKey;
  /**
   * Verifies tokens that live `lifetimeSeconds`: by `kid`, the signing key, or a key superseded less than that long
   * ago (no token it signed can be valid later). A token without `kid` is checked against the signing key only.
   */
  verifyKeyFor(lifetimeSeconds: number): VerifyKey;
  /** The public keys `verifyKeyFor(lifetimeSeconds)` accepts now, the signing key first. */
  publicJwks(lifetimeSeconds: number): Promise<JWK[]>;
}

/**
 * Production takes its keys from the environment and refuses to start without them; elsewhere they are
 * generated once into `DATA_DIR/keys` so that a fresh data directory is a fresh gateway. The ring knows only its
 * own signing key until `startKeys` (src/crypto/start-keys.ts) joins it to the keys recorded in the database.
 */
export async function loadKeyRing(config: Config): Promise<KeyRing> {
  const dir = path.join(config.dataDir, 'keys');
  if (config.production && (!config.signingKey || !config.masterKey)) {
    throw new Error('SIGNING_KEY and MASTER_KEY must be provided in production');
  }
  const privateJwk = config.signingKey ? parseSigningKey(config.signingKey) : await devSigningJwk(dir);
  const masterKey = config.masterKey ? Buffer.from(config.masterKey, 'base64') : devMasterKey(dir);
  if (masterKey.length !== 32) throw new Error('MASTER_KEY must be 32 bytes, base64-encoded');
  const { d: _d, ...publicPart } = privateJwk;
  const kid = privateJwk.kid ?? 'signing-1';
  const publicJwk: JWK = { ...publicPart, kid, alg: SIGNING_ALG, use: 'sig' };
  const own: RecordedKey = {
    jwk: publicJwk,
    key: (await importJWK(publicJwk, SIGNING_ALG)) as CryptoKey,
    supersededAt: null,
  };
  const signingKey = (await importJWK({ ...privateJwk, alg: SIGNING_ALG }, SIGNING_ALG)) as CryptoKey;
  return keyRing(signingKey, own, masterKey, null, null);
}

/**
 * A ring whose verification also knows the keys of `directory`; their windows are measured on `clock`. The
 * signing key always verifies here, whatever another replica recorded about it, since this process signs with it.
 */
export function keyRing(
  signingKey: CryptoKey,
  own: RecordedKey,
  masterKey: Buffer,
  directory: KeyDirectory | null,
  clock: Clock | null,
): KeyRing {
  const open = (k: RecordedKey, lifetimeSeconds: number): boolean =>
    k.supersededAt === null ||
    clock === null ||
    clock.now().getTime() < k.supersededAt.getTime() + lifetimeSeconds * 1000;
  const verifyKeyFor =
    (lifetimeSeconds: number): VerifyKey =>
    async ({ kid }) => {
      if (kid === undefined || kid === own.jwk.kid) return own.key;
      const found = directory ? await directory.find(kid) : undefined;
      if (!found || !open(found, lifetimeSeconds)) throw new errors.JWKSNoMatchingKey();
      return found.key;
    };
  return {
    signingKey,
    publicJwk: own.jwk,
    masterKey,
    verifyKey: verifyKeyFor(Infinity),
    verifyKeyFor,
    async publicJwks(lifetimeSeconds) {
      const others = directory
        ? (await directory.list()).filter((k) => k.jwk.kid !== own.jwk.kid && open(k, lifetimeSeconds))
        : [];
      return [own.jwk, ...others.map((k) => k.jwk)];
    },
  };
}

/** The private JWK in `SIGNING_KEY`, refused with a message naming the variable when it is not one. */
function parseSigningKey(text: string): JWK {
  let jwk: JWK;
  try {
    jwk = JSON.parse(text) as JWK;
  } catch {
    throw new Error('SIGNING_KEY is not JSON: it must be an Ed25519 private JWK (npm run keys prints one)');
  }
  if (jwk?.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.d !== 'string' || typeof jwk.x !== 'string') {
    throw new Error(
      'SIGNING_KEY must be an Ed25519 private JWK (kty OKP, crv Ed25519, with d and x; npm run keys prints one)',
    );
  }
  return jwk;
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
