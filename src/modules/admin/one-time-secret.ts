import { randomBytes } from 'node:crypto';

/** A generated password or client secret, shown once: 144 random bits, URL-safe. */
export const oneTimeSecret = (): string => randomBytes(18).toString('base64url');
