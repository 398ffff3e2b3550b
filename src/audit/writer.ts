import type { Knex } from '@mikro-orm/knex';
import { GENESIS_HASH, link, type AccessRecord, type ChainedRecord } from './chain';
import type { Dialect } from '../db/orm';
import { isUniqueViolation } from '../db/unique-violation';

const CHAIN_LOCK = 0x61636c67; // 'aclg'

export interface AccessLogWriter {
  /** Appends the records as one chained batch: one INSERT statement in the common case. */
  append(records: readonly AccessRecord[]): Promise<void>;
  /**
   * Appends within a caller's transaction, so a change and its record commit together. Must not wait on the
   * in-process queue: on SQLite the transaction holds the only connection the queued writes are waiting for.
   */
  appendWithin(trx: Knex.Transaction, records: readonly AccessRecord[]): Promise<void>;
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

/**
 * Appends are serialised in-process and the head hash is cached, so a request costs one INSERT. Another process
 * (a second gateway on PostgreSQL, a maintenance command) may extend the chain meanwhile: the unique `prev_hash`
 * then refuses our batch, and we re-read the head and link again.
 */
export function accessLogWriter(knex: Knex, dialect: Dialect): AccessLogWriter {
  let head: string | null = null;
  let tail: Promise<unknown> = Promise.resolve();

  const readHead = async (db: Knex | Knex.Transaction = knex): Promise<string> => {
    const row = await db('access_log').first('hash').orderBy('seq', 'desc');
    if (row) return row.hash as string;
    const anchor = await db('access_log_anchor').first('hash').orderBy('seq', 'desc');
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

    async appendWithin(trx, records) {
      if (records.length === 0) return;
      // Serialises chain extension across PostgreSQL sessions until commit; SQLite transactions are already serial.
      if (dialect === 'postgresql') await trx.raw('select pg_advisory_xact_lock(?)', [CHAIN_LOCK]);
      head = null;
      await trx('access_log').insert(link(records, await readHead(trx)).map(toRow));
    },
  };
}
