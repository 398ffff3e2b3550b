export { ApiClient, ClientKind } from './api-client.entity';
export { clientRow } from './client.store';
