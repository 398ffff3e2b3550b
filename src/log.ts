/**
 * Structured operator logs. Driver errors quote the statement with its values inlined, which would put personal
 * data in the log, so only the driver's own reason (after the last " - ") and code are kept.
 */
export function errorSummary(err: unknown): string {
  if (!(err instanceof Error)) return 'non-error thrown';
  const reason = err.message.split('\n')[0]!.split(' - ').at(-1)!.slice(0, 200);
  const code = (err as { code?: unknown }).code;
  return `${err.name}${typeof code === 'string' ? ` ${code}` : ''}: ${reason}`;
}

export function logError(msg: string, fields: Record<string, unknown>, err: unknown): void {
  console.error(JSON.stringify({ level: 'error', time: new Date().toISOString(), msg, ...fields, error: errorSummary(err) }));
}
