import type { Principal } from '../auth/principal';
import { memberFieldCategory } from './categories';
import { fieldPolicy } from './field-policy';
import { bestCase, readableUnder } from './hypothetical';
import { inWords } from './in-words';
import { decideAccess } from './decide';
import { isPurpose } from './purposes';

export interface Explanation {
  allowed: boolean;
  code: string | null;
  reason: string;
  category: string | null;
  purposes: string[];
}

const no = (code: string, reason: string): Explanation => ({
  allowed: false,
  code,
  reason,
  category: null,
  purposes: [],
});

/**
 * The shield's decision (`decideAccess`) for one principal, field and purpose, in words. A member's field is
 * decided on the member most favourable to the principal, so what is refused is what principal and purpose refuse.
 */
export function explainAccess(
  principal: Principal,
  typeName: string,
  fieldName: string,
  purposeName: string | null,
): Explanation {
  // Own keys only: `constructor` or `__proto__` must name nothing, not a prototype's member.
  const fields = Object.hasOwn(fieldPolicy, typeName) ? fieldPolicy[typeName] : undefined;
  const access = fields && Object.hasOwn(fields, fieldName) ? fields[fieldName] : undefined;
  if (!access) return no('NOT_FOUND', `${typeName}.${fieldName} is not a field of this schema.`);
  if (purposeName !== null && !isPurpose(purposeName)) return no('BAD_USER_INPUT', `${purposeName} is not a purpose.`);
  const field = access.kind === 'PERSONAL' ? access.field : null;
  const { member, lawful } = bestCase(principal, field);
  const asker = { principal, purpose: purposeName, lawful };
  const decision = decideAccess(access, asker, member);
  return {
    allowed: decision.allowed,
    code: decision.allowed ? null : decision.code,
    reason: inWords(decision, access, asker),
    category: field && memberFieldCategory[field],
    purposes: readableUnder(access),
  };
}
