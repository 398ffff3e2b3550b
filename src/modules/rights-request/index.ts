export { eraseRightsRequestsOf } from './rights-requests';
