import type { PersonalField } from '../../policy/categories';

/** How the gateway comes to hold each personal field (§2). The policy's item list is generated from this. */
export type Collection =
  /** Sign-up refuses to proceed without it (a non-null field of SignUpInput). */
  | 'ESSENTIAL'
  /** Asked at sign-up, may be left out (a nullable field of SignUpInput). */
  | 'OPTIONAL'
  /** Recorded from the sign-up request itself, not typed in. */
  | 'AUTOMATIC'
  /** Worked out from another item, never asked. */
  | 'DERIVED'
  /** Asked only when the member is under 14: the legal representative's. */
  | 'GUARDIAN'
  /** Given later, when the member saves a payment method. */
  | 'PAYMENT';

/** Every personal field, exactly once: a field added to the categories without a line here does not compile. */
export const COLLECTED_ITEMS = {
  loginId: 'ESSENTIAL',
  name: 'ESSENTIAL',
  email: 'ESSENTIAL',
  phone: 'OPTIONAL',
  address: 'OPTIONAL',
  deliveryArea: 'OPTIONAL',
  birthDate: 'ESSENTIAL',
  gender: 'OPTIONAL',
  inflowRoute: 'OPTIONAL',
  ageBand: 'DERIVED',
  signupIp: 'AUTOMATIC',
  browser: 'AUTOMATIC',
  os: 'AUTOMATIC',
  guardianName: 'GUARDIAN',
  guardianContact: 'GUARDIAN',
  bankAccount: 'PAYMENT',
  cardNumber: 'PAYMENT',
} as const satisfies Record<PersonalField, Collection>;

/** Essential sign-up items that are no personal field of Member (never readable through the API). */
export const ESSENTIAL_CREDENTIALS = ['password'] as const;

/**
 * Essential items the sign-up form types as optional so that a missing one is answered BAD_USER_INPUT naming it
 * (with the reason it is needed) rather than a bare GraphQL type error.
 */
export const CHECKED_ESSENTIALS = ['birthDate'] as const;
