/** Data categories (policy §2). CREDENTIAL is never in the schema. */
export const CATEGORIES = ['IDENTITY', 'CONTACT', 'ADDRESS', 'DEMOGRAPHIC', 'PAYMENT', 'GUARDIAN', 'DEVICE'] as const;

export type Category = (typeof CATEGORIES)[number];

/** Every personal field of `Member`, each in exactly one category. */
export const memberFieldCategory = {
  loginId: 'IDENTITY',
  name: 'IDENTITY',
  email: 'CONTACT',
  phone: 'CONTACT',
  address: 'ADDRESS',
  deliveryArea: 'ADDRESS',
  birthDate: 'DEMOGRAPHIC',
  gender: 'DEMOGRAPHIC',
  ageBand: 'DEMOGRAPHIC',
  bankAccount: 'PAYMENT',
  cardNumber: 'PAYMENT',
  guardianName: 'GUARDIAN',
  guardianContact: 'GUARDIAN',
  signupIp: 'DEVICE',
  browser: 'DEVICE',
  os: 'DEVICE',
  inflowRoute: 'DEVICE',
} as const satisfies Record<string, Category>;

export type PersonalField = keyof typeof memberFieldCategory;

export const PERSONAL_FIELDS = Object.keys(memberFieldCategory) as PersonalField[];

export const isPersonalField = (name: string): name is PersonalField => Object.hasOwn(memberFieldCategory, name);

/** Fields whose value is a direct identifier of a person: never returned for statistics. */
export const DIRECT_IDENTIFIERS: ReadonlySet<PersonalField> = new Set([
  'loginId',
  'name',
  'email',
  'phone',
  'address',
  'bankAccount',
  'cardNumber',
  'guardianName',
  'guardianContact',
  'signupIp',
]);
