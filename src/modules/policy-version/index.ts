export { currentPolicyVersion, policyDocument, requirePolicyVersion } from './current';
export { storedVersion, storedVersions } from './stored-version';
export type { StoredVersion } from './stored-version';
