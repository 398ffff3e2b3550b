/** What the policy needs to know about one member to decide a field; loaded in batch, never per field. */
export interface MemberState {
  readonly id: string;
  readonly status: 'ACTIVE' | 'PENDING_GUARDIAN' | 'WITHDRAWN';
  readonly under14: boolean;
  readonly guardianVerified: boolean;
  /** Active consents: `ESSENTIAL`, `MARKETING`, `THIRD_PARTY_PROVISION:<clientId>`, … */
  readonly consents: ReadonlySet<string>;
  /** Fields with an open correction request, and the values derived from them (src/policy/derived-fields.ts). */
  readonly fieldsOnHold: ReadonlySet<string>;
}

export const provisionConsent = (clientId: string): string => `THIRD_PARTY_PROVISION:${clientId}`;
