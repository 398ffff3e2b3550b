export { eraseUsageNoticesOf } from './usage-notices';
