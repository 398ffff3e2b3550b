import { allow, deny, rule, shield } from 'graphql-shield';
import type { IRules } from 'graphql-shield';
import type { IMiddlewareGenerator } from 'graphql-middleware';
import type { GatewayContext } from '../context';
import { gatewayError } from '../errors';
import { decideAccess } from './decide';
import { outcome, type Decision } from './decision';
import { inWords } from './in-words';
import { stateOf } from './member-state';
import { fieldPolicy, type FieldAccess } from './field-policy';

const verdict = (decision: Decision, access: FieldAccess, ctx: GatewayContext) =>
  decision.allowed ? true : gatewayError(decision.code, inWords(decision, access, ctx));

function ruleFor(access: FieldAccess) {
  switch (access.kind) {
    // `decideAccess` lets these through under any purpose a request can declare: no rule to run per field.
    case 'PUBLIC':
    case 'NESTED':
      return allow;
    // Reads this request's decision on the field for the member (src/policy/member-decisions.ts): synchronous.
    case 'PERSONAL':
      return rule(`personal:${access.field}`, { cache: 'no_cache' })(
        (parent: { id: string }, _args, ctx: GatewayContext, info) =>
          verdict(ctx.decisions.of(parent, access.field, info), access, ctx),
      );
    case 'OWN':
      return rule({ cache: 'no_cache' })((parent: { id: string }, _a, ctx: GatewayContext, info) => {
        const decision = decideAccess(access, ctx, stateOf(parent));
        const code = outcome(decision);
        ctx.access.read(parent.id, info.fieldName, code === 'ALLOW' ? null : code, info.path);
        return verdict(decision, access, ctx);
      });
    case 'PRINCIPAL':
    case 'PURPOSE':
    case 'STAFF':
    case 'SELF':
      return rule({ cache: 'no_cache' })((_p, _a, ctx: GatewayContext) =>
        verdict(decideAccess(access, ctx, null), access, ctx),
      );
  }
}

/**
 * The graphql-shield middleware, derived entirely from the policy (`fieldPolicy` unless a test extends it): each
 * field's rule is `decideAccess`; whatever the table does not name is denied.
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
