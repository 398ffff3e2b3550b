export { applyAgeCapacity, isUnder14 } from './capacity';
export { Guardian } from './guardian.entity';
export {
  addGuardian,
  endGuardianSessions,
  eraseGuardiansOf,
  verifiedChildrenOf,
  verifiedGuardian,
  verifiedGuardianContacts,
} from './guardians';
