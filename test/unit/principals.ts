import { ANONYMOUS, type Principal } from '../../src/auth/principal';
import type { MemberState } from '../../src/policy/member-state';
import { provisionConsent } from '../../src/policy/member-state';
import { StaffRole } from '../../src/modules/staff';

/** Principals and member states as the policy sees them, built by hand: no token, no database. */
export const principal = (over: Partial<Principal> & Pick<Principal, 'kind'>): Principal => ({
  ...ANONYMOUS,
  id: `${over.kind.toLowerCase()}-1`,
  name: over.kind,
  ...over,
});

export const member = (id = 'm-1'): Principal => principal({ kind: 'MEMBER', id, purposes: ['SELF_SERVICE'] });
export const guardian = (childIds: string[]): Principal =>
  principal({ kind: 'GUARDIAN', childIds, purposes: ['SELF_SERVICE'] });
export const staff = (role: keyof typeof StaffRole, purposes: string[]): Principal =>
  principal({ kind: 'STAFF', role: StaffRole[role], purposes });
export const partner = (clientId: string, entrustedFields: string[]): Principal =>
  principal({ kind: 'PARTNER', clientId, entrustedFields, purposes: ['MARKETING'] });
export const consignee = (clientId: string, entrustedFields: string[], purposes: string[]): Principal =>
  principal({ kind: 'CONSIGNEE', clientId, entrustedFields, purposes });

/** An active adult with essential consent only, unless `over` says otherwise. */
export const state = (over: Partial<MemberState> = {}): MemberState => ({
  id: 'm-1',
  status: 'ACTIVE',
  under14: false,
  guardianVerified: false,
  consents: new Set(['ESSENTIAL']),
  fieldsOnHold: new Set(),
  ...over,
});

export const withProvisionTo = (clientId: string): ReadonlySet<string> =>
  new Set(['ESSENTIAL', 'MARKETING', provisionConsent(clientId)]);
