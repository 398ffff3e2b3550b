export { notFound } from './not-found';
export { views } from './views';
export { Member, MemberStatus } from './member.entity';
export { findMember } from './member.loader';
export { MemberNode } from './member.type';
export { ageBandOf } from './member.view';
export type { MemberView } from './member.view';
export { SEALED_COLUMNS, sealForMember } from './sealed-fields';
export type { SealedField } from './sealed-fields';
export {
  activeMemberContacts,
  activeMemberLogin,
  activeMemberWith,
  activeSession,
  awaitGuardian,
  awaitingHandover,
  destroyMemberRow,
  destroyUnconfirmedChild,
  endMemberSessions,
  guardianConfirmed,
  identifiersTaken,
  insertMember,
  longStandingMembers,
  memberIdsWith,
  memberStanding,
  memberWith,
  passwordHashOf,
  setMemberPassword,
  storedMember,
  unconfirmedChildren,
  updateMember,
  markWithdrawn,
  withdrawnAmong,
} from './members';
export type { MemberChange, NewMember, StoredMember } from './members';
export { DELETED_AT_DESTRUCTION, MEMBER_COLUMNS, MEMBER_TABLES } from './registry';
export type { DeletedAtDestruction, ExportAs, MemberColumn, MemberTable, RegistryColumn } from './registry';
