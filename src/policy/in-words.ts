import { memberFieldCategory } from './categories';
import { requiredConsents, type Asker } from './decide';
import type { Decision } from './decision';
import type { FieldAccess } from './field-policy';
import { readableUnder } from './hypothetical';
import { purposeTable } from './table';

/** Who the field is for, when the asker is not. */
const onlyFor = (access: FieldAccess): string => {
  switch (access.kind) {
    case 'PRINCIPAL':
      return `Only ${access.principals.join(' or ')} principals may use this field.`;
    case 'STAFF':
      return `Only staff in role ${access.roles.join(' or ')}.`;
    case 'SELF':
    case 'OWN':
      return 'Only a member or their legal representative.';
    case 'PUBLIC':
    case 'NESTED':
    case 'PURPOSE':
    case 'PERSONAL':
      return 'This field is not open to you.';
  }
};

/** The personal field's conditions once the purpose allows it. */
const conditions = (asker: Asker): string => {
  const { principal, purpose } = asker;
  const consents = purpose ? requiredConsents(principal.kind, purpose) : [];
  const whom =
    purpose === 'LEGAL_REQUEST' ? 'members the lawful request names with this field' : 'members you can reach';
  return `Allowed for ${whom}${consents.length ? ` who hold consent ${consents.join(' and ')}` : ''}, unless the member is under 14 without verified guardian consent or the field is under correction.`;
};

/**
 * A decision in words, for the asker: the message of a refused read's error and `explainAccess`'s reason. A
 * NOT_FOUND says nothing more than that no such member exists, whatever the rule behind it.
 */
export function inWords(decision: Decision, access: FieldAccess, asker: Asker): string {
  const { principal, purpose } = asker;
  const field = access.kind === 'PERSONAL' ? access.field : null;
  switch (decision.reason) {
    case 'OPEN':
      return 'Not personal data: readable wherever its parent is.';
    case 'PRINCIPAL':
      return access.kind === 'PRINCIPAL' ? `Open to ${access.principals.join(', ')} principals.` : 'Open to you.';
    case 'STAFF_ROLE':
      return access.kind === 'STAFF'
        ? `Open to ${access.roles.join(', ')} under ${access.purposes.join(', ')}.`
        : 'Open to your role.';
    case 'OWN_DATA':
      return 'Your own records (or your child’s), under SELF_SERVICE.';
    case 'PURPOSE':
      return field
        ? conditions(asker)
        : 'Members are then limited to those this principal may reach under the purpose.';
    case 'UNAUTHENTICATED':
    case 'WRONG_PRINCIPAL':
    case 'WRONG_ROLE':
      return onlyFor(access);
    case 'FORBIDDEN_PURPOSE':
      return `A ${principal.kind} principal${principal.role ? ` (${principal.role})` : ''} may not declare ${purpose ?? 'that purpose'}; it may declare: ${principal.purposes.join(', ') || 'none'}.`;
    case 'PURPOSE_REQUIRED':
      return 'Declare the purpose of this request in the X-Purpose header.';
    case 'PURPOSE_NOT_LISTED':
      return `Only under ${readableUnder(access).join(', ')}.`;
    case 'CATEGORY_NOT_COVERED':
      return field ? `${purpose} does not cover category ${memberFieldCategory[field]}.` : 'Not under this purpose.';
    case 'FIELD_NOT_COVERED':
      return `${purpose} reads only ${(purpose && purposeTable[purpose].onlyFields?.join(', ')) ?? 'other fields'}.`;
    case 'NOT_IN_LAWFUL_REQUEST':
      return 'The lawful request does not name this member with this field.';
    case 'NOT_ENTRUSTED':
      return `${field} is not among the fields ${principal.kind === 'CONSIGNEE' ? 'entrusted to this consignee' : 'this partner may receive'}.`;
    case 'NOT_FOUND':
      return 'No member with that id.';
    case 'GUARDIAN_CONSENT_REQUIRED':
      return "The member is under 14 and the legal representative's consent is not verified.";
    case 'CONSENT_MISSING':
      return 'The member has not given the consent this purpose needs.';
    case 'UNDER_CORRECTION':
      return 'The member asked for this field to be corrected; it is held until the correction completes.';
  }
}
