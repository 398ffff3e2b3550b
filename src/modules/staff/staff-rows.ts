import type { Knex } from '@mikro-orm/knex';
import type { StaffRole } from './staff.entity';

/** The `staff` table as other modules may use it for sign-in and sessions: they call these, never the table. */

/** What a staff token is checked against and what it grants. */
export interface StaffSession {
  id: string;
  name: string;
  role: StaffRole;
  sv: number;
  mustChange: boolean;
}

type StaffSessionRow = Omit<StaffSession, 'sv' | 'mustChange'> & { sv: number | string; mustChange: unknown };

const toSession = (row: StaffSessionRow): StaffSession => ({
  ...row,
  sv: Number(row.sv),
  mustChange: Boolean(row.mustChange),
});

const SESSION = ['id', 'name', 'role', 'session_version as sv', 'must_change_password as mustChange'];

/** An enabled staff account by id, or null. */
export async function enabledStaff(db: Knex, id: string): Promise<StaffSession | null> {
  const row: StaffSessionRow | undefined = await db('staff').first(SESSION).where({ id }).whereNull('disabled_at');
  return row ? toSession(row) : null;
}

/** The enabled staff account signing in with `loginId`, with its password hash, or null. */
export async function enabledStaffLogin(
  db: Knex,
  loginId: string,
): Promise<(StaffSession & { hash: string | null }) | null> {
  const row: (StaffSessionRow & { hash: string | null }) | undefined = await db('staff')
    .first([...SESSION, 'password_hash as hash'])
    .where({ login_id: loginId })
    .whereNull('disabled_at');
  return row ? { ...toSession(row), hash: row.hash } : null;
}

export async function staffPasswordHash(
  db: Knex,
  id: string,
): Promise<{ hash: string | null; role: StaffRole } | null> {
  return (await db('staff').first('password_hash as hash', 'role').where({ id })) ?? null;
}

/** A new password (the one-time one cleared); every earlier token ends. The new session version. */
export async function setStaffPassword(trx: Knex.Transaction, id: string, hash: string): Promise<number> {
  await trx('staff')
    .where({ id })
    .update({ password_hash: hash, must_change_password: false })
    .increment('session_version', 1);
  const row: { sv: number | string } = await trx('staff').first('session_version as sv').where({ id });
  return Number(row.sv);
}

export async function endStaffSessions(db: Knex, id: string): Promise<void> {
  await db('staff').where({ id }).increment('session_version', 1);
}
