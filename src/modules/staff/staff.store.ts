import type { Knex } from '@mikro-orm/knex';
import { gatewayError } from '../../errors';
import { StaffRole } from './staff.entity';
import type { StaffAccount } from './staff.type';
import { isDesignatedOfficer } from '../privacy-officer';

export const STAFF_ROLES = Object.values(StaffRole) as string[];

const columns = ['id', 'login_id', 'name', 'role', 'disabled_at', 'must_change_password'];

export const toAccount = (r: Record<string, unknown>): StaffAccount => ({
  id: r.id as string,
  loginId: r.login_id as string,
  name: r.name as string,
  role: r.role as string,
  disabled: r.disabled_at != null,
  mustChangePassword: Boolean(r.must_change_password),
});

export function checkRole(value: string): StaffRole {
  if (!STAFF_ROLES.includes(value))
    throw gatewayError('BAD_USER_INPUT', `role must be one of ${STAFF_ROLES.join(', ')}.`, { field: 'role' });
  return value as StaffRole;
}

export async function staffAccount(knex: Knex, id: string): Promise<StaffAccount> {
  const row = /^[0-9a-f-]{36}$/.test(id) ? await knex('staff').first(columns).where({ id }) : undefined;
  if (!row) throw gatewayError('NOT_FOUND', 'No staff account with that id.', { field: 'staffId' });
  return toAccount(row);
}

export const listStaff = async (knex: Knex): Promise<StaffAccount[]> =>
  (await knex('staff').select(columns).orderBy('login_id')).map(toAccount);

/**
 * Whether a staff account holds the login id. Staff and members are separate namespaces (login checks both, a decoy
 * standing in for a missing account), so creating staff never reveals whether a member holds an id.
 */
export async function loginIdTaken(knex: Knex, loginId: string): Promise<boolean> {
  return Boolean(await knex('staff').first('id').where({ login_id: loginId }));
}

/** The gateway always keeps one enabled administrator: nobody could onboard anyone otherwise. */
export async function assertNotLastAdmin(knex: Knex, account: StaffAccount): Promise<void> {
  if (account.role !== StaffRole.ADMIN || account.disabled) return;
  const [{ n }] = (await knex('staff').count({ n: '*' }).where({ role: StaffRole.ADMIN }).whereNull('disabled_at')) as [
    { n: number | string },
  ];
  if (Number(n) <= 1)
    throw gatewayError('CONFLICT', 'This is the last enabled ADMIN account; create another administrator first.', {
      field: 'staffId',
    });
}

/** The designated privacy officer keeps the role the designation rests on. */
export async function assertNotDesignatedOfficer(knex: Knex, account: StaffAccount): Promise<void> {
  if (await isDesignatedOfficer(knex, account.id))
    throw gatewayError('CONFLICT', 'This account is the designated privacy officer; designate another officer first.', {
      field: 'staffId',
    });
}
