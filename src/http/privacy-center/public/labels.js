// Words a member reads instead of the API's names. A name missing here is shown as the API spells it.

export const FIELDS = {
  loginId: 'Login ID',
  name: 'Name',
  email: 'E-mail',
  phone: 'Mobile phone',
  address: 'Address',
  deliveryArea: 'Delivery area',
  birthDate: 'Date of birth',
  gender: 'Gender',
  ageBand: 'Age group',
  bankAccount: 'Refund bank account',
  cardNumber: 'Payment card',
  guardianName: 'Legal guardian',
  guardianContact: 'Guardian contact',
  signupIp: 'IP address at sign-up',
  browser: 'Browser',
  os: 'Operating system',
  inflowRoute: 'How you found us',
  status: 'Membership status',
};

/** Record names the access log uses next to field names (`consent:MARKETING`, `correction:address`). */
export function fieldLabel(name) {
  const [kind, rest] = name.includes(':') ? name.split(':', 2) : [null, name];
  if (kind === 'consent') return `Consent (${CONSENTS[rest]?.title ?? rest})`;
  if (kind === 'correction') return `Correction request (${FIELDS[rest] ?? rest})`;
  return FIELDS[name] ?? name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

export const PURPOSES = {
  SELF_SERVICE: 'Your own request',
  MEMBER_MANAGEMENT: 'Membership management',
  ORDER_FULFILLMENT: 'Delivering orders',
  PAYMENT_SETTLEMENT: 'Payment settlement',
  MARKETING: 'Marketing',
  SERVICE_DEVELOPMENT: 'Service improvement (statistics)',
  LEGAL_REQUEST: 'Request under law',
  ADMINISTRATION: 'Administration',
};

export const ACTIONS = {
  VIEW: 'Viewed',
  CHANGE: 'Changed',
  INPUT: 'Entered',
  DELETE: 'Deleted',
  DOWNLOAD: 'Downloaded',
  PROVIDE: 'Received',
};

export const ACCESSORS = {
  MEMBER: 'You',
  GUARDIAN: 'Legal guardian',
  STAFF: 'Staff',
  PARTNER: 'Third party',
  CONSIGNEE: 'Service provider',
};

export const DENIALS = {
  CONSENT_MISSING: 'no consent',
  PURPOSE_DENIED: 'not for this purpose',
  FORBIDDEN: 'not allowed',
  GUARDIAN_CONSENT_REQUIRED: 'guardian consent pending',
  UNDER_CORRECTION: 'under correction',
  NOT_FOUND: 'not found',
};

export const CONSENTS = {
  ESSENTIAL: {
    title: 'Membership (required)',
    text: 'Processing needed to run your membership, orders and deliveries. It ends only when you withdraw your membership.',
  },
  MARKETING: {
    title: 'Marketing messages',
    text: 'News about events and offers by e-mail and text message. You can withdraw at any time.',
  },
  THIRD_PARTY_PROVISION: {
    title: 'Provision to a third party',
    text: 'Giving your information to the company named below, for its own purpose.',
  },
};

export const STATUSES = { ACTIVE: 'Active', PENDING_GUARDIAN: 'Waiting for guardian consent', WITHDRAWN: 'Withdrawn' };

export const CORRECTION_STATUSES = { OPEN: 'Waiting for confirmation', COMPLETED: 'Corrected', REJECTED: 'Rejected' };

export const GIVERS = { SELF: 'You', GUARDIAN: 'Legal guardian' };

/** Values the API keeps as codes. */
export const VALUES = {
  gender: { FEMALE: 'Female', MALE: 'Male', OTHER: 'Other' },
  ageBand: { UNDER_14: 'Under 14' },
};
