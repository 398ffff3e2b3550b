/** A period as the law states it: calendar years or months, never a count of days. */
export type RetentionPeriod = { readonly years: number } | { readonly months: number };

/**
 * What the law keeps after withdrawal (§4), how long, on which basis. The published policy states `period`;
 * `days` is what handover counts today (see `periodEnd` for the calendar end the law means).
 */
export const RETENTION = {
  CONTRACT_WITHDRAWAL: {
    what: 'Records on contracts or withdrawal of subscription',
    period: { years: 5 },
    days: 5 * 365,
    basis: 'Act on Consumer Protection in Electronic Commerce: records on contract or subscription withdrawal (5 years)',
  },
  PAYMENT_SUPPLY: {
    what: 'Records on payment and supply of goods',
    period: { years: 5 },
    days: 5 * 365,
    basis: 'Act on Consumer Protection in Electronic Commerce: records on payment and supply of goods (5 years)',
  },
  COMPLAINT: {
    what: 'Records on consumer complaints or dispute handling',
    period: { years: 3 },
    days: 3 * 365,
    basis: 'Act on Consumer Protection in Electronic Commerce: records on consumer complaints or dispute handling (3 years)',
  },
  VISIT_LOG: {
    what: 'Records on visits (log-in records)',
    period: { months: 3 },
    days: 90,
    basis: 'Communications Secrets Protection Act: records on visits (3 months)',
  },
} as const satisfies Record<string, { what: string; period: RetentionPeriod; days: number; basis: string }>;

export type RetentionCategory = keyof typeof RETENTION;

export const RETENTION_CATEGORIES = Object.keys(RETENTION) as RetentionCategory[];

/** The end of a period that starts at `from`, in calendar terms (UTC): 29 February plus 1 year is 1 March. */
export function periodEnd(from: Date, period: RetentionPeriod): Date {
  const end = new Date(from);
  if ('years' in period) end.setUTCFullYear(end.getUTCFullYear() + period.years);
  else end.setUTCMonth(end.getUTCMonth() + period.months);
  return end;
}

/** "5 years", "3 months", as the policy states a period. */
export const describePeriod = (period: RetentionPeriod): string =>
  'years' in period ? `${period.years} year${period.years === 1 ? '' : 's'}` : `${period.months} month${period.months === 1 ? '' : 's'}`;
