export { COOKIE_KINDS, COOKIE_REFUSAL } from './cookie-kinds';
export { eraseCookiePreferenceOf } from './cookie-preferences';
