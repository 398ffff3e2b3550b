import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type SelectionSetNode } from 'graphql';
import type { GatewayContext } from '../../context';
import { gatewayError } from '../../errors';
import { fieldPolicy } from '../../policy/field-policy';

/**
 * What a member's token still serves while she has not agreed to a version that requires re-consent (§15): her own
 * data, the consent operations, leaving (withdrawal, export, log-out), and what is public.
 */
export const SERVED_BEFORE_RECONSENT: ReadonlySet<string> = new Set([
  'me',
  'grantConsent',
  'withdrawConsent',
  'exportMyData',
  'withdrawMembership',
  'logout',
]);

const rootFields = (set: SelectionSetNode): string[] =>
  set.selections.flatMap((s) =>
    s.kind === Kind.FIELD ? [s.name.value] : s.kind === Kind.INLINE_FRAGMENT ? rootFields(s.selectionSet) : ['…'],
  );

const isPublic = (type: string, field: string): boolean =>
  (fieldPolicy as Record<string, Record<string, { kind: string }>>)[type]?.[field]?.kind === 'PUBLIC';

/** Refuses, before execution, any other root field of a member with re-consent pending, with CONSENT_MISSING. */
export function reconsentGate(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          const version = contextValue.principal.reconsentPending;
          if (!operation || version === undefined) return;
          const type = operation.operation === 'mutation' ? 'Mutation' : 'Query';
          const refused = rootFields(operation.selectionSet).filter(
            (f) => f !== '__typename' && !SERVED_BEFORE_RECONSENT.has(f) && !isPublic(type, f),
          );
          if (refused.length > 0) {
            throw gatewayError(
              'CONSENT_MISSING',
              `Policy version ${version} asks you to agree again: grantConsent(purpose: "ESSENTIAL") first. Until then only your own data and your consents are served.`,
              { fields: refused, policyVersion: version, http: { status: 403 } },
            );
          }
        },
      };
    },
  };
}
