import type { Principal } from '../auth/principal';
import { memberFieldCategory } from './categories';
import { decide } from './decide';
import { fieldPolicy } from './field-policy';
import { PURPOSES, isPurpose, type Purpose } from './purposes';
import { purposeTable } from './table';

export interface Explanation {
  allowed: boolean;
  code: string | null;
  reason: string;
  category: string | null;
  purposes: string[];
}

const no = (code: string, reason: string, rest: Partial<Explanation> = {}): Explanation => ({
  allowed: false,
  code,
  reason,
  category: null,
  purposes: [],
  ...rest,
});

/** The same table the shield enforces, read back in words for one principal, field and purpose. */
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
  const purpose: Purpose | null = purposeName !== null && isPurpose(purposeName) ? purposeName : null;
  if (purposeName !== null && purpose === null) return no('BAD_USER_INPUT', `${purposeName} is not a purpose.`);
  if (purpose !== null && !principal.purposes.includes(purpose)) {
    return no(
      'FORBIDDEN_PURPOSE',
      `A ${principal.kind} principal${principal.role ? ` (${principal.role})` : ''} may not declare ${purpose}; it may declare: ${principal.purposes.join(', ') || 'none'}.`,
    );
  }
  switch (access.kind) {
    case 'PUBLIC':
    case 'NESTED':
      return {
        allowed: true,
        code: null,
        reason: 'Not personal data: readable wherever its parent is.',
        category: null,
        purposes: [...PURPOSES],
      };
    case 'PRINCIPAL':
      return access.principals.includes(principal.kind)
        ? {
            allowed: true,
            code: null,
            reason: `Open to ${access.principals.join(', ')} principals.`,
            category: null,
            purposes: [],
          }
        : no(
            principal.kind === 'ANONYMOUS' ? 'UNAUTHENTICATED' : 'FORBIDDEN',
            `Open only to ${access.principals.join(', ')} principals.`,
          );
    case 'STAFF': {
      if (principal.kind !== 'STAFF' || !access.roles.includes(principal.role ?? ''))
        return no('FORBIDDEN', `Open only to staff in role ${access.roles.join(', ')}.`);
      if (purpose === null) return no('PURPOSE_REQUIRED', 'Declare a purpose in the X-Purpose header.');
      return access.purposes.includes(purpose)
        ? {
            allowed: true,
            code: null,
            reason: `Open to ${access.roles.join(', ')} under ${access.purposes.join(', ')}.`,
            category: null,
            purposes: [...access.purposes],
          }
        : no('PURPOSE_DENIED', `Only under ${access.purposes.join(', ')}.`);
    }
    case 'SELF':
    case 'OWN':
      return purpose === 'SELF_SERVICE' && (principal.kind === 'MEMBER' || principal.kind === 'GUARDIAN')
        ? {
            allowed: true,
            code: null,
            reason: 'Your own records (or your child’s), under SELF_SERVICE.',
            category: null,
            purposes: ['SELF_SERVICE'],
          }
        : no(
            purpose === null ? 'PURPOSE_REQUIRED' : 'PURPOSE_DENIED',
            'Only the member (or their guardian) under SELF_SERVICE.',
            { purposes: ['SELF_SERVICE'] },
          );
    case 'PURPOSE': {
      if (purpose === null) return no('PURPOSE_REQUIRED', 'Declare a purpose in the X-Purpose header.');
      const ok = !access.purposes || access.purposes.includes(purpose);
      return ok
        ? {
            allowed: true,
            code: null,
            reason: 'Members are then limited to those this principal may reach under the purpose.',
            category: null,
            purposes: [...(access.purposes ?? PURPOSES)],
          }
        : no('PURPOSE_DENIED', `Only under ${access.purposes?.join(', ')}.`);
    }
    case 'PERSONAL': {
      const category = memberFieldCategory[access.field];
      const readers = PURPOSES.filter(
        (p) =>
          purposeTable[p].categories.includes(category) && (purposeTable[p].onlyFields?.includes(access.field) ?? true),
      );
      const rest = { category, purposes: readers };
      if (purpose === null) return no('PURPOSE_REQUIRED', 'Declare a purpose in the X-Purpose header.', rest);
      // Decide against a member holding every consent, so what remains is what the principal and purpose allow.
      const decision = decide(principal, purpose, access.field, {
        id: principal.kind === 'MEMBER' ? principal.id : (principal.childIds[0] ?? ''),
        status: 'ACTIVE',
        under14: false,
        guardianVerified: true,
        fieldsOnHold: new Set(),
        consents: new Set(['ESSENTIAL', 'MARKETING', `THIRD_PARTY_PROVISION:${principal.clientId ?? ''}`]),
      });
      if (decision === 'ALLOW' || (decision === 'NOT_FOUND' && purpose === 'SELF_SERVICE')) {
        const rule = purposeTable[purpose];
        const consents = [...rule.consents, ...(principal.kind === 'PARTNER' ? (rule.partnerConsents ?? []) : [])];
        return {
          allowed: true,
          code: null,
          ...rest,
          reason: `Allowed for members you can reach${consents.length ? ` who hold consent ${consents.join(' and ')}` : ''}, unless the member is under 14 without verified guardian consent${purpose === 'SELF_SERVICE' ? '' : ' or the field is under correction'}.`,
        };
      }
      const why =
        decision === 'PURPOSE_DENIED'
          ? (principal.kind === 'CONSIGNEE' || principal.kind === 'PARTNER') &&
            purposeTable[purpose].categories.includes(category)
            ? `${access.field} is not among the fields ${principal.kind === 'CONSIGNEE' ? 'entrusted to this consignee' : 'this partner may receive'}.`
            : `${purpose} does not cover category ${category}.`
          : decision;
      return no(decision, why, rest);
    }
  }
}
