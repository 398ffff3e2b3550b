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

/**
 * Where a loaded member carries the state its personal fields are decided on. Only the member loader sets it, on
 * the value it hands to GraphQL in this request; a member reached any other way carries none, and every personal
 * field of it is denied (NOT_FOUND).
 */
export const MEMBER_STATE: unique symbol = Symbol('member state');

/** The state `parent` carries for itself, or null: nothing is decided on a state loaded for someone else. */
export function stateOf(parent: unknown): MemberState | null {
  if (typeof parent !== 'object' || parent === null) return null;
  const state = (parent as { [MEMBER_STATE]?: MemberState })[MEMBER_STATE];
  return state !== undefined && state.id === (parent as { id?: unknown }).id ? state : null;
}
