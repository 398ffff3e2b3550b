import { Ctx, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { ageBandOf } from '../member/member.view';

/** Groups smaller than this are withheld: a count of 1 to 4 can single a person out. */
export const MIN_GROUP_SIZE = 5;

@ObjectType()
export class StatisticsBucket {
  @Field(() => String)
  key!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'Pseudonymous aggregates for service development; never a direct identifier.' })
export class MemberStatistics {
  @Field(() => Int)
  total!: number;

  @Field(() => [StatisticsBucket])
  byAgeBand!: StatisticsBucket[];

  @Field(() => [StatisticsBucket])
  byGender!: StatisticsBucket[];

  @Field(() => [StatisticsBucket])
  byDeliveryArea!: StatisticsBucket[];

  @Field(() => Int, { description: `Groups smaller than this are left out.` })
  suppressedBelow!: number;
}

function buckets(values: (string | null)[]): StatisticsBucket[] {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts]
    .filter(([, count]) => count >= MIN_GROUP_SIZE)
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

@Resolver()
export class StatisticsResolver {
  @Query(() => MemberStatistics, { description: 'Counts by age band, gender and delivery area. Declare SERVICE_DEVELOPMENT.' })
  async memberStatistics(@Ctx() { services, now }: GatewayContext): Promise<MemberStatistics> {
    const rows: { birthDate: string | null; gender: string | null; deliveryArea: string | null }[] = await services
      .knex('member')
      .select('birth_date as birthDate', 'gender', 'delivery_area as deliveryArea')
      .where({ status: 'ACTIVE' });
    // Children whose guardian has not consented are not active, so they never reach statistics.
    return {
      total: rows.length >= MIN_GROUP_SIZE ? rows.length : 0,
      byAgeBand: buckets(rows.map((r) => (r.birthDate ? ageBandOf(r.birthDate, now) : null))),
      byGender: buckets(rows.map((r) => r.gender)),
      byDeliveryArea: buckets(rows.map((r) => r.deliveryArea)),
      suppressedBelow: MIN_GROUP_SIZE,
    };
  }
}
