import type { Knex } from '@mikro-orm/knex';

/** The policy version in force on `now`: the newest whose enforcement date has come. */
export async function currentPolicyVersion(knex: Knex | Knex.Transaction, now: Date): Promise<number> {
  const row = await knex('policy_version').first('version').where('enforced_from', '<=', now.toISOString().slice(0, 10)).orderBy('version', 'desc');
  return row ? Number(row.version) : 1;
}
