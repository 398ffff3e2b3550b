import type { Principal } from '../auth/principal';
import { memberFieldCategory, type PersonalField } from './categories';
import type { MemberState } from './member-state';
import { provisionConsent } from './member-state';
import type { Purpose } from './purposes';
import { purposeTable, type RequiredConsent } from './table';

export type DenyCode =
  | 'NOT_FOUND'
  | 'PURPOSE_REQUIRED'
  | 'PURPOSE_DENIED'
  | 'GUARDIAN_CONSENT_REQUIRED'
  | 'CONSENT_MISSING'
  | 'UNDER_CORRECTION';

export type Decision = 'ALLOW' | DenyCode;

/** The registered lawful request a LEGAL_REQUEST read runs under: only its members and fields. */
export interface LawfulScope {
  readonly id: string;
  readonly memberIds: readonly string[];
  readonly fields: readonly string[];
}

const holds = (state: MemberState, consent: RequiredConsent, principal: Principal): boolean => {
  switch (consent) {
    case 'ESSENTIAL':
    case 'MARKETING':
      return state.consents.has(consent);
    case 'PROVISION_TO_CLIENT':
      return principal.clientId !== null && state.consents.has(provisionConsent(principal.clientId));
  }
};

export const isOwnData = (principal: Principal, state: MemberState): boolean =>
  (principal.kind === 'MEMBER' && principal.id === state.id) ||
  (principal.kind === 'GUARDIAN' && principal.childIds.includes(state.id));

/**
 * Whether `principal`, declaring `purpose`, may read `field` of the member in `state`; pure and synchronous.
 * The order of the checks fixes which reason a caller sees when several apply.
 */
export function decide(
  principal: Principal,
  purpose: Purpose | null,
  field: PersonalField,
  state: MemberState,
  lawful: LawfulScope | null = null,
): Decision {
  if (state.status === 'WITHDRAWN') return 'NOT_FOUND';
  if (purpose === null) return 'PURPOSE_REQUIRED';
  const rule = purposeTable[purpose];
  if (!rule.categories.includes(memberFieldCategory[field])) return 'PURPOSE_DENIED';
  if (rule.onlyFields && !rule.onlyFields.includes(field)) return 'PURPOSE_DENIED';
  if (purpose === 'LEGAL_REQUEST' && !(lawful?.memberIds.includes(state.id) && lawful.fields.includes(field)))
    return 'PURPOSE_DENIED';
  if ((principal.kind === 'CONSIGNEE' || principal.kind === 'PARTNER') && !principal.entrustedFields.includes(field))
    return 'PURPOSE_DENIED';
  if (purpose === 'SELF_SERVICE' && !isOwnData(principal, state)) return 'NOT_FOUND';
  const guardianPending = state.status === 'PENDING_GUARDIAN' || (state.under14 && !state.guardianVerified);
  if (guardianPending && !isOwnData(principal, state)) return 'GUARDIAN_CONSENT_REQUIRED';
  const consents = principal.kind === 'PARTNER' ? [...rule.consents, ...(rule.partnerConsents ?? [])] : rule.consents;
  if (!consents.every((c) => holds(state, c, principal))) return 'CONSENT_MISSING';
  if (purpose !== 'SELF_SERVICE' && state.fieldsOnHold.has(field)) return 'UNDER_CORRECTION';
  return 'ALLOW';
}

/** Payment values leave in full only under a purpose that settles payments. */
export const showsPaymentInFull = (purpose: Purpose | null): boolean =>
  purpose !== null && purposeTable[purpose].clearPayment === true;
