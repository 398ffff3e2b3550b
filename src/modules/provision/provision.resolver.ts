import { Arg, Ctx, Field, FieldResolver, ID, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { jsonList } from '../../db/json-list';
import { MemberNode } from '../member';
import { decodeCursor, encodeCursor, MAX_PAGE_SIZE, pageSize, seqKey } from '../../graphql/pagination';
import type { MemberView } from '../member';

@ObjectType({ description: 'Personal data that left to a third party or consignee (§6, §9).' })
export class ProvisionItem {
  @Field(() => String) recipientName!: string;
  @Field(() => String, { description: 'PARTNER or CONSIGNEE.' }) recipientKind!: string;
  @Field(() => [String]) fields!: string[];
  @Field(() => String) purpose!: string;
  @Field(() => String) at!: string;
}

@ObjectType({
  description:
    'A value this recipient received was corrected (read the member again) or deleted by the member (delete your copy) (§13).',
})
export class CorrectionNoticeItem {
  @Field(() => String, { description: 'Cursor for `after`.' }) cursor!: string;
  @Field(() => ID, { description: 'Idempotency key: the same notice may arrive more than once.' }) noticeId!: string;
  @Field(() => ID) memberId!: string;
  @Field(() => String) field!: string;
  @Field(() => String, { description: 'CORRECTED, or DELETED when the member deleted the optional item.' })
  change!: string;
  @Field(() => String, { description: 'When the value was corrected or deleted.' }) correctedAt!: string;
}

/**
 * A notice's `seq`. Recipients keep their last cursor between polls, so the plain decimal `seq` that cursors were
 * before every list shared one format still reads (decimal digits are never the start of an encoded cursor).
 */
const noticeCursor = (after: string): number => seqKey(0)(after) ?? decodeCursor(after, seqKey(0));

@Resolver(() => MemberNode)
export class ProvisionResolver {
  @FieldResolver(() => [ProvisionItem], {
    nullable: true,
    description: 'Which third parties and consignees received what, and when. SELF_SERVICE only.',
  })
  async provisions(@Root() member: MemberView, @Ctx() ctx: GatewayContext): Promise<ProvisionItem[]> {
    const rows = await ctx.services
      .knex('provision as p')
      .join('api_client as c', 'c.id', 'p.recipient_id')
      .select('c.name', 'p.recipient_kind', 'p.fields', 'p.purpose', 'p.at')
      .where('p.member_id', member.id)
      .orderBy('p.at', 'desc')
      .limit(500);
    return rows.map((r: Record<string, unknown>) => ({
      recipientName: r.name as string,
      recipientKind: r.recipient_kind as string,
      fields: jsonList(r.fields),
      purpose: r.purpose as string,
      at: new Date(r.at as string).toISOString(),
    }));
  }

  @Query(() => [CorrectionNoticeItem], {
    description: 'For a partner or consignee: corrections of values it received, oldest first, after a cursor.',
  })
  async correctionNotices(
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<CorrectionNoticeItem[]> {
    const size = pageSize(first ?? MAX_PAGE_SIZE);
    const since = after == null ? 0 : noticeCursor(after);
    const rows = await ctx.services
      .knex('correction_notice')
      .select('seq', 'notice_id', 'member_id', 'field', 'change', 'created_at')
      .where('recipient_id', ctx.principal.id)
      .where('seq', '>', since)
      .orderBy('seq')
      .limit(size);
    return rows.map((r: Record<string, unknown>) => ({
      cursor: encodeCursor(r.seq as number | string),
      noticeId: r.notice_id as string,
      memberId: r.member_id as string,
      field: r.field as string,
      change: r.change as string,
      correctedAt: new Date(r.created_at as string).toISOString(),
    }));
  }
}
