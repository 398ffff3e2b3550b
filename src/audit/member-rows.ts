import type { Knex } from '@mikro-orm/knex';
import type { ChainedRecord } from './chain';
import { fromRow, type AccessLogRow } from './rows';

/**
 * Restricts an access-log query to one member's rows: those indexed in `access_log_member`, and the tail not yet
 * indexed, scanned by position past the highest indexed `seq` (read first, so the planner sees a constant; an
 * indexer running meanwhile only makes the two parts overlap). With `newest`, each part keeps only its newest
 * `limit` rows below `before`: right when nothing else filters the rows.
 */
export async function whereMember(
  knex: Knex,
  q: Knex.QueryBuilder,
  memberId: string,
  newest: { before: number | null; limit: number } | null,
): Promise<void> {
  const top = (await knex('access_log_member').max({ upto: 'seq' }).first()) as
    { upto: number | string | null } | undefined;
  const bound = (part: Knex.QueryBuilder) => {
    if (newest?.before != null) part.where('seq', '<', newest.before);
    if (newest) part.orderBy('seq', 'desc').limit(newest.limit);
    return part;
  };
  const indexed = bound(knex('access_log_member').select('seq').where('member_id', memberId));
  const tail = bound(
    knex('access_log')
      .select('seq')
      .where('member_id', memberId)
      .where('seq', '>', Number(top?.upto ?? 0)),
  );
  q.whereIn(
    'seq',
    knex
      .select('seq')
      .from(indexed.as('indexed'))
      .unionAll(knex.select('seq').from(tail.as('tail'))),
  );
}

/** Every access-log row about a member, in chain order. */
export async function memberHistory(knex: Knex, memberId: string): Promise<ChainedRecord[]> {
  const q = knex('access_log').select('*').orderBy('seq');
  await whereMember(knex, q, memberId, null);
  return ((await q) as AccessLogRow[]).map(fromRow);
}
