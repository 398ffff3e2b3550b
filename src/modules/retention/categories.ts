import type { Period } from './period';

/**
 * What the law keeps after withdrawal (§4), for how long, from when, and on which basis. Each period runs from the
 * event the law names: the withdrawal, the last payment or supply, the last step of the last complaint, the visit.
 */
export const RETENTION = {
  CONTRACT_WITHDRAWAL: { period: { years: 5 }, basis: 'Act on Consumer Protection in Electronic Commerce: records on contract or subscription withdrawal (5 years)' },
  PAYMENT_SUPPLY: { period: { years: 5 }, basis: 'Act on Consumer Protection in Electronic Commerce: records on payment and supply of goods (5 years)' },
  COMPLAINT: { period: { years: 3 }, basis: 'Act on Consumer Protection in Electronic Commerce: records on consumer complaints or dispute handling (3 years)' },
  VISIT_LOG: { period: { months: 3 }, basis: 'Communications Secrets Protection Act: records on visits (3 months)' },
} as const satisfies Record<string, { period: Period; basis: string }>;

export type RetentionCategory = keyof typeof RETENTION;

export const RETENTION_CATEGORIES = Object.keys(RETENTION) as RetentionCategory[];
