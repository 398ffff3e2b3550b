export { AccessToken } from './access-token.type';
