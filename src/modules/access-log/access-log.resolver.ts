import type { Knex } from '@mikro-orm/knex';
import { Arg, Ctx, FieldResolver, Info, Int, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../../context';
import { badInput, gatewayError } from '../../errors';
import { fromRow, type AccessLogRow } from '../../audit/rows';
import { whereMember } from '../../audit/member-rows';
import { MemberNode } from '../member';
import type { MemberView } from '../member';
import { connectionOf, decodeCursor, pageSize, seqKey, type Connection } from '../../graphql/pagination';
import {
  AccessHistoryConnection,
  AccessLogConnection,
  AccessLogFilter,
  AccessReview,
  type AccessLogEntry,
} from './access-log.type';
import { reviewMonth } from './access-review';
import { toLogEntry } from './log-entry';
import { ACCESS_ACTIONS } from '../../audit/access-log.entity';
import { recordPeopleIn } from './people-in-log';
import { PURPOSES } from '../../policy/purposes';

const isoTime = (value: string | null | undefined, field: string): Date | null => {
  if (value == null) return null;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw badInput(field, `${field} must be an ISO time.`);
  return d;
};

/** A value the log can hold, or BAD_USER_INPUT: a misspelt filter must not read as "no such access". */
const oneOf = (value: string | null | undefined, allowed: readonly string[], field: string): string | null => {
  if (value == null) return null;
  if (!allowed.includes(value)) throw badInput(field, `${field} must be one of ${allowed.join(', ')}.`);
  return value;
};

/**
 * Newest first, keyset-paginated on `seq`. `member`: only that member's rows; `alone` when no other filter applies,
 * so the member's newest rows are the page.
 */
async function page(
  knex: Knex,
  q: Knex.QueryBuilder,
  first: number,
  after: string | null | undefined,
  member: { id: string; alone: boolean } | null,
): Promise<Connection<AccessLogEntry>> {
  const size = pageSize(first);
  const cursor = after == null ? null : decodeCursor(after, seqKey(1));
  if (cursor !== null) q.where('seq', '<', cursor);
  if (member) await whereMember(knex, q, member.id, member.alone ? { before: cursor, limit: size + 1 } : null);
  const rows = ((await q.orderBy('seq', 'desc').limit(size + 1)) as AccessLogRow[]).map(fromRow);
  const page = rows.slice(0, size);
  return connectionOf(
    page.map((r) => toLogEntry(r)),
    rows.length > size,
    (entry) => entry.seq,
  );
}

@Resolver(() => MemberNode)
export class AccessLogResolver {
  @Query(() => AccessLogConnection, {
    description: 'Searches the access log (privacy officer). The search is itself logged.',
  })
  async accessLogs(
    @Arg('filter', () => AccessLogFilter, { nullable: true }) filter: AccessLogFilter | null,
    @Arg('first', () => Int) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<{ edges: { cursor: string; node: AccessLogEntry }[] }> {
    const f = filter ?? {};
    if (f.memberId != null && !/^[0-9A-Za-z-]{1,36}$/.test(f.memberId)) {
      throw badInput('filter.memberId', 'memberId is not a member id.');
    }
    // A lawful request opens the log of the members it names, one at a time, and nobody else's.
    if (ctx.purpose === 'LEGAL_REQUEST' && !(f.memberId != null && ctx.lawful?.memberIds.includes(f.memberId))) {
      throw gatewayError(
        'PURPOSE_DENIED',
        'Under LEGAL_REQUEST, name in memberId a member the lawful request covers.',
        { field: 'filter.memberId' },
      );
    }
    const purpose = oneOf(f.purpose, PURPOSES, 'filter.purpose');
    const action = oneOf(f.action, ACCESS_ACTIONS, 'filter.action');
    const from = isoTime(f.from, 'filter.from');
    const to = isoTime(f.to, 'filter.to');
    const { knex } = ctx.services;
    const q = knex('access_log').select('*');
    if (f.accessorId != null) q.where('accessor_id', f.accessorId);
    if (purpose) q.where('purpose', purpose);
    if (action) q.where('action', action);
    if (from) q.where('at', '>=', from);
    if (to) q.where('at', '<', to);
    const alone = f.accessorId == null && !purpose && !action && !from && !to;
    const result = await page(knex, q, first, after, f.memberId != null ? { id: f.memberId, alone } : null);
    ctx.access.process(f.memberId ?? null, 'VIEW', ['accessLogs'], info.path);
    const nodes = await recordPeopleIn(
      ctx,
      result.edges.map((e) => e.node),
      info.path,
    );
    return { ...result, edges: result.edges.map((e, i) => ({ ...e, node: nodes[i]! })) };
  }

  @Query(() => AccessReview, {
    description: 'The monthly review: reads per accessor, unusual volume and every download.',
  })
  async accessReview(
    @Arg('month', () => String) month: string,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AccessReview> {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw badInput('month', 'month must be YYYY-MM.');
    const review = await reviewMonth(ctx.services.knex, month, ctx.services.config.reviewHourlyThreshold);
    // The review is itself a read of the log: logged, and withheld whole when its row cannot be written.
    ctx.access.process(null, 'VIEW', ['accessReview'], info.path);
    return {
      ...review,
      accessors: await recordPeopleIn(ctx, review.accessors, info.path),
      downloads: await recordPeopleIn(ctx, review.downloads, info.path),
      adminChanges: await recordPeopleIn(ctx, review.adminChanges, info.path),
    };
  }

  @FieldResolver(() => AccessHistoryConnection, {
    nullable: true,
    description: 'Who read or received this member’s data. SELF_SERVICE only.',
  })
  accessHistory(
    @Root() member: MemberView,
    @Arg('first', () => Int) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: GatewayContext,
  ) {
    const { knex } = ctx.services;
    return page(knex, knex('access_log').select('*'), first, after, { id: member.id, alone: true });
  }
}
