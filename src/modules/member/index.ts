export { notFound } from './not-found';
export { views } from './views';
export { Member, MemberStatus } from './member.entity';
export { findMember } from './member.loader';
export { MemberNode } from './member.type';
export { ageBandOf } from './member.view';
export type { MemberView } from './member.view';
export { SEALED_COLUMNS, sealForMember } from './sealed-fields';
export type { SealedField } from './sealed-fields';
