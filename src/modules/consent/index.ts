export { Consent, ConsentGiver, ConsentPurpose } from './consent.entity';
export { checkPurpose, withdrawConsents } from './consent.resolver';
export { listedRecipients } from './listed-recipients';
export { consentRecords, withdrawAllConsents } from './consents';
