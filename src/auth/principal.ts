import type { StaffRole } from '../modules/staff';

export type PrincipalKind = 'MEMBER' | 'GUARDIAN' | 'STAFF' | 'PARTNER' | 'CONSIGNEE' | 'ANONYMOUS';

/** Who is asking, as established from the access token (or its absence). */
export interface Principal {
  readonly kind: PrincipalKind;
  /** Member id, guardian id, staff id or API client id; empty for ANONYMOUS. */
  readonly id: string;
  readonly name: string;
  readonly role: StaffRole | null;
  /** For PARTNER and CONSIGNEE: the OAuth `client_id`. */
  readonly clientId: string | null;
  /** The purposes this principal may declare in `X-Purpose`. */
  readonly purposes: readonly string[];
  /** For CONSIGNEE: the Member fields entrusted to it (§9); for PARTNER: the fields it may receive (§6). */
  readonly entrustedFields: readonly string[];
  /** For GUARDIAN: the children whose guardianship this guardian has verified. */
  readonly childIds: readonly string[];
  /** For PARTNER: why the policy in force does not name it as registered; such a partner receives nothing. */
  readonly unlisted?: string;
  /**
   * For MEMBER: the policy version she must agree to again (§15); until she does, her token serves only her own data
   * and the consent operations.
   */
  readonly reconsentPending?: number;
}

export const ANONYMOUS: Principal = Object.freeze({
  kind: 'ANONYMOUS',
  id: '',
  name: 'anonymous',
  role: null,
  clientId: null,
  purposes: [],
  entrustedFields: [],
  childIds: [],
});
