export { complaintsOf, eraseComplaintsOf } from './complaints';
export type { RetainedComplaint } from './complaints';
