/** A JSON array column: SQLite hands back its text, PostgreSQL the parsed value. */
export const jsonList = (value: unknown): string[] =>
  Array.isArray(value) ? value : typeof value === 'string' ? (JSON.parse(value) as string[]) : [];
