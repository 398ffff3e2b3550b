import type { Knex } from '@mikro-orm/knex';
import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../context';
import type { AccessAction } from './access-log.entity';
import type { AccessRecord } from './chain';
import { accessRecord } from './record';

export type RecordProcessing = (memberId: string | null, action: AccessAction, fields: readonly string[]) => void;

/**
 * Runs a change of personal data in one transaction together with its access-log rows (field names, never
 * values): both commit, or neither does. Inside `fn` use only `trx`.
 */
export function processInTransaction<T>(
  ctx: GatewayContext,
  info: GraphQLResolveInfo,
  fn: (trx: Knex.Transaction, record: RecordProcessing) => Promise<T>,
): Promise<T> {
  const { accessLog } = ctx.services;
  const operationName = info.operation.name?.value ?? null;
  return accessLog.inTransaction(async (trx) => {
    const records: AccessRecord[] = [];
    const result = await fn(trx, (memberId, action, fields) =>
      records.push(accessRecord(ctx, { memberId, action, fields: [...fields] }, operationName)),
    );
    return { result, records };
  });
}
