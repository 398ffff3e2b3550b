/** How SQLite and PostgreSQL say no, told apart: callers retry, withhold or answer by which it was. */

/** A unique-constraint failure, as SQLite and PostgreSQL word it. */
export const isUniqueViolation = (err: unknown): boolean =>
  /UNIQUE constraint failed|duplicate key value/i.test(String((err as Error | undefined)?.message ?? err));

/**
 * The database refused the values themselves (a constraint, a type, a length), as opposed to being busy, full or
 * unreachable: retrying other rows can succeed where these failed.
 */
export function isValueRefused(err: unknown): boolean {
  const code = String((err as { code?: unknown } | undefined)?.code ?? '');
  return /^SQLITE_(CONSTRAINT|MISMATCH|TOOBIG|RANGE)$/.test(code) || /^2[23][0-9A-Z]{3}$/.test(code);
}

/** The database was locked past its busy timeout: a retryable condition, not a fault. */
export const isBusy = (err: unknown): boolean =>
  /SQLITE_BUSY|database is locked|lock timeout|could not obtain lock/i.test(
    String((err as Error | undefined)?.message ?? ''),
  );
