import argon2 from 'argon2';

/** OWASP password storage cheat sheet: argon2id, 19 MiB, 2 iterations, 1 lane. */
const options = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashSecret = (secret: string): Promise<string> => argon2.hash(secret, options);

/** A hash to verify against when the account does not exist, so unknown ids cost as much as wrong secrets. */
let decoy: Promise<string> | undefined;

export async function verifySecret(hash: string | undefined, secret: string): Promise<boolean> {
  decoy ??= hashSecret('decoy-secret-for-unknown-accounts');
  const target = hash ?? (await decoy);
  const ok = await argon2.verify(target, secret).catch(() => false);
  return ok && hash !== undefined;
}
