import type { Knex } from '@mikro-orm/knex';

const today = (now: Date): string => now.toISOString().slice(0, 10);

/** The newest version in force that asks every member to agree again (§15), or null when none does. */
export async function reconsentVersion(knex: Knex, now: Date): Promise<number | null> {
  const row = (await neededVersion(knex, now).first()) as { v: number | string | null } | undefined;
  return row?.v == null ? null : Number(row.v);
}

const neededVersion = (knex: Knex, now: Date) =>
  knex('policy_version')
    .max({ v: 'version' })
    .where({ requires_reconsent: true })
    .where('enforced_from', '<=', today(now));

/**
 * Columns for a query on `member` (aliased `memberAlias`) giving what `pendingFrom` needs, so the principal's own
 * row and her re-consent state are read in one statement.
 */
export const reconsentColumns = (knex: Knex, memberAlias: string, now: Date) => [
  neededVersion(knex, now).as('reconsentNeeded'),
  knex('consent')
    .max('policy_version')
    .where('consent.member_id', knex.ref(`${memberAlias}.id`))
    .where('consent.purpose', 'ESSENTIAL')
    .whereNull('consent.withdrawn_at')
    .as('essentialVersion'),
];

/** The version to agree to, from the two columns of `reconsentColumns`, or null. */
export function pendingFrom(needed: number | string | null, given: number | string | null): number | null {
  if (needed == null) return null;
  return Number(given ?? 0) < Number(needed) ? Number(needed) : null;
}

/**
 * The version this member must agree to before anything needing her consent goes on (§15), or null: a version in
 * force requires re-consent and her standing essential consent was given under an older one.
 */
export async function pendingReconsent(knex: Knex, memberId: string, now: Date): Promise<number | null> {
  const needed = await reconsentVersion(knex, now);
  if (needed === null) return null;
  const given = (await knex('consent')
    .max({ v: 'policy_version' })
    .where({ member_id: memberId, purpose: 'ESSENTIAL' })
    .whereNull('withdrawn_at')
    .first()) as { v: number | string | null } | undefined;
  return Number(given?.v ?? 0) < needed ? needed : null;
}
