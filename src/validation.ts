import { badInput as bad } from './errors';

/** Input checks that answer BAD_USER_INPUT naming the field at fault. */

export const LOGIN_ID = /^[a-z0-9][a-z0-9._-]{2,31}$/;
export const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;
export const PHONE = /^\+?[0-9][0-9 -]{6,18}[0-9]$/;
export const GENDERS = ['FEMALE', 'MALE', 'OTHER'] as const;

export function checkLoginId(value: string): string {
  if (!LOGIN_ID.test(value))
    throw bad('loginId', 'loginId must be 3-32 characters: lower-case letters, digits, ".", "_" or "-".');
  return value;
}

export function checkPassword(value: string, field = 'password'): string {
  if (value.length < 10 || value.length > 128) throw bad(field, 'The password must be 10 to 128 characters long.');
  return value;
}

export function checkName(value: string, field = 'name'): string {
  const v = value.trim();
  if (v.length < 1 || v.length > 100) throw bad(field, `${field} must be 1 to 100 characters.`);
  return v;
}

export function checkEmail(value: string, field = 'email'): string {
  const v = value.trim().toLowerCase();
  if (v.length > 254 || !EMAIL.test(v)) throw bad(field, `${field} is not an email address.`);
  return v;
}

export function checkPhone(value: string, field = 'phone'): string {
  const v = value.trim();
  if (!PHONE.test(v)) throw bad(field, `${field} is not a phone number.`);
  return v;
}

/** An email or a phone number: where a guardian's verification codes go. */
export function checkContact(value: string, field = 'guardianContact'): string {
  return value.includes('@') ? checkEmail(value, field) : checkPhone(value, field);
}

export function checkBirthDate(value: string, today: Date): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const d = m ? new Date(`${value}T00:00:00Z`) : null;
  if (!m || !d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) {
    throw bad('birthDate', 'birthDate must be a date, YYYY-MM-DD.');
  }
  if (d > today || d.getUTCFullYear() < 1900) throw bad('birthDate', 'birthDate is out of range.');
  return value;
}

export function checkGender(value: string): string {
  if (!(GENDERS as readonly string[]).includes(value))
    throw bad('gender', `gender must be one of ${GENDERS.join(', ')}.`);
  return value;
}

export function checkText(value: string, field: string, max: number): string {
  const v = value.trim();
  if (v.length < 1 || v.length > max) throw bad(field, `${field} must be 1 to ${max} characters.`);
  return v;
}

export const checkOptionalText = (value: string | null | undefined, field: string, max: number): string | null =>
  value == null ? null : checkText(value, field, max);
