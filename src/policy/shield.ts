import { allow, deny, rule, shield } from 'graphql-shield';
import type { IRules } from 'graphql-shield';
import type { IMiddlewareGenerator } from 'graphql-middleware';
import type { GatewayContext } from '../context';
import { gatewayError, type ErrorCode } from '../errors';
import type { PersonalField } from './categories';
import { isOwnData, type DenyCode } from './decide';
import { stateOf } from './member-state';
import { fieldPolicy, type FieldAccess } from './field-policy';

const denialMessage: Readonly<Record<DenyCode, string>> = {
  NOT_FOUND: 'No member with that id.',
  PURPOSE_REQUIRED: 'Declare the purpose of this request in the X-Purpose header.',
  PURPOSE_DENIED: 'The declared purpose does not cover this field.',
  GUARDIAN_CONSENT_REQUIRED: "The member is under 14 and the legal representative's consent is not verified.",
  CONSENT_MISSING: 'The member has not given the consent this purpose needs.',
  UNDER_CORRECTION: 'The member asked for this field to be corrected; it is held until the correction completes.',
};

export const denial = (code: DenyCode) => gatewayError(code, denialMessage[code]);

/** Reads this request's decision on the field for the member (src/policy/member-decisions.ts): synchronous. */
const personalRule = (field: PersonalField) =>
  rule(`personal:${field}`, { cache: 'no_cache' })((parent: { id: string }, _args, ctx: GatewayContext, info) => {
    const decision = ctx.decisions.of(parent, field, info);
    return decision === 'ALLOW' ? true : denial(decision);
  });

function ruleFor(access: FieldAccess) {
  switch (access.kind) {
    case 'PUBLIC':
    case 'NESTED':
      return allow;
    case 'PRINCIPAL':
      return rule({ cache: 'no_cache' })((_p, _a, { principal }: GatewayContext) => {
        if (access.principals.includes(principal.kind)) return true;
        const code: ErrorCode = principal.kind === 'ANONYMOUS' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
        return gatewayError(code, `Only ${access.principals.join(' or ')} principals may use this field.`);
      });
    case 'PURPOSE':
      return rule({ cache: 'no_cache' })((_p, _a, { purpose }: GatewayContext) => {
        if (purpose === null) return denial('PURPOSE_REQUIRED');
        return !access.purposes || access.purposes.includes(purpose) ? true : denial('PURPOSE_DENIED');
      });
    case 'STAFF':
      return rule({ cache: 'no_cache' })((_p, _a, { principal, purpose }: GatewayContext) => {
        if (principal.kind !== 'STAFF' || !access.roles.includes(principal.role ?? '')) {
          return gatewayError(
            principal.kind === 'ANONYMOUS' ? 'UNAUTHENTICATED' : 'FORBIDDEN',
            `Only staff in role ${access.roles.join(' or ')}.`,
          );
        }
        if (purpose === null) return denial('PURPOSE_REQUIRED');
        return access.purposes.includes(purpose) ? true : denial('PURPOSE_DENIED');
      });
    case 'SELF':
      return rule({ cache: 'no_cache' })((_p, _a, { principal, purpose }: GatewayContext) => {
        if (principal.kind !== 'MEMBER' && principal.kind !== 'GUARDIAN') {
          return gatewayError(
            principal.kind === 'ANONYMOUS' ? 'UNAUTHENTICATED' : 'FORBIDDEN',
            'Only a member or their legal representative.',
          );
        }
        if (purpose === null) return denial('PURPOSE_REQUIRED');
        return purpose === 'SELF_SERVICE' ? true : denial('PURPOSE_DENIED');
      });
    case 'OWN':
      return rule({ cache: 'no_cache' })((parent: { id: string }, _a, ctx: GatewayContext, info) => {
        const state = stateOf(parent);
        const decision = !state
          ? 'NOT_FOUND'
          : ctx.purpose === null
            ? 'PURPOSE_REQUIRED'
            : ctx.purpose !== 'SELF_SERVICE'
              ? 'PURPOSE_DENIED'
              : isOwnData(ctx.principal, state)
                ? 'ALLOW'
                : 'NOT_FOUND';
        ctx.access.read(parent.id, info.fieldName, decision === 'ALLOW' ? null : decision, info.path);
        return decision === 'ALLOW' ? true : denial(decision);
      });
    case 'PERSONAL':
      return personalRule(access.field);
  }
}

/**
 * The graphql-shield middleware, derived entirely from the policy (`fieldPolicy` unless a test extends it): deny
 * whatever the table does not name.
 */
export function policyShield(
  policy: Readonly<Record<string, Readonly<Record<string, FieldAccess>>>> = fieldPolicy,
): IMiddlewareGenerator<unknown, GatewayContext, unknown> {
  const tree: IRules = Object.fromEntries(
    Object.entries(policy).map(([type, fields]) => [
      type,
      Object.fromEntries(Object.entries(fields).map(([field, access]) => [field, ruleFor(access)])),
    ]),
  );
  return shield(tree, {
    fallbackRule: deny,
    fallbackError: () => gatewayError('FORBIDDEN', 'This field is not open to you.'),
    allowExternalErrors: true,
  });
}
