import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Who accessed the member’s data for one purpose in the year, and how often.' })
export class UsageAccess {
  @Field(() => String, { description: 'STAFF, GUARDIAN, PARTNER, CONSIGNEE or SYSTEM.' }) accessorKind!: string;
  @Field(() => String) accessorName!: string;
  @Field(() => String, { nullable: true }) accessorRole!: string | null;
  @Field(() => String, { nullable: true }) purpose!: string | null;
  @Field(() => [String], { description: 'What was done: VIEW, CHANGE, PROVIDE, …' }) actions!: string[];
  @Field(() => Int) count!: number;
  @Field(() => String) firstAt!: string;
  @Field(() => String) lastAt!: string;
}

@ObjectType({ description: 'What a third party or consignee received in the year, for one purpose.' })
export class UsageProvision {
  @Field(() => String) recipientName!: string;
  @Field(() => String, { description: 'PARTNER or CONSIGNEE.' }) recipientKind!: string;
  @Field(() => String) purpose!: string;
  @Field(() => [String]) fields!: string[];
  @Field(() => Int) count!: number;
  @Field(() => String) firstAt!: string;
  @Field(() => String) lastAt!: string;
}

@ObjectType({
  description:
    'The yearly notice of the use of the member’s data (PIPA Art. 20-2): who read or received it, for which purposes.',
})
export class UsageNoticeContent {
  @Field(() => Int) year!: number;
  @Field(() => [UsageAccess], { description: 'Accesses by anyone but the member herself, from the access log.' })
  accesses!: UsageAccess[];
  @Field(() => [UsageProvision], { description: 'Provisions, from the provision ledger.' })
  provisions!: UsageProvision[];
}
