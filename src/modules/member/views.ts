import type { GatewayContext } from '../../context';
import { loadMemberStates, type LoadedMembers, type MemberRow } from './member.loader';
import { MemberView } from './member.view';

/** The members as GraphQL values, each carrying the state it was loaded with; the field decisions are the shield's. */
export const viewsOf = (ctx: GatewayContext, { rows, states, guardians }: LoadedMembers): MemberView[] =>
  rows.map(
    (row) => new MemberView(states.get(row.id)!, row, guardians.get(row.id), ctx.services.keys.masterKey, ctx.now),
  );

/** Views of rows already read within the scope the policy grants: their states loaded in one more statement. */
export async function views(ctx: GatewayContext, rows: MemberRow[]): Promise<MemberView[]> {
  return viewsOf(ctx, { rows, ...(await loadMemberStates(ctx.services.knex, rows, ctx.now)) });
}
