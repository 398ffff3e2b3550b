import type { Knex } from '@mikro-orm/knex';
import { memberWith } from '../member';

/** The newest version in force that asks every member to agree again (§15). */
const NEEDED = 'select max(version) from policy_version where requires_reconsent = ? and enforced_from <= ?';

/** The newest version the member's standing essential consent agreed to. */
const agreedBy = (memberIdColumn: string): string =>
  `select max(e.policy_version) from consent e where e.member_id = ${memberIdColumn} and e.purpose = 'ESSENTIAL' and e.withdrawn_at is null`;

/**
 * Two columns for a query over member rows (`memberIdColumn` names their id): the version requiring re-consent and
 * the one she agreed to, as text so they also fit a union of text columns. `pendingFrom` reads them; a request reads
 * them inside statements it makes anyway.
 */
export const reconsentColumns = (
  knex: Knex,
  memberIdColumn: string,
  now: Date,
  [neededAs, agreedAs]: readonly [string, string],
): Knex.Raw =>
  knex.raw(`cast((${NEEDED}) as varchar(16)) as ??, cast((${agreedBy(memberIdColumn)}) as varchar(16)) as ??`, [
    true,
    now.toISOString().slice(0, 10),
    neededAs,
    agreedAs,
  ]);

/** The version she must agree to before anything needing her consent goes on (§15), or null. */
export function pendingFrom(needed: number | string | null, agreed: number | string | null): number | null {
  if (needed == null) return null;
  return Number(agreed ?? 0) < Number(needed) ? Number(needed) : null;
}

/** `pendingFrom` for one member, in one statement. */
export async function pendingReconsent(knex: Knex, memberId: string, now: Date): Promise<number | null> {
  const row = await memberWith<{ needed: string | null; agreed: string | null }>(
    knex,
    memberId,
    reconsentColumns(knex, 'member.id', now, ['needed', 'agreed']),
  );
  return row ? pendingFrom(row.needed, row.agreed) : null;
}
