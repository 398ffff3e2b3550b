import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { connectionOf, decodeCursor, MAX_PAGE_SIZE, pageSize, type Connection } from '../../graphql/pagination';
import { memberScope, type MemberScope } from '../../policy/scope';
import { findMember, loadMembers, type MemberRow } from './member.loader';
import { MemberConnection, MemberNode } from './member.type';
import type { MemberView } from './member.view';
import { notFound } from './not-found';
import { views, viewsOf } from './views';

const memberIdKey = (key: string): string | null => (/^[0-9a-f-]{36}$/.test(key) ? key : null);

/** One member within `scope`, loaded with its state in one statement. */
async function one(ctx: GatewayContext, scope: MemberScope, id: string): Promise<MemberView> {
  const [view] = viewsOf(ctx, await loadMembers(ctx.services.knex, scope, { id, limit: 1 }, ctx.now));
  if (!view) throw notFound();
  return view;
}

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
  ): Promise<Connection<MemberView>> {
    pageSize(first);
    // One row past the page says whether there is a next one.
    const loaded = await loadMembers(
      ctx.services.knex,
      memberScope(ctx.principal, ctx.purpose, ctx.lawful, ctx.now),
      { after: after == null ? null : decodeCursor(after, memberIdKey), limit: first + 1 },
      ctx.now,
    );
    const nodes = viewsOf(ctx, { ...loaded, rows: loaded.rows.slice(0, first) });
    return connectionOf(nodes, loaded.rows.length > first, (node) => node.id);
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
