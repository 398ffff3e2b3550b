export { CORRECTABLE, openCorrection, resolve } from './correction.resolver';
