import * as v from '../../validation';
import type { MemberChange } from '../member';

/** Member items a member may change directly, with their column and check. */
export const EDITABLE: Readonly<
  Record<string, { column: keyof MemberChange; check: (value: string, now: Date) => string }>
> = {
  name: { column: 'name', check: (x) => v.checkName(x) },
  email: { column: 'email', check: (x) => v.checkEmail(x) },
  phone: { column: 'phone', check: (x) => v.checkPhone(x) },
  address: { column: 'address', check: (x) => v.checkText(x, 'address', 300) },
  deliveryArea: { column: 'delivery_area', check: (x) => v.checkText(x, 'deliveryArea', 64) },
  gender: { column: 'gender', check: (x) => v.checkGender(x) },
  birthDate: { column: 'birth_date', check: (x, now) => v.checkBirthDate(x, now) },
  bankAccount: { column: 'bank_account_sealed', check: (x) => v.checkText(x, 'bankAccount', 64) },
  cardNumber: { column: 'card_number_sealed', check: (x) => v.checkText(x, 'cardNumber', 32) },
};

/**
 * Items given at sign-up as essential (§7): only withdrawing the membership removes them. The birth date confirms the
 * age (§2, §3).
 */
export const ESSENTIAL_ITEMS: ReadonlySet<string> = new Set(['loginId', 'name', 'email', 'birthDate']);

/** Items a member may delete on their own. */
export const OPTIONAL_ITEMS = Object.keys(EDITABLE).filter((f) => !ESSENTIAL_ITEMS.has(f));
