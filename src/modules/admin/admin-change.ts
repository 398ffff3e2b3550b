import type { Knex } from '@mikro-orm/knex';
import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../../context';
import { processInTransaction } from '../../audit/in-transaction';
import { isUniqueViolation } from '../../db/refusals';
import { gatewayError } from '../../errors';

/** What an administrative change names in its log row: `kind:id.field`, never a value, secret or password. */
export const changed = (kind: string, id: string, fields: readonly string[]): string[] =>
  fields.map((f) => `${kind}:${id}.${f}`);

/**
 * Runs an administrative change and its ADMIN row of the hash-chained access log in one transaction: both commit,
 * or neither. `fn` returns the result and the changed names (see `changed`); `memberId` when the change is about
 * one member (work entrusted for them), so it shows in that member's history.
 */
export function adminChange<T>(
  ctx: GatewayContext,
  info: GraphQLResolveInfo,
  fn: (trx: Knex.Transaction) => Promise<{ result: T; fields: string[]; memberId?: string }>,
): Promise<T> {
  return processInTransaction(ctx, info, async (trx, record) => {
    const { result, fields, memberId } = await fn(trx);
    record(memberId ?? null, 'ADMIN', fields);
    return result;
  });
}

/** A unique index refused the change (a concurrent twin got there first): the same CONFLICT as the check before it. */
export const onDuplicate =
  (field: string, message: string) =>
  (err: unknown): never => {
    if (isUniqueViolation(err)) throw gatewayError('CONFLICT', message, { field });
    throw err;
  };
