import type { GatewayContext } from '../../context';
import { loadMemberStates, type MemberRow } from './member.loader';
import { MemberView } from './member.view';

/** Loads members within the scope the policy grants; the field-level decisions are the shield's. */
export async function views(ctx: GatewayContext, rows: MemberRow[]): Promise<MemberView[]> {
  const { states, guardians } = await loadMemberStates(ctx.services.knex, rows, ctx.now);
  for (const [id, state] of states) ctx.memberStates.set(id, state);
  return rows.map((row) => new MemberView(row, guardians.get(row.id), ctx.services.keys.masterKey, ctx.now));
}
