export { createAdmin, resetStaffPassword } from './bootstrap';
export { Staff, StaffRole } from './staff.entity';
export { staffAccount } from './staff.store';
