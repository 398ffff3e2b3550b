import { gatewayError } from '../errors';
import type { AttemptGuard } from './attempt-guard';

export const TOO_MANY_ATTEMPTS = 'Too many failed attempts; try again later.';

/** RATE_LIMITED with the seconds to wait, in `extensions.retryAfter`. */
export const rateLimited = (retryAfter: number, message = TOO_MANY_ATTEMPTS) =>
  gatewayError('RATE_LIMITED', message, { retryAfter });

/**
 * Checks a secret under a guard: RATE_LIMITED when the subject or address may not try now (the secret is then not
 * checked at all), `wrong()` when it does not match.
 */
export async function requireSecret(
  guard: AttemptGuard,
  subject: string,
  address: string,
  verify: () => Promise<boolean>,
  wrong: () => Error,
): Promise<void> {
  const verdict = await guard.check(subject, address, verify);
  if (verdict.kind === 'limited') throw rateLimited(verdict.retryAfterSeconds);
  if (verdict.kind === 'refused') throw wrong();
}
