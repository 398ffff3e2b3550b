export { Assignment, AssignmentKind } from './assignment.entity';
export { eraseAssignmentsOf, settledWorkOf } from './assignments';
export type { SettledWork } from './assignments';
