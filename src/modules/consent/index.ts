export { Consent, ConsentGiver, ConsentPurpose } from './consent.entity';
export { checkPurpose, withdrawConsents } from './consent.resolver';
export { listedRecipients } from './listed-recipients';
export { consentRecords, eraseConsentsOf, withdrawAllConsents } from './consents';
export type { ConsentRecord } from './consents';
