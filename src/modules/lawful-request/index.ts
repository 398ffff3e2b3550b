export { approvedLawfulRequest } from './lawful-requests';
export type { ApprovedLawfulRequest } from './lawful-requests';
