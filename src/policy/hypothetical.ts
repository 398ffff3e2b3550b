import type { Principal } from '../auth/principal';
import { PERSONAL_FIELDS, type PersonalField } from './categories';
import { decideAccess, type LawfulScope } from './decide';
import type { Decision } from './decision';
import type { FieldAccess } from './field-policy';
import { provisionConsent, type MemberState } from './member-state';
import { declarers, PURPOSES, type Purpose } from './purposes';

/*
 * Deciding without a request, to say what the rules allow (explainAccess, the schema descriptions): the same
 * `decideAccess`, asked about a member and by askers made up to leave out everything but the rule itself.
 */

/**
 * The member most favourable to `principal`: her own (or a child of the guardian's), active, holding every consent,
 * nothing on hold, named with `field` by the lawful request. What is refused on her is refused on everyone.
 */
export function bestCase(
  principal: Principal,
  field: PersonalField | null,
): { member: MemberState; lawful: LawfulScope } {
  const id = principal.kind === 'GUARDIAN' ? (principal.childIds[0] ?? '') : principal.id;
  const consents = ['ESSENTIAL', 'MARKETING', ...(principal.clientId ? [provisionConsent(principal.clientId)] : [])];
  return {
    member: {
      id,
      status: 'ACTIVE',
      under14: false,
      guardianVerified: true,
      fieldsOnHold: new Set(),
      consents: new Set(consents),
    },
    lawful: { id: 'any', memberIds: [id], fields: field ? [field] : [] },
  };
}

const someone = (over: Partial<Principal> & Pick<Principal, 'kind' | 'purposes'>): Principal => ({
  id: 'someone',
  name: 'someone',
  role: null,
  clientId: null,
  entrustedFields: [],
  childIds: [],
  ...over,
});

/** One principal for each way `purpose` can be declared (each staff role, each kind); clients entrusted with all. */
export const declaring = (purpose: Purpose): Principal[] =>
  declarers[purpose].flatMap((d): Principal[] => {
    const purposes = [purpose];
    switch (d.kind) {
      case 'STAFF':
        return d.roles.map((role) =>
          someone({ kind: 'STAFF', role: role as NonNullable<Principal['role']>, purposes }),
        );
      case 'PARTNER':
      case 'CONSIGNEE':
        return [someone({ kind: d.kind, clientId: 'client', entrustedFields: PERSONAL_FIELDS, purposes })];
      case 'MEMBER':
        return [someone({ kind: 'MEMBER', purposes })];
      case 'GUARDIAN':
        return [someone({ kind: 'GUARDIAN', childIds: ['child'], purposes })];
    }
  });

const personalField = (access: FieldAccess): PersonalField | null => (access.kind === 'PERSONAL' ? access.field : null);

/** The decision on the field for `principal` declaring `purpose`, about the member most favourable to it. */
export const decideAtBest = (access: FieldAccess, principal: Principal, purpose: Purpose | null): Decision => {
  const { member, lawful } = bestCase(principal, personalField(access));
  return decideAccess(access, { principal, purpose, lawful }, member);
};

const readable = new WeakMap<FieldAccess, Purpose[]>();

/** The purposes under which someone can read the field at all. */
export function readableUnder(access: FieldAccess): Purpose[] {
  let purposes = readable.get(access);
  if (!purposes) {
    purposes = PURPOSES.filter((p) => declaring(p).some((who) => decideAtBest(access, who, p).allowed));
    readable.set(access, purposes);
  }
  return purposes;
}
