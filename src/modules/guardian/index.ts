export { applyAgeCapacity, isUnder14 } from './capacity';
export { Guardian } from './guardian.entity';
export { eraseGuardiansOf } from './guardians';
