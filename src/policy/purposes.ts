import type { Principal } from '../auth/principal';

/** The purposes a request may declare in `X-Purpose` (README "Purposes"; policy §3, §6, §7, §9, §13). */
export const PURPOSES = [
  'SELF_SERVICE',
  'MEMBER_MANAGEMENT',
  'ORDER_FULFILLMENT',
  'PAYMENT_SETTLEMENT',
  'MARKETING',
  'SERVICE_DEVELOPMENT',
  'LEGAL_REQUEST',
  'ADMINISTRATION',
] as const;

export type Purpose = (typeof PURPOSES)[number];

export const isPurpose = (value: string): value is Purpose => (PURPOSES as readonly string[]).includes(value);

type Declarer =
  | { readonly kind: 'MEMBER' | 'GUARDIAN' }
  | { readonly kind: 'STAFF'; readonly roles: readonly string[] }
  /** A client declares a purpose only if its own registration also grants it. */
  | { readonly kind: 'PARTNER' | 'CONSIGNEE' };

export const declarers: Readonly<Record<Purpose, readonly Declarer[]>> = {
  SELF_SERVICE: [{ kind: 'MEMBER' }, { kind: 'GUARDIAN' }],
  MEMBER_MANAGEMENT: [{ kind: 'STAFF', roles: ['CS_AGENT', 'PRIVACY_OFFICER'] }],
  ORDER_FULFILLMENT: [{ kind: 'STAFF', roles: ['CS_AGENT'] }, { kind: 'CONSIGNEE' }],
  PAYMENT_SETTLEMENT: [{ kind: 'CONSIGNEE' }],
  MARKETING: [{ kind: 'STAFF', roles: ['MARKETER'] }, { kind: 'PARTNER' }],
  SERVICE_DEVELOPMENT: [{ kind: 'STAFF', roles: ['ANALYST'] }],
  LEGAL_REQUEST: [{ kind: 'STAFF', roles: ['PRIVACY_OFFICER'] }],
  ADMINISTRATION: [{ kind: 'STAFF', roles: ['ADMIN'] }],
};

/**
 * The purposes a principal may declare, written into its token at issue time.
 * `granted` is an API client's own registration (its contract); it can only narrow the table, never widen it.
 */
export function purposesFor(who: Pick<Principal, 'kind' | 'role'>, granted: readonly string[] = []): Purpose[] {
  return PURPOSES.filter((purpose) =>
    declarers[purpose].some((d) => {
      if (d.kind !== who.kind) return false;
      switch (d.kind) {
        case 'STAFF':
          return who.role !== null && d.roles.includes(who.role);
        case 'PARTNER':
        case 'CONSIGNEE':
          return granted.includes(purpose);
        case 'MEMBER':
        case 'GUARDIAN':
          return true;
      }
    }),
  );
}
