import type { PersonalField } from '../../policy/categories';
import type { Purpose } from '../../policy/purposes';
import type { StaffRole } from '../staff';

/** How the policy names each personal field; one per field, so a new field without a name does not compile. */
export const FIELD_LABELS: Readonly<Record<PersonalField, string>> = {
  loginId: 'Login ID',
  name: 'Name',
  email: 'E-mail address',
  phone: 'Phone number',
  address: 'Delivery address',
  deliveryArea: 'Delivery area (city)',
  birthDate: 'Date of birth',
  gender: 'Gender',
  ageBand: 'Age band',
  bankAccount: 'Bank account number',
  cardNumber: 'Card number',
  guardianName: 'Legal representative’s name',
  guardianContact: 'Legal representative’s e-mail or phone',
  signupIp: 'IP address at sign-up',
  browser: 'Browser',
  os: 'Operating system',
  inflowRoute: 'How you found us (inflow route)',
};

/** What each purpose is for, as the policy states it (§3). */
export const PURPOSE_TEXT: Readonly<Record<Purpose, string>> = {
  SELF_SERVICE:
    'Showing you (or your legal representative) your own information, and letting you correct, export or delete it',
  MEMBER_MANAGEMENT:
    'Member management: identifying you, answering your requests and complaints, confirming a legal representative’s consent, preventing misuse',
  ORDER_FULFILLMENT: 'Delivering what you ordered',
  PAYMENT_SETTLEMENT: 'Processing and settling payments',
  MARKETING: 'Sending event and advertising information, only with your consent',
  SERVICE_DEVELOPMENT:
    'Improving the service from statistics (age band, gender and delivery area only; groups under 5 members are never shown)',
  LEGAL_REQUEST:
    'Answering a request that a law requires us to answer (e.g. a court warrant), limited to the members and items it names',
  ADMINISTRATION: 'Running the system: staff accounts and registered companies; reads no member’s information',
};

export const ROLE_LABELS: Readonly<Record<StaffRole, string>> = {
  CS_AGENT: 'customer service staff',
  MARKETER: 'marketing staff',
  ANALYST: 'service analysts',
  PRIVACY_OFFICER: 'the privacy officer',
  ADMIN: 'system administrators',
};

export const fieldLabel = (field: string): string => FIELD_LABELS[field as PersonalField] ?? field;
