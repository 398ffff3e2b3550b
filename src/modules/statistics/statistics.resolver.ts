import { Ctx, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { ageBandOf } from '../member';
import { withDerived } from '../../policy/derived-fields';
import { longStandingMembers } from '../member';
import { openCorrections } from '../correction';

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

/**
 * Only members who joined at least this long ago count: accounts made to lift a small group over the threshold wait
 * this long.
 */
export const MIN_MEMBERSHIP_DAYS = 30;

@Resolver()
export class StatisticsResolver {
  @Query(() => MemberStatistics, {
    description: `Counts by age band, gender and delivery area. Declare SERVICE_DEVELOPMENT. Counts only active members who joined at least ${MIN_MEMBERSHIP_DAYS} days ago, so accounts created to lift a small group over the threshold do not count until then.`,
  })
  async memberStatistics(@Ctx() { services, now }: GatewayContext): Promise<MemberStatistics> {
    const rows = await longStandingMembers(services.knex, new Date(now.getTime() - MIN_MEMBERSHIP_DAYS * 86_400_000));
    // A value held for correction is counted nowhere, nor is anything derived from it (§13).
    // Only the rows' own members are looked up, so a withdrawn member's open correction is never consulted.
    const held = new Map([...(await openCorrections(services.knex))].map(([id, fields]) => [id, withDerived(fields)]));
    const unheld = <T>(id: string, field: string, value: T | null): T | null =>
      held.get(id)?.has(field) ? null : value;
    // Children whose guardian has not consented are not active, so they never reach statistics.
    return {
      total: rows.length >= MIN_GROUP_SIZE ? rows.length : 0,
      byAgeBand: buckets(rows.map((r) => unheld(r.id, 'ageBand', r.birthDate ? ageBandOf(r.birthDate, now) : null))),
      byGender: buckets(rows.map((r) => unheld(r.id, 'gender', r.gender))),
      byDeliveryArea: buckets(rows.map((r) => unheld(r.id, 'deliveryArea', r.deliveryArea))),
      suppressedBelow: MIN_GROUP_SIZE,
    };
  }
}
