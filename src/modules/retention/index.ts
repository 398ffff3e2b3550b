export { RETENTION, describePeriod } from './categories';
export { handOver } from './handover';
export { runRetention } from './run';
