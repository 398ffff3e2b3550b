export { Consent, ConsentGiver, ConsentPurpose } from './consent.entity';
export { checkPurpose, withdrawConsents } from './consent.resolver';
export { listedRecipients } from './listed-recipients';
export { consentRecords, eraseConsentsOf, insertConsents, withdrawAllConsents, withdrawSelfGiven } from './consents';
export type { ConsentRecord, NewConsent } from './consents';
