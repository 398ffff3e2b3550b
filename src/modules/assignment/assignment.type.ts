import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({
  description: 'Work entrusted to a consignee for one member: the consignee reads that member only while it lasts.',
})
export class EntrustedWork {
  @Field(() => ID) id!: string;
  @Field(() => ID) memberId!: string;
  @Field(() => String) clientId!: string;
  @Field(() => String, { description: 'DELIVERY, SETTLEMENT or HOSTING.' }) kind!: string;
  @Field(() => String, { nullable: true }) taskReference!: string | null;
  @Field(() => String) createdAt!: string;
  @Field(() => String, { nullable: true, description: 'When the consignee’s access ends by itself.' }) endsAt!:
    string | null;
  @Field(() => String, { nullable: true, description: 'When the work was ended early.' }) endedAt!: string | null;
}
