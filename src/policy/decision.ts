import type { ErrorCode } from '../errors';

/** Why a field is granted: the rule that let it through. */
export type Grant =
  /** Not personal data: open to anyone, or wherever its parent was decided. */
  | 'OPEN'
  /** A field for these kinds of principal. */
  | 'PRINCIPAL'
  /** Staff in a role the field names, under a purpose it names. */
  | 'STAFF_ROLE'
  /** A member's own data, or a guardian's child's, under SELF_SERVICE. */
  | 'OWN_DATA'
  /** A field a purpose opens (for a personal field: to members holding its consents). */
  | 'PURPOSE';

/**
 * Why a field is refused, each with the error code the read gets. A reason that is an error code of its own keeps
 * its name; the others say which rule behind a shared code refused.
 */
const REFUSALS = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** The field is for other kinds of principal. */
  WRONG_PRINCIPAL: 'FORBIDDEN',
  /** The field is for staff in other roles. */
  WRONG_ROLE: 'FORBIDDEN',
  FORBIDDEN_PURPOSE: 'FORBIDDEN_PURPOSE',
  PURPOSE_REQUIRED: 'PURPOSE_REQUIRED',
  /** The field is open under other purposes only. */
  PURPOSE_NOT_LISTED: 'PURPOSE_DENIED',
  /** The purpose does not read the field's category. */
  CATEGORY_NOT_COVERED: 'PURPOSE_DENIED',
  /** The purpose reads only some fields of the category, not this one. */
  FIELD_NOT_COVERED: 'PURPOSE_DENIED',
  /** Under LEGAL_REQUEST: the lawful request does not name this member and field. */
  NOT_IN_LAWFUL_REQUEST: 'PURPOSE_DENIED',
  /** A consignee or partner: the field is not among those registered for it. */
  NOT_ENTRUSTED: 'PURPOSE_DENIED',
  /** No such member for this asker: withdrawn, not its own under SELF_SERVICE, or carrying no state. */
  NOT_FOUND: 'NOT_FOUND',
  GUARDIAN_CONSENT_REQUIRED: 'GUARDIAN_CONSENT_REQUIRED',
  CONSENT_MISSING: 'CONSENT_MISSING',
  UNDER_CORRECTION: 'UNDER_CORRECTION',
} as const satisfies Record<string, ErrorCode>;

export type Refusal = keyof typeof REFUSALS;

export type DenyCode = (typeof REFUSALS)[Refusal];

export type Decision =
  | { readonly allowed: true; readonly reason: Grant }
  | { readonly allowed: false; readonly reason: Refusal; readonly code: DenyCode };

export type Denied = Extract<Decision, { allowed: false }>;

/*
 * One frozen value per reason: deciding allocates nothing, and decisions compare by identity as cheaply as strings.
 */
const granted = Object.fromEntries(
  (['OPEN', 'PRINCIPAL', 'STAFF_ROLE', 'OWN_DATA', 'PURPOSE'] as const).map((reason) => [
    reason,
    Object.freeze({ allowed: true, reason }),
  ]),
) as Record<Grant, Decision>;

const refused = Object.fromEntries(
  (Object.keys(REFUSALS) as Refusal[]).map((reason) => [
    reason,
    Object.freeze({ allowed: false, reason, code: REFUSALS[reason] }),
  ]),
) as Record<Refusal, Denied>;

export const grant = (reason: Grant): Decision => granted[reason];

export const refuse = (reason: Refusal): Denied => refused[reason];

/** What the access log records of a decision: ALLOW, or the code the read got. */
export const outcome = (decision: Decision): 'ALLOW' | DenyCode => (decision.allowed ? 'ALLOW' : decision.code);
