import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { gatewayError } from '../../errors';
import { memberScope, type MemberScope } from '../../policy/scope';
import { findMember, loadMemberStates, loadMembers, type LoadedMembers, type MemberRow } from './member.loader';
import { MemberConnection, MemberNode } from './member.type';
import { MemberView } from './member.view';

export const MAX_PAGE_SIZE = 100;

/** A page size argument, 1 to MAX_PAGE_SIZE, or BAD_USER_INPUT. */
export function pageSize(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw gatewayError('BAD_USER_INPUT', `first must be between 1 and ${MAX_PAGE_SIZE}.`, { argument: 'first' });
  }
  return first;
}

const encodeCursor = (id: string): string => Buffer.from(id, 'utf8').toString('base64url');
const decodeCursor = (cursor: string): string => {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9a-f-]{36}$/.test(id))
    throw gatewayError('BAD_USER_INPUT', 'The cursor is not valid.', { argument: 'after' });
  return id;
};

/** The members as GraphQL values, each carrying the state it was loaded with; the field decisions are the shield's. */
const viewsOf = (ctx: GatewayContext, { rows, states, guardians }: LoadedMembers): MemberView[] =>
  rows.map(
    (row) => new MemberView(states.get(row.id)!, row, guardians.get(row.id), ctx.services.keys.masterKey, ctx.now),
  );

/** Views of rows already read within the scope the policy grants: their states loaded in one more statement. */
export async function views(ctx: GatewayContext, rows: MemberRow[]): Promise<MemberView[]> {
  return viewsOf(ctx, { rows, ...(await loadMemberStates(ctx.services.knex, rows, ctx.now)) });
}

/** One member within `scope`, loaded with its state in one statement. */
async function one(ctx: GatewayContext, scope: MemberScope, id: string): Promise<MemberView> {
  const [view] = viewsOf(ctx, await loadMembers(ctx.services.knex, scope, { id, limit: 1 }, ctx.now));
  if (!view) throw notFound();
  return view;
}

export const notFound = () => gatewayError('NOT_FOUND', 'No member with that id.');

@Resolver()
export class MemberResolver {
  @Query(() => MemberNode, { description: 'The logged-in member. Declare X-Purpose: SELF_SERVICE.' })
  me(@Ctx() ctx: GatewayContext): Promise<MemberView> {
    return one(ctx, { kind: 'IDS', ids: [ctx.principal.id] }, ctx.principal.id);
  }

  @Query(() => MemberNode, { description: 'One member the caller may reach under the declared purpose.' })
  member(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext): Promise<MemberView> {
    return one(ctx, memberScope(ctx.principal, ctx.purpose, ctx.lawful, ctx.now), id);
  }

  @Query(() => MemberConnection, { description: `Members the caller may reach, ${MAX_PAGE_SIZE} at most per page.` })
  async members(
    @Arg('first', () => Int) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<{
    edges: { cursor: string; node: MemberView }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  }> {
    pageSize(first);
    // One row past the page says whether there is a next one.
    const loaded = await loadMembers(
      ctx.services.knex,
      memberScope(ctx.principal, ctx.purpose, ctx.lawful, ctx.now),
      { after: after == null ? null : decodeCursor(after), limit: first + 1 },
      ctx.now,
    );
    const nodes = viewsOf(ctx, { ...loaded, rows: loaded.rows.slice(0, first) });
    const edges = nodes.map((node) => ({ cursor: encodeCursor(node.id), node }));
    return { edges, pageInfo: { hasNextPage: loaded.rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  @Query(() => [MemberNode], { description: 'For a guardian: the children they represent. Declare SELF_SERVICE.' })
  async myChildren(@Ctx() ctx: GatewayContext): Promise<MemberView[]> {
    const ids = ctx.principal.childIds;
    if (ids.length === 0) return [];
    const { knex } = ctx.services;
    const rows = await Promise.all(ids.map((id) => findMember(knex, { kind: 'IDS', ids }, id)));
    return views(
      ctx,
      rows.filter((r): r is MemberRow => r !== null),
    );
  }
}
