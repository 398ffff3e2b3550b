export { createAdmin, resetStaffPassword } from './bootstrap';
export { Staff, StaffRole } from './staff.entity';
export { staffAccount } from './staff.store';
export { enabledStaff, enabledStaffLogin, endStaffSessions, setStaffPassword, staffPasswordHash } from './staff-rows';
export type { StaffSession } from './staff-rows';
