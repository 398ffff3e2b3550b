export { adminChange, changed, onDuplicate } from './admin-change';
export { oneTimeSecret } from './one-time-secret';
