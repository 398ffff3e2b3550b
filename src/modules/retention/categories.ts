import type { Period } from './period';

/**
 * What the law keeps after withdrawal (§4), for how long, from when, and on which basis. Each period runs from the
 * event the law names: the withdrawal, the last payment or supply, the last step of the last complaint, the visit.
 * `what` is how the published policy names the record.
 */
export const RETENTION = {
  CONTRACT_WITHDRAWAL: {
    what: 'Records on contracts or withdrawal of subscription',
    period: { years: 5 },
    basis:
      'Act on Consumer Protection in Electronic Commerce: records on contract or subscription withdrawal (5 years)',
  },
  PAYMENT_SUPPLY: {
    what: 'Records on payment and supply of goods',
    period: { years: 5 },
    basis: 'Act on Consumer Protection in Electronic Commerce: records on payment and supply of goods (5 years)',
  },
  COMPLAINT: {
    what: 'Records on consumer complaints or dispute handling',
    period: { years: 3 },
    basis:
      'Act on Consumer Protection in Electronic Commerce: records on consumer complaints or dispute handling (3 years)',
  },
  VISIT_LOG: {
    what: 'Records on visits (log-in records)',
    period: { months: 3 },
    basis: 'Communications Secrets Protection Act: records on visits (3 months)',
  },
} as const satisfies Record<string, { what: string; period: Period; basis: string }>;

export type RetentionCategory = keyof typeof RETENTION;

export const RETENTION_CATEGORIES = Object.keys(RETENTION) as RetentionCategory[];

/** "5 years", "3 months", as the policy states a period. */
export const describePeriod = ({ years = 0, months = 0 }: Period): string =>
  [years ? `${years} year${years === 1 ? '' : 's'}` : '', months ? `${months} month${months === 1 ? '' : 's'}` : '']
    .filter(Boolean)
    .join(' and ');
