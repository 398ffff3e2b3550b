import type { Principal } from '../auth/principal';
import type { Purpose } from './purposes';
import type { LawfulScope } from './decide';
import { purposeTable } from './table';

/**
 * Which members a principal can reach at all under a purpose; others answer exactly like ids that do not exist.
 * `withoutPendingChildren`: members waiting for a guardian's consent are out of reach too (see `seesAgeStatus`).
 */
export type MemberScope = (
  | { readonly kind: 'NONE' }
  | { readonly kind: 'IDS'; readonly ids: readonly string[] }
  | { readonly kind: 'ALL' }
  | { readonly kind: 'PROVISION_CONSENTED'; readonly clientId: string }
  /** Members with work entrusted to the consignee that has neither ended nor expired at `at`. */
  | { readonly kind: 'ASSIGNED'; readonly consigneeId: string; readonly at: Date }
) & { readonly withoutPendingChildren?: boolean };

const NONE: MemberScope = { kind: 'NONE' };

/**
 * PENDING_GUARDIAN says "under 14", an age. A pending child's every field is denied to everyone but herself and her
 * guardian, so her status (and the GUARDIAN_CONSENT_REQUIRED code) is all a list would tell: only a purpose that reads
 * ages of members holding no more than the essential consent (member management, lawful requests, self-service)
 * reaches her; to any other she is out of reach, answering like a withdrawn member or an id that does not exist.
 */
export const seesAgeStatus = (purpose: Purpose): boolean => {
  const rule = purposeTable[purpose];
  return rule.categories.includes('DEMOGRAPHIC') && rule.consents.every((c) => c === 'ESSENTIAL');
};

export function memberScope(
  principal: Principal,
  purpose: Purpose | null,
  lawful: LawfulScope | null,
  now: Date,
): MemberScope {
  if (purpose === null || !principal.purposes.includes(purpose)) return NONE;
  const scope = reachable(principal, purpose, lawful, now);
  return scope.kind === 'NONE' || seesAgeStatus(purpose) ? scope : { ...scope, withoutPendingChildren: true };
}

function reachable(principal: Principal, purpose: Purpose, lawful: LawfulScope | null, now: Date): MemberScope {
  if (purpose === 'LEGAL_REQUEST') return lawful ? { kind: 'IDS', ids: lawful.memberIds } : NONE;
  switch (principal.kind) {
    case 'MEMBER':
      return { kind: 'IDS', ids: [principal.id] };
    case 'GUARDIAN':
      return { kind: 'IDS', ids: principal.childIds };
    case 'STAFF':
      // Statistics never reach a single member; administration reaches none at all (not even their status).
      return purpose === 'SERVICE_DEVELOPMENT' || purpose === 'ADMINISTRATION' ? NONE : { kind: 'ALL' };
    case 'PARTNER':
      return principal.clientId ? { kind: 'PROVISION_CONSENTED', clientId: principal.clientId } : NONE;
    case 'CONSIGNEE':
      return { kind: 'ASSIGNED', consigneeId: principal.id, at: now };
    case 'ANONYMOUS':
      return NONE;
  }
}

/**
 * The member a self-service action is about: a member acts for themself, a guardian for one of their children
 * (named by `memberId`). Anyone else, or a child not theirs, gets null: the caller answers NOT_FOUND.
 */
export function subjectOf(principal: Principal, memberId: string | null | undefined): string | null {
  switch (principal.kind) {
    case 'MEMBER':
      return memberId == null || memberId === principal.id ? principal.id : null;
    case 'GUARDIAN':
      return memberId != null && principal.childIds.includes(memberId) ? memberId : null;
    case 'STAFF':
    case 'PARTNER':
    case 'CONSIGNEE':
    case 'ANONYMOUS':
      return null;
  }
}
