export { policyPages } from './routes';
