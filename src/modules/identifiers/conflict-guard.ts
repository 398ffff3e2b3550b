import type { GraphQLError, GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../../context';
import { gatewayError } from '../../errors';
import { isUniqueViolation } from '../../db/refusals';
import { accessRecord } from '../../audit/record';
import type { Limiter } from '../../limits/limiter';
import { takeAll } from '../verification/message-throttle';

const identifierConflicts = new WeakSet<object>();

/** The CONFLICT for a login id or e-mail held by another account; `guardIdentifiers` counts and logs it. */
export function identifierTaken(message: string, field: string): GraphQLError {
  const error = gatewayError('CONFLICT', message, { field });
  identifierConflicts.add(error);
  return error;
}

const isIdentifierConflict = (err: unknown): boolean =>
  (typeof err === 'object' && err !== null && identifierConflicts.has(err)) || isUniqueViolation(err);

/** What a guarded input answers when an identifier it gives is held. */
export interface IdentifierCheck {
  /** The identifier fields the input gives (logged as tried). */
  readonly fields: readonly string[];
  /** The CONFLICT's message and `field`; it names no account and says nothing of which namespace holds what. */
  readonly message: string;
  readonly field: string;
}

/**
 * Runs an input that gives a login id or e-mail (sign-up, a profile change, a completed correction) so that it
 * cannot serve to enumerate identifiers: one point is reserved per principal (none for a visitor) and per client
 * address before `run` checks uniqueness, and kept only when the answer is CONFLICT (RATE_LIMITED once spent, so a
 * burst checks no more than the limit); each CONFLICT writes an access-log row of action CONFLICT naming the fields
 * tried and no member, and is withheld (AUDIT_UNAVAILABLE) when that row cannot be written.
 */
export async function guardIdentifiers<T>(
  ctx: GatewayContext,
  info: GraphQLResolveInfo,
  check: IdentifierCheck,
  run: () => Promise<T>,
): Promise<T> {
  const { principal, clientIp, services } = ctx;
  const { identifierConflictsPerPrincipal: perPrincipal, identifierConflictsPerAddress: perAddress } =
    services.throttles;
  const pairs: Array<readonly [Limiter, string]> = [
    ...(principal.kind === 'ANONYMOUS' ? [] : [[perPrincipal, `${principal.kind}:${principal.id}`] as const]),
    [perAddress, clientIp],
  ];
  await takeAll(pairs);
  const giveBack = async () => {
    for (const [limiter, key] of pairs) await limiter.giveBack(key);
  };
  let result: T;
  try {
    result = await run();
  } catch (err) {
    if (!isIdentifierConflict(err)) {
      await giveBack();
      throw err;
    }
    const row = accessRecord(
      ctx,
      { memberId: null, action: 'CONFLICT', fields: [...check.fields] },
      info.operation.name?.value ?? null,
    );
    try {
      await services.accessLog.append([row]);
    } catch {
      throw gatewayError('AUDIT_UNAVAILABLE', 'The access log is unavailable; try again later.');
    }
    throw identifierConflicts.has(err as object) ? err : identifierTaken(check.message, check.field);
  }
  await giveBack();
  return result;
}
