export { PrivacyOfficerDesignation } from './privacy-officer.entity';
