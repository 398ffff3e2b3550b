import type { Knex } from '@mikro-orm/knex';
import type { MemberStatus } from './member.entity';
import { destroyedMember, type MEMBER_COLUMNS } from './registry';

/** The `member` table as other modules may use it: they call these, never the table. */

type Db = Knex | Knex.Transaction;

/** The member row as stored, one property per column of the registry; times as the driver returns them. */
export type StoredMember = Record<keyof typeof MEMBER_COLUMNS, unknown> & {
  id: string;
  login_id: string;
  password_hash: string | null;
  status: `${MemberStatus}`;
  session_version: number;
  name: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  delivery_area: string | null;
  birth_date: string | null;
  gender: string | null;
  wrapped_data_key: string | null;
  bank_account_sealed: string | null;
  card_number_sealed: string | null;
  signup_ip: string | null;
  browser: string | null;
  os: string | null;
  inflow_route: string | null;
  created_at: unknown;
  withdrawn_at: unknown;
  handed_over_at: unknown;
};

/** The columns a caller may set; the id, status and session counter move only through the functions below. */
export type MemberChange = Partial<Omit<StoredMember, 'id' | 'status' | 'session_version' | 'handed_over_at'>>;

/** A new member's row: what sign-up collects (optional items may be missing). */
export type NewMember = Pick<StoredMember, 'id' | 'login_id' | 'password_hash' | 'status' | 'name'> & {
  created_at: Date;
} & MemberChange;

const WITHDRAWN: `${MemberStatus}` = 'WITHDRAWN';

export async function storedMember(db: Db, id: string): Promise<StoredMember | null> {
  const row: StoredMember | undefined = await db('member').first('*').where({ id });
  return row ?? null;
}

/** What decides a member's capacity and whether she still exists: her status and birth date. */
export async function memberStanding(
  db: Db,
  id: string,
): Promise<{ status: `${MemberStatus}`; birthDate: string | null } | null> {
  const row = await db('member').first('status', 'birth_date as birthDate').where({ id });
  return row ?? null;
}

/** Which of `ids` name withdrawn members. */
export async function withdrawnAmong(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  return new Set(await db('member').whereIn('id', ids).where({ status: WITHDRAWN }).pluck('id'));
}

/** The ids of the members in one of `statuses`, as a subquery for another module's `whereIn` (no statement). */
export const memberIdsWith = (db: Db, statuses: readonly `${MemberStatus}`[]): Knex.QueryBuilder =>
  db('member').select('id').whereIn('status', statuses);

/** The active member signing in with `loginId`: her id, password hash and session version. */
export async function activeMemberLogin(
  db: Db,
  loginId: string,
): Promise<{ id: string; hash: string | null; sv: number } | null> {
  return (
    (await db('member')
      .first('id', 'password_hash as hash', 'session_version as sv')
      .where({ login_id: loginId, status: 'ACTIVE' })) ?? null
  );
}

/** An active member's session version, or null when she is not active. */
export async function activeSession(db: Db, id: string): Promise<number | null> {
  const row = await db('member').first('session_version as sv').where({ id, status: 'ACTIVE' });
  return row ? Number(row.sv) : null;
}

/**
 * An active member's name and session version with `extra` columns computed in the same statement (subqueries
 * other modules own, selecting over `member.id`): the principal's read on every request, one statement.
 */
export async function activeMemberWith<T extends object>(
  db: Db,
  id: string,
  extra: Knex.Raw,
): Promise<({ id: string; name: string; sv: number } & T) | null> {
  return (
    (await db('member').first('id', 'name', 'session_version as sv', extra).where({ id, status: 'ACTIVE' })) ?? null
  );
}

/** `extra` columns (see activeMemberWith) for one member whatever her status, or null when there is none. */
export async function memberWith<T extends object>(db: Db, id: string, extra: Knex.Raw): Promise<T | null> {
  return (await db('member').first(extra).where({ id })) ?? null;
}

export async function passwordHashOf(db: Db, id: string): Promise<string | null> {
  const row = await db('member').first('password_hash as hash').where({ id });
  return row?.hash ?? null;
}

/** Whether a member (in any state) already holds this login id or email. */
export async function identifiersTaken(db: Db, loginId: string, email: string | null): Promise<boolean> {
  return Boolean(await db('member').first('id').where({ login_id: loginId }).orWhere({ email }));
}

export async function insertMember(trx: Knex.Transaction, row: NewMember): Promise<void> {
  await trx('member').insert({ ...row, session_version: 1 });
}

/** Sets columns of her row; a unique identifier already taken fails as the database's unique violation. */
export async function updateMember(trx: Knex.Transaction, id: string, change: MemberChange): Promise<void> {
  await trx('member').where({ id }).update(change);
}

/** Every token of hers ends at once: her session version moves on. */
export async function endMemberSessions(db: Db, id: string): Promise<void> {
  await db('member').where({ id }).increment('session_version', 1);
}

/** A new password; every token issued under the old one ends. */
export async function setMemberPassword(trx: Knex.Transaction, id: string, hash: string): Promise<void> {
  await trx('member').where({ id }).update({ password_hash: hash }).increment('session_version', 1);
}

/** She withdraws: unreadable from now on, her tokens end. */
export async function markWithdrawn(trx: Knex.Transaction, id: string, now: Date): Promise<void> {
  await trx('member').where({ id }).update({ status: WITHDRAWN, withdrawn_at: now }).increment('session_version', 1);
}

/** A member found to be under 14 waits for her guardian; her tokens end. */
export async function awaitGuardian(trx: Knex.Transaction, id: string): Promise<void> {
  await trx('member').where({ id }).update({ status: 'PENDING_GUARDIAN' }).increment('session_version', 1);
}

/** A child waiting for her guardian becomes active (nothing happens to a member in any other state). */
export async function guardianConfirmed(trx: Knex.Transaction, id: string): Promise<void> {
  await trx('member').where({ id, status: 'PENDING_GUARDIAN' }).update({ status: 'ACTIVE' });
}

/** The active members who joined at or before `joinedBy`, with what statistics count. */
export async function longStandingMembers(
  db: Db,
  joinedBy: Date,
): Promise<{ id: string; birthDate: string | null; gender: string | null; deliveryArea: string | null }[]> {
  return db('member')
    .select('id', 'birth_date as birthDate', 'gender', 'delivery_area as deliveryArea')
    .where({ status: 'ACTIVE' })
    .where('created_at', '<=', joinedBy);
}

/** Active members and the addresses a yearly usage notice reaches them at, by id. */
export async function activeMemberContacts(
  db: Db,
): Promise<{ id: string; email: string | null; phone: string | null; birthDate: string | null }[]> {
  return db('member').select('id', 'email', 'phone', 'birth_date as birthDate').where('status', 'ACTIVE').orderBy('id');
}

/** Withdrawn members whose data has not been handed over yet. */
export const awaitingHandover = (db: Db): Promise<string[]> =>
  db('member').where({ status: WITHDRAWN }).whereNull('handed_over_at').pluck('id');

/** Children who signed up before `cutoff` and whose guardian never confirmed. */
export const unconfirmedChildren = (db: Db, cutoff: Date): Promise<string[]> =>
  db('member').where({ status: 'PENDING_GUARDIAN' }).where('created_at', '<', cutoff).pluck('id');

/** Her row keeps only what the registry keeps at destruction; she is marked handed over. */
export async function destroyMemberRow(trx: Knex.Transaction, id: string, now: Date): Promise<void> {
  await trx('member').where({ id }).update(destroyedMember(id, now));
}

/** An unconfirmed child's row is destroyed as at withdrawal (only while she is still unconfirmed). */
export async function destroyUnconfirmedChild(trx: Knex.Transaction, id: string, now: Date): Promise<void> {
  await trx('member')
    .where({ id, status: 'PENDING_GUARDIAN' })
    .update({ ...destroyedMember(id, now), status: WITHDRAWN, withdrawn_at: now });
}
