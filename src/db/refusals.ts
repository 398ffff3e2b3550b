/**
 * How SQLite and PostgreSQL say no, told apart by the driver's error code (kept on MikroORM's wrapped errors too):
 * callers retry, withhold or answer by which it was.
 */

const codeOf = (err: unknown): string => String((err as { code?: unknown } | undefined)?.code ?? '');

/** PostgreSQL's SQLSTATE unique_violation. */
const PG_UNIQUE_VIOLATION = '23505';
/** PostgreSQL's lock_not_available: lock_timeout ran out, or NOWAIT found the lock held. */
const PG_LOCK_NOT_AVAILABLE = '55P03';

/**
 * A unique-constraint failure. SQLite's driver gives one code, SQLITE_CONSTRAINT, for every kind of constraint (its
 * extended codes are not passed on), so only there the message tells UNIQUE from NOT NULL or CHECK.
 */
export function isUniqueViolation(err: unknown): boolean {
  const code = codeOf(err);
  if (code === PG_UNIQUE_VIOLATION) return true;
  return code === 'SQLITE_CONSTRAINT' && /UNIQUE constraint failed/.test(String((err as Error).message));
}

/**
 * The database refused the values themselves (a constraint, a type, a length), as opposed to being busy, full or
 * unreachable: retrying other rows can succeed where these failed.
 */
export function isValueRefused(err: unknown): boolean {
  const code = codeOf(err);
  return /^SQLITE_(CONSTRAINT|MISMATCH|TOOBIG|RANGE)$/.test(code) || /^2[23][0-9A-Z]{3}$/.test(code);
}

/** The database was locked past its busy timeout: a retryable condition, not a fault. */
export const isBusy = (err: unknown): boolean => {
  const code = codeOf(err);
  return code === 'SQLITE_BUSY' || code === PG_LOCK_NOT_AVAILABLE;
};
