/** A unique-constraint failure, as SQLite and PostgreSQL word it. */
export const isUniqueViolation = (err: unknown): boolean =>
  /UNIQUE constraint failed|duplicate key value/i.test(String((err as Error | undefined)?.message ?? err));
