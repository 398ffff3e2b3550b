import type { Knex } from '@mikro-orm/knex';
import { GENESIS_HASH, link, type AccessRecord, type ChainedRecord } from './chain';

export interface AccessLogWriter {
  /** Appends the records as one chained batch: one INSERT statement in the common case. */
  append(records: readonly AccessRecord[]): Promise<void>;
}

const toRow = (r: ChainedRecord) => ({
  request_id: r.requestId,
  at: r.at,
  accessor_id: r.accessorId,
  accessor_kind: r.accessorKind,
  accessor_role: r.accessorRole,
  accessor_name: r.accessorName,
  client_ip: r.clientIp,
  member_id: r.memberId,
  action: r.action,
  purpose: r.purpose,
  legal_basis: r.legalBasis,
  fields: JSON.stringify(r.fields),
  denied: JSON.stringify(r.denied),
  operation_name: r.operationName,
  prev_hash: r.prevHash,
  hash: r.hash,
});

const isUniqueViolation = (err: unknown): boolean =>
  /UNIQUE constraint failed|duplicate key value/i.test(String((err as Error)?.message ?? err));

/**
 * Appends are serialised in-process and the head hash is cached, so a request costs one INSERT. Another process
 * (a second gateway on PostgreSQL, a maintenance command) may extend the chain meanwhile: the unique `prev_hash`
 * then refuses our batch, and we re-read the head and link again.
 */
export function accessLogWriter(knex: Knex): AccessLogWriter {
  let head: string | null = null;
  let tail: Promise<unknown> = Promise.resolve();

  const readHead = async (): Promise<string> => {
    const row = await knex('access_log').first('hash').orderBy('seq', 'desc');
    if (row) return row.hash as string;
    const anchor = await knex('access_log_anchor').first('hash').orderBy('seq', 'desc');
    return (anchor?.hash as string | undefined) ?? GENESIS_HASH;
  };

  async function write(records: readonly AccessRecord[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      head ??= await readHead();
      const chained = link(records, head);
      try {
        await knex('access_log').insert(chained.map(toRow));
        head = chained.at(-1)!.hash;
        return;
      } catch (err) {
        head = null;
        if (!isUniqueViolation(err) || attempt >= 5) throw err;
      }
    }
  }

  return {
    append(records) {
      if (records.length === 0) return Promise.resolve();
      const result = tail.then(() => write(records));
      tail = result.catch(() => undefined);
      return result;
    },
  };
}
