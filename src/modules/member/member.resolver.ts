import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { connectionOf, decodeCursor, MAX_PAGE_SIZE, pageSize, type Connection } from '../../graphql/pagination';
import { memberScope } from '../../policy/scope';
import { findMember, listMembers, type MemberRow } from './member.loader';
import { MemberConnection, MemberNode } from './member.type';
import type { MemberView } from './member.view';
import { notFound } from './not-found';
import { views } from './views';

const memberIdKey = (key: string): string | null => (/^[0-9a-f-]{36}$/.test(key) ? key : null);

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
  ): Promise<Connection<MemberView>> {
    pageSize(first);
    const rows = await listMembers(
      ctx.services.knex,
      memberScope(ctx.principal, ctx.purpose, ctx.lawful, ctx.now),
      first,
      after == null ? null : decodeCursor(after, memberIdKey),
    );
    const page = rows.slice(0, first);
    return connectionOf(await views(ctx, page), rows.length > first, (node) => node.id);
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
