import type { Principal, PrincipalKind } from '../auth/principal';
import { memberFieldCategory, type PersonalField } from './categories';
import { grant, refuse, type Decision } from './decision';
import type { FieldAccess } from './field-policy';
import type { MemberState } from './member-state';
import { provisionConsent } from './member-state';
import { PURPOSES, type Purpose } from './purposes';
import { purposeTable, type PurposeRule, type RequiredConsent } from './table';

/** The registered lawful request a LEGAL_REQUEST read runs under: only its members and fields. */
export interface LawfulScope {
  readonly id: string;
  readonly memberIds: readonly string[];
  readonly fields: readonly string[];
}

/** Who asks, and for what: a request's context is one. */
export interface Asker {
  readonly principal: Principal;
  readonly purpose: Purpose | null;
  readonly lawful: LawfulScope | null;
}

const partnerConsents = new Map<Purpose, readonly RequiredConsent[]>(
  PURPOSES.map((p) => [p, [...purposeTable[p].consents, ...(purposeTable[p].partnerConsents ?? [])]]),
);

/** The consents a member must hold for `kind` to read her data under `purpose`. */
export const requiredConsents = (kind: PrincipalKind, purpose: Purpose): readonly RequiredConsent[] =>
  kind === 'PARTNER' ? partnerConsents.get(purpose)! : purposeTable[purpose].consents;

const holds = (state: MemberState, consent: RequiredConsent, principal: Principal): boolean => {
  switch (consent) {
    case 'ESSENTIAL':
    case 'MARKETING':
      return state.consents.has(consent);
    case 'PROVISION_TO_CLIENT':
      return principal.clientId !== null && state.consents.has(provisionConsent(principal.clientId));
  }
};

/** Why a purpose's rule does not read `field` at all, whoever asks about whichever member; null when it does. */
const uncovered = (rule: PurposeRule, field: PersonalField): 'CATEGORY_NOT_COVERED' | 'FIELD_NOT_COVERED' | null => {
  if (!rule.categories.includes(memberFieldCategory[field])) return 'CATEGORY_NOT_COVERED';
  return rule.onlyFields && !rule.onlyFields.includes(field) ? 'FIELD_NOT_COVERED' : null;
};

/** Whether `purpose` reads `field` at all, whoever asks about whichever member. */
export const purposeReads = (purpose: Purpose, field: PersonalField): boolean =>
  uncovered(purposeTable[purpose], field) === null;

export const isOwnData = (principal: Principal, state: MemberState): boolean =>
  (principal.kind === 'MEMBER' && principal.id === state.id) ||
  (principal.kind === 'GUARDIAN' && principal.childIds.includes(state.id));

/**
 * Whether `principal`, declaring `purpose`, may read `field` of the member in `state`, and why; pure and synchronous.
 * The order of the checks fixes which reason a caller sees when several apply. The purpose is one the principal may
 * declare (the request context refuses any other; `decideAccess` says so).
 */
export function decide(
  principal: Principal,
  purpose: Purpose | null,
  field: PersonalField,
  state: MemberState,
  lawful: LawfulScope | null = null,
): Decision {
  if (state.status === 'WITHDRAWN') return refuse('NOT_FOUND');
  if (purpose === null) return refuse('PURPOSE_REQUIRED');
  const outside = uncovered(purposeTable[purpose], field);
  if (outside) return refuse(outside);
  if (purpose === 'LEGAL_REQUEST' && !(lawful?.memberIds.includes(state.id) && lawful.fields.includes(field)))
    return refuse('NOT_IN_LAWFUL_REQUEST');
  if ((principal.kind === 'CONSIGNEE' || principal.kind === 'PARTNER') && !principal.entrustedFields.includes(field))
    return refuse('NOT_ENTRUSTED');
  const own = isOwnData(principal, state);
  if (purpose === 'SELF_SERVICE' && !own) return refuse('NOT_FOUND');
  const guardianPending = state.status === 'PENDING_GUARDIAN' || (state.under14 && !state.guardianVerified);
  if (guardianPending && !own) return refuse('GUARDIAN_CONSENT_REQUIRED');
  if (!requiredConsents(principal.kind, purpose).every((c) => holds(state, c, principal)))
    return refuse('CONSENT_MISSING');
  if (purpose === 'SELF_SERVICE') return grant('OWN_DATA');
  return state.fieldsOnHold.has(field) ? refuse('UNDER_CORRECTION') : grant('PURPOSE');
}

const notFor = (principal: Principal): Decision =>
  refuse(principal.kind === 'ANONYMOUS' ? 'UNAUTHENTICATED' : 'WRONG_PRINCIPAL');

/**
 * The one answer to "may this asker read this field (of `member`, the member it belongs to, if any), and why": the
 * shield enforces it, `explainAccess` and the schema descriptions read it back. A personal field is decided by
 * `decide`; a member field with no member to decide on is NOT_FOUND (fail closed).
 */
export function decideAccess(access: FieldAccess, asker: Asker, member: MemberState | null): Decision {
  const { principal, purpose } = asker;
  if (purpose !== null && !principal.purposes.includes(purpose)) return refuse('FORBIDDEN_PURPOSE');
  switch (access.kind) {
    case 'PUBLIC':
    case 'NESTED':
      return grant('OPEN');
    case 'PRINCIPAL':
      return access.principals.includes(principal.kind) ? grant('PRINCIPAL') : notFor(principal);
    case 'PURPOSE':
      if (purpose === null) return refuse('PURPOSE_REQUIRED');
      return !access.purposes || access.purposes.includes(purpose) ? grant('PURPOSE') : refuse('PURPOSE_NOT_LISTED');
    case 'STAFF':
      if (principal.kind !== 'STAFF' || !access.roles.includes(principal.role ?? ''))
        return refuse(principal.kind === 'ANONYMOUS' ? 'UNAUTHENTICATED' : 'WRONG_ROLE');
      if (purpose === null) return refuse('PURPOSE_REQUIRED');
      return access.purposes.includes(purpose) ? grant('STAFF_ROLE') : refuse('PURPOSE_NOT_LISTED');
    case 'SELF':
      if (principal.kind !== 'MEMBER' && principal.kind !== 'GUARDIAN') return notFor(principal);
      if (purpose === null) return refuse('PURPOSE_REQUIRED');
      return purpose === 'SELF_SERVICE' ? grant('OWN_DATA') : refuse('PURPOSE_NOT_LISTED');
    case 'OWN':
      if (member === null) return refuse('NOT_FOUND');
      if (purpose === null) return refuse('PURPOSE_REQUIRED');
      if (purpose !== 'SELF_SERVICE') return refuse('PURPOSE_NOT_LISTED');
      return isOwnData(principal, member) ? grant('OWN_DATA') : refuse('NOT_FOUND');
    case 'PERSONAL':
      return member === null ? refuse('NOT_FOUND') : decide(principal, purpose, access.field, member, asker.lawful);
  }
}

/** Payment values leave in full only under a purpose that settles payments. */
export const showsPaymentInFull = (purpose: Purpose | null): boolean =>
  purpose !== null && purposeTable[purpose].clearPayment === true;
