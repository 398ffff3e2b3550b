export { Assignment, AssignmentKind } from './assignment.entity';
