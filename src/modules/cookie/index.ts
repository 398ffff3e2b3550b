export { COOKIE_KINDS, COOKIE_REFUSAL } from './cookie-kinds';
