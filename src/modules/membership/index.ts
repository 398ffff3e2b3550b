export { exportMemberData, exportedFields } from './export';
export { EDITABLE } from './profile-fields';
export { handOverWithdrawn, withdrawMember } from './membership.resolver';
