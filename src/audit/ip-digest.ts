import { createHmac } from 'node:crypto';

/** The keyed digest of a client address that the access-log chain commits to in place of the address. */
export type IpDigest = (ip: string) => string;

/**
 * Keyed by a derived secret kept in `key_state` (crypto/derived-keys), which a master-key rotation re-wraps but never
 * changes, so digests stay comparable; keyed, so the digest of an erased address cannot be confirmed without it.
 */
export function ipDigester(key: Buffer): IpDigest {
  return (ip) => createHmac('sha256', key).update(ip).digest('hex');
}
