export { PrivacyOfficerDesignation } from './privacy-officer.entity';
export { designatedOfficer, isDesignatedOfficer } from './officer';
export type { PublishedOfficer } from './officer';
