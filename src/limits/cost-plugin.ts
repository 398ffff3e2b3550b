import type { ApolloServerPlugin } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import type { GatewayContext } from '../context';
import { gatewayError } from '../errors';
import type { Limiter } from './limiter';
import { documentFragments, operationCost } from './cost';
import { LIMIT_MESSAGE } from './rules';

/**
 * After the operation is known and before it executes: refuses one costing more than `maxCost` (LIMIT_EXCEEDED),
 * and charges its cost to the caller's per-minute budget (RATE_LIMITED with Retry-After once spent). The caller is
 * the principal, or the client address for anonymous requests.
 */
export function costPlugin(maxCost: number, budget: Limiter | null): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request, contextValue, schema }) {
          if (!operation) return;
          const cost = operationCost(operation, documentFragments(document), request.variables ?? {}, schema);
          if (cost > maxCost) throw gatewayError('LIMIT_EXCEEDED', LIMIT_MESSAGE, { http: { status: 400 } });
          if (!budget) return;
          const { principal, clientIp } = contextValue;
          const who = principal.kind === 'ANONYMOUS' ? `ip:${clientIp}` : `${principal.kind}:${principal.id}`;
          const charge = await budget.take(who, cost);
          if (!charge.allowed) {
            const retryAfter = Math.max(1, Math.ceil(charge.retryAfterMs / 1000));
            throw gatewayError('RATE_LIMITED', 'Too many requests; try again later.', {
              retryAfter,
              http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfter)]]) },
            });
          }
        },
      };
    },
  };
}
