export { ApiClient, ClientKind } from './api-client.entity';
export { clientRow } from './client.store';
export { activeConsignees, activePartners, clientNames, endClientSessions, partnerIdOf } from './clients';
