import type { ChainedRecord } from '../../audit/chain';
import type { AccessLogEntry } from './access-log.type';

/** A stored log row as the API shows it: the time in ISO form, the denials as a list. */
export const toLogEntry = (r: ChainedRecord): AccessLogEntry => ({
  ...r,
  at: r.at.toISOString(),
  denied: Object.entries(r.denied).map(([field, code]) => ({ field, code })),
});
