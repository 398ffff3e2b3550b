export { CORRECTABLE, guardCorrected, openCorrection, resolve } from './correction.resolver';
