import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A right a member exercised through staff (§7): by letter, phone, e-mail or in person.' })
export class RightsRequestItem {
  @Field(() => ID) id!: string;
  @Field(() => ID) memberId!: string;
  @Field(() => String, { description: 'EXPORT, CORRECTION, WITHDRAW_CONSENT, STOP_PROCESSING or WITHDRAW_MEMBERSHIP.' })
  right!: string;
  @Field(() => String, { description: 'LETTER, PHONE, EMAIL or IN_PERSON.' }) channel!: string;
  @Field(() => String) identityVerifiedBy!: string;
  @Field(() => String) reference!: string;
  @Field(() => ID) recordedBy!: string;
  @Field(() => String) recordedAt!: string;
  @Field(() => String) dueAt!: string;
  @Field(() => String, { description: 'OPEN or COMPLETED.' }) status!: string;
  @Field(() => Boolean, { description: 'Open past its due date.' }) overdue!: boolean;
  @Field(() => ID, { nullable: true }) executedBy!: string | null;
  @Field(() => String, { nullable: true }) executedAt!: string | null;
}

@ObjectType()
export class RightsRequestExecution {
  @Field(() => RightsRequestItem) request!: RightsRequestItem;
  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'EXPORT only: everything held about the member, for staff to hand to them.',
  })
  export!: Record<string, unknown> | null;
}
