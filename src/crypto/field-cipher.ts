import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM envelope encryption. Each member has a data key, stored only wrapped by the master key; each field is
 * sealed under the data key with the member id and field name as associated data, so a ciphertext cannot be moved
 * to another member or field. Destroying the wrapped data key makes every field sealed under it unrecoverable.
 */
const VERSION = 'v1';

function seal(key: Buffer, plaintext: Buffer, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [VERSION, iv.toString('base64'), body.toString('base64'), cipher.getAuthTag().toString('base64')].join('.');
}

function open(key: Buffer, sealed: string, aad: string): Buffer {
  const [version, iv, body, tag] = sealed.split('.');
  if (version !== VERSION || !iv || !body || !tag) throw new Error('unrecognised ciphertext');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]);
}

export function newWrappedDataKey(masterKey: Buffer, ownerId: string): string {
  return wrapDataKey(masterKey, randomBytes(32), ownerId);
}

/** `dataKey` wrapped under `masterKey` for its owner: how a new key is stored, and how a rotation re-wraps one. */
export function wrapDataKey(masterKey: Buffer, dataKey: Buffer, ownerId: string): string {
  return seal(masterKey, dataKey, `data-key:${ownerId}`);
}

export function unwrapDataKey(masterKey: Buffer, wrapped: string, ownerId: string): Buffer {
  return open(masterKey, wrapped, `data-key:${ownerId}`);
}

export function encryptField(dataKey: Buffer, ownerId: string, field: string, value: string): string {
  return seal(dataKey, Buffer.from(value, 'utf8'), `${ownerId}:${field}`);
}

export function decryptField(dataKey: Buffer, ownerId: string, field: string, sealed: string): string {
  return open(dataKey, sealed, `${ownerId}:${field}`).toString('utf8');
}
