import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { connectionTypes } from '../../graphql/pagination';

@ObjectType()
export class DeniedField {
  @Field(() => String)
  field!: string;

  @Field(() => String)
  code!: string;
}

@ObjectType({
  description: 'One access-log row: who processed which fields of which member, why, and what was refused.',
})
export class AccessLogEntry {
  @Field(() => Int)
  seq!: number;

  @Field(() => String, { description: 'ISO time.' })
  at!: string;

  @Field(() => String)
  requestId!: string;

  @Field(() => String)
  accessorId!: string;

  @Field(() => String)
  accessorKind!: string;

  @Field(() => String, { nullable: true })
  accessorRole!: string | null;

  @Field(() => String)
  accessorName!: string;

  @Field(() => String)
  clientIp!: string;

  @Field(() => ID, { nullable: true })
  memberId!: string | null;

  @Field(() => String, { description: 'VIEW, CHANGE, INPUT, DELETE, DOWNLOAD or PROVIDE.' })
  action!: string;

  @Field(() => String, { nullable: true })
  purpose!: string | null;

  @Field(() => String, { nullable: true })
  legalBasis!: string | null;

  @Field(() => [String], { description: 'Names of the fields processed (never their values).' })
  fields!: string[];

  @Field(() => [DeniedField])
  denied!: DeniedField[];

  @Field(() => String, { nullable: true })
  operationName!: string | null;

  @Field(() => String, { description: 'SHA-256 over the row and the previous row’s hash.' })
  hash!: string;
}

export const { Connection: AccessLogConnection } = connectionTypes('AccessLog', AccessLogEntry);

@InputType()
export class AccessLogFilter {
  @Field(() => ID, { nullable: true })
  memberId?: string | null;

  @Field(() => String, { nullable: true })
  accessorId?: string | null;

  @Field(() => String, { nullable: true, description: 'A purpose (as in X-Purpose).' })
  purpose?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'VIEW, CHANGE, INPUT, DELETE, DOWNLOAD, PROVIDE, ADMIN or CONFLICT.',
  })
  action?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO time, inclusive.' })
  from?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO time, exclusive.' })
  to?: string | null;
}

@ObjectType({ description: 'Who read or received the member’s data (§10, §13).' })
export class AccessHistoryEntry {
  @Field(() => String)
  at!: string;

  @Field(() => String)
  accessorKind!: string;

  @Field(() => String)
  accessorName!: string;

  @Field(() => String)
  action!: string;

  @Field(() => String, { nullable: true })
  purpose!: string | null;

  @Field(() => [String])
  fields!: string[];

  @Field(() => [DeniedField], { description: 'Fields asked for and refused, with why: an attempt, not a read.' })
  denied!: DeniedField[];
}

export const { Connection: AccessHistoryConnection } = connectionTypes('AccessHistory', AccessHistoryEntry);

@ObjectType()
export class AccessorReview {
  @Field(() => String)
  accessorId!: string;

  @Field(() => String)
  accessorKind!: string;

  @Field(() => String)
  accessorName!: string;

  @Field(() => String, { nullable: true })
  accessorRole!: string | null;

  @Field(() => Int, { description: 'Access-log rows (one per request and member).' })
  rows!: number;

  @Field(() => Int, {
    description: 'Distinct members whose data the accessor received (refused reads and changes do not count).',
  })
  distinctMembers!: number;

  @Field(() => Int, { description: 'The most distinct members read within any 60 minutes.' })
  peakMembersPerHour!: number;

  @Field(() => Int)
  downloads!: number;

  @Field(() => Int, { description: 'Changes to staff, clients, webhooks or entrusted work (action ADMIN).' })
  adminChanges!: number;

  @Field(() => [String], { description: 'Why this accessor needs a look: UNUSUAL_VOLUME, DOWNLOAD, ADMIN.' })
  flags!: string[];
}

@ObjectType({ description: 'The monthly review of the access log.' })
export class AccessReview {
  @Field(() => String)
  month!: string;

  @Field(() => Int, { description: 'Distinct members per hour above which an accessor is flagged.' })
  hourlyThreshold!: number;

  @Field(() => [AccessorReview])
  accessors!: AccessorReview[];

  @Field(() => [AccessLogEntry], { description: 'Every DOWNLOAD of the month, oldest first.' })
  downloads!: AccessLogEntry[];

  @Field(() => [AccessLogEntry], {
    description: 'Every administrative change of the month (action ADMIN), oldest first.',
  })
  adminChanges!: AccessLogEntry[];
}
