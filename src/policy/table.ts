import type { Category, PersonalField } from './categories';
import { CATEGORIES } from './categories';
import type { Purpose } from './purposes';

/** A consent the member must hold for a purpose; PROVISION_TO_CLIENT means THIRD_PARTY_PROVISION to the asker. */
export type RequiredConsent = 'ESSENTIAL' | 'MARKETING' | 'PROVISION_TO_CLIENT';

export interface PurposeRule {
  readonly categories: readonly Category[];
  /** When set, only these fields of those categories (e.g. statistics never see identifiers). */
  readonly onlyFields?: readonly PersonalField[];
  readonly consents: readonly RequiredConsent[];
  /** Extra consents when the asker is a PARTNER. */
  readonly partnerConsents?: readonly RequiredConsent[];
  /** PAYMENT values are shown in full only under these purposes, masked (last 4) otherwise. */
  readonly clearPayment?: boolean;
}

/** The policy table (README "Purposes"): which purposes may read which categories, with which consent. */
export const purposeTable: Readonly<Record<Purpose, PurposeRule>> = {
  SELF_SERVICE: { categories: CATEGORIES, consents: [] },
  MEMBER_MANAGEMENT: {
    categories: ['IDENTITY', 'CONTACT', 'DEMOGRAPHIC', 'GUARDIAN', 'DEVICE'],
    consents: ['ESSENTIAL'],
  },
  ORDER_FULFILLMENT: { categories: ['IDENTITY', 'CONTACT', 'ADDRESS'], consents: ['ESSENTIAL'] },
  PAYMENT_SETTLEMENT: { categories: ['IDENTITY', 'PAYMENT'], consents: ['ESSENTIAL'], clearPayment: true },
  MARKETING: {
    categories: ['IDENTITY', 'CONTACT', 'DEMOGRAPHIC'],
    consents: ['MARKETING'],
    partnerConsents: ['PROVISION_TO_CLIENT'],
  },
  SERVICE_DEVELOPMENT: {
    categories: ['DEMOGRAPHIC', 'ADDRESS'],
    onlyFields: ['ageBand', 'gender', 'deliveryArea'],
    consents: [],
  },
  LEGAL_REQUEST: { categories: CATEGORIES, consents: [] },
  /** Running the gateway (staff, clients, entrusted work): no member's personal data at all. */
  ADMINISTRATION: { categories: [], consents: [] },
};
