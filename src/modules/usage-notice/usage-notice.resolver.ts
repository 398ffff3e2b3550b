import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { gatewayError } from '../../errors';
import { MemberNode } from '../member/member.type';
import type { MemberView } from '../member/member.view';
import { usageNoticeContent } from './content';
import { UsageNoticeContent } from './usage-notice.type';

/** The first year the gateway can report on. */
const FIRST_YEAR = 2000;

@Resolver(() => MemberNode)
export class UsageNoticeResolver {
  @FieldResolver(() => UsageNoticeContent, {
    nullable: true,
    description:
      'The yearly usage notice (PIPA Art. 20-2) for a calendar year: the same content `npm run usage-notices` sends. SELF_SERVICE only; reading it is logged as the member’s own read.',
  })
  async usageNotice(
    @Root() member: MemberView,
    @Arg('year', () => Int) year: number,
    @Ctx() ctx: GatewayContext,
  ): Promise<UsageNoticeContent> {
    if (!Number.isInteger(year) || year < FIRST_YEAR || year > ctx.now.getUTCFullYear())
      throw gatewayError('BAD_USER_INPUT', `year must be from ${FIRST_YEAR} to this year.`, { field: 'year' });
    return usageNoticeContent(ctx.services.knex, member.id, year);
  }
}
