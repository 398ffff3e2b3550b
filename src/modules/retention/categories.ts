/** What the law keeps after withdrawal (§4), how long, and on which basis. */
export const RETENTION = {
  CONTRACT_WITHDRAWAL: { days: 5 * 365, basis: 'Act on Consumer Protection in Electronic Commerce: records on contract or subscription withdrawal (5 years)' },
  PAYMENT_SUPPLY: { days: 5 * 365, basis: 'Act on Consumer Protection in Electronic Commerce: records on payment and supply of goods (5 years)' },
  COMPLAINT: { days: 3 * 365, basis: 'Act on Consumer Protection in Electronic Commerce: records on consumer complaints or dispute handling (3 years)' },
  VISIT_LOG: { days: 90, basis: 'Communications Secrets Protection Act: records on visits (3 months)' },
} as const;

export type RetentionCategory = keyof typeof RETENTION;

export const RETENTION_CATEGORIES = Object.keys(RETENTION) as RetentionCategory[];
