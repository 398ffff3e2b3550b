import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { gatewayError } from '../../errors';
import { memberScope } from '../../policy/scope';
import { findMember, listMembers, loadMemberStates, type MemberRow } from './member.loader';
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

/** Loads members within the scope the policy grants; the field-level decisions are the shield's. */
export async function views(ctx: GatewayContext, rows: MemberRow[]): Promise<MemberView[]> {
  const { states, guardians } = await loadMemberStates(ctx.services.knex, rows, ctx.now);
  return rows.map(
    (row) => new MemberView(states.get(row.id)!, row, guardians.get(row.id), ctx.services.keys.masterKey, ctx.now),
  );
}

export const notFound = () => gatewayError('NOT_FOUND', 'No member with that id.');

@Resolver()
export class MemberResolver {
  @Query(() => MemberNode, { description: 'The logged-in member. Declare X-Purpose: SELF_SERVICE.' })
  async me(@Ctx() ctx: GatewayContext): Promise<MemberView> {
    const row = await findMember(ctx.services.knex, { kind: 'IDS', ids: [ctx.principal.id] }, ctx.principal.id);
    if (!row) throw notFound();
    const [view] = await views(ctx, [row]);
    return view!;
  }

  @Query(() => MemberNode, { description: 'One member the caller may reach under the declared purpose.' })
  async member(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext): Promise<MemberView> {
    const row = await findMember(ctx.services.knex, memberScope(ctx.principal, ctx.purpose, ctx.lawful, ctx.now), id);
    if (!row) throw notFound();
    const [view] = await views(ctx, [row]);
    return view!;
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
    const rows = await listMembers(
      ctx.services.knex,
      memberScope(ctx.principal, ctx.purpose, ctx.lawful, ctx.now),
      first,
      after == null ? null : decodeCursor(after),
    );
    const page = rows.slice(0, first);
    const nodes = await views(ctx, page);
    const edges = nodes.map((node) => ({ cursor: encodeCursor(node.id), node }));
    return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
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
