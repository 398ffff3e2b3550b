import type { Knex } from '@mikro-orm/knex';

const today = (now: Date): string => now.toISOString().slice(0, 10);

/** The newest version in force that asks every member to agree again (§15), or null when none does. */
export async function reconsentVersion(knex: Knex, now: Date): Promise<number | null> {
  const row = (await knex('policy_version')
    .max({ v: 'version' })
    .where({ requires_reconsent: true })
    .where('enforced_from', '<=', today(now))
    .first()) as { v: number | string | null } | undefined;
  return row?.v == null ? null : Number(row.v);
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
