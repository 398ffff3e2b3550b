import { createHmac } from 'node:crypto';

/** The keyed digest of a client address that the access-log chain commits to in place of the address. */
export type IpDigest = (ip: string) => string;

/**
 * The key is derived from the master key under its own label, here only, so its derivation can move with the
 * other derived secrets. Keyed, so the digest of an erased address cannot be confirmed without the key.
 */
export function ipDigester(masterKey: Buffer): IpDigest {
  const key = createHmac('sha256', masterKey).update('access-log-client-ip').digest();
  return (ip) => createHmac('sha256', key).update(ip).digest('hex');
}
