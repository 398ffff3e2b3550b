export { ApiClient, ClientKind } from './api-client.entity';
export { clientRow } from './client.store';
export { activeConsignees, activePartners, endClientSessions, partnerIdOf } from './clients';
