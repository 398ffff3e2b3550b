export { consumeCode, deleteGuardianCodes, issueCode } from './codes';
export { codeEntryAllowed, messageAllowed } from './message-throttle';
export { CodePurpose } from './verification-code.entity';
