export { COOKIE_KINDS, COOKIE_REFUSAL } from './cookie-kinds';
export { eraseCookiePreferenceOf, insertMemberCookieChoice, personalisedSince } from './cookie-preferences';
