export { CORRECTABLE, guardCorrected, openCorrection, resolve } from './correction.resolver';
export { eraseCorrectionsOf, openCorrections } from './corrections';
