/** A retention period in calendar units: 5 years runs to the same date 5 years later, not 5 × 365 days. */
export interface Period {
  readonly years?: number;
  readonly months?: number;
}

/**
 * `start` plus the period, in UTC calendar terms, at the same time of day. A day the target month lacks (29 February,
 * 31 April) falls back to that month's last day: the period never runs past the end of its month.
 */
export function addPeriod(start: Date, period: Period): Date {
  const months = start.getUTCMonth() + (period.years ?? 0) * 12 + (period.months ?? 0);
  const year = start.getUTCFullYear() + Math.floor(months / 12);
  const month = ((months % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const out = new Date(start.getTime());
  out.setUTCFullYear(year, month, Math.min(start.getUTCDate(), lastDay));
  return out;
}
