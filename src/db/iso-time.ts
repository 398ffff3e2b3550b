/** A datetime column as ISO text: SQLite hands back epoch milliseconds, PostgreSQL a Date. */
export const isoTime = (v: unknown): string | null =>
  v == null ? null : new Date(v as string | number | Date).toISOString();
