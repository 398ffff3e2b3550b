import type { Config } from '../config';
import type { Limiter, LimiterFactory } from './limiter';
import { attemptGuard, type AttemptGuard } from './attempt-guard';

const QUARTER_HOUR = 15 * 60_000;

/** Every throttle of the gateway, each reserving before the work it guards. */
export interface Throttles {
  /** Messages sent per contact (codes and guardian requests alike). */
  readonly messagesPerContact: Limiter;
  /** Messages one client address may make the gateway send. */
  readonly messagesPerAddress: Limiter;
  /** Code entries per contact, and per address; a correct code clears the contact. */
  readonly codeEntriesPerContact: Limiter;
  readonly codeEntriesPerAddress: Limiter;
  /** Passwords at log-in, per login id and address. */
  readonly login: AttemptGuard;
  /** Client secrets at /oauth/token, per client id and address. */
  readonly clientSecret: AttemptGuard;
  /** The current password inside a session (changePassword, withdrawMembership, …), per principal and address. */
  readonly reauthentication: AttemptGuard;
  /**
   * Answers that a login id or e-mail is held by another account (CONFLICT), per principal and per address: each is
   * reserved before the uniqueness check and kept only when the answer is CONFLICT, so nobody enumerates identifiers.
   */
  readonly identifierConflictsPerPrincipal: Limiter;
  readonly identifierConflictsPerAddress: Limiter;
  /** Query cost per principal (or address) per minute; null when switched off. */
  readonly cost: Limiter | null;
}

export function gatewayThrottles(limiters: LimiterFactory, config: Config): Throttles {
  return {
    messagesPerContact: limiters('messages:contact', 3, QUARTER_HOUR),
    messagesPerAddress: limiters('messages:ip', 10, QUARTER_HOUR),
    codeEntriesPerContact: limiters('codes:contact', 5, QUARTER_HOUR),
    codeEntriesPerAddress: limiters('codes:ip', 30, QUARTER_HOUR),
    login: attemptGuard(limiters, 'login'),
    clientSecret: attemptGuard(limiters, 'client'),
    reauthentication: attemptGuard(limiters, 'reauth'),
    identifierConflictsPerPrincipal: limiters('conflicts:principal', 5, QUARTER_HOUR),
    identifierConflictsPerAddress: limiters('conflicts:ip', 10, QUARTER_HOUR),
    cost: config.costBudgetPerMinute > 0 ? limiters('cost', config.costBudgetPerMinute, 60_000) : null,
  };
}
