import { Field, InputType } from 'type-graphql';

@InputType({ description: 'Items to change; omitted items stay as they are.' })
export class ProfileInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => String, { nullable: true }) phone?: string | null;
  @Field(() => String, { nullable: true }) address?: string | null;
  @Field(() => String, { nullable: true }) deliveryArea?: string | null;
  @Field(() => String, { nullable: true }) gender?: string | null;
  @Field(() => String, { nullable: true }) birthDate?: string | null;
  @Field(() => String, { nullable: true, description: 'Stored encrypted.' }) bankAccount?: string | null;
  @Field(() => String, { nullable: true, description: 'Stored encrypted.' }) cardNumber?: string | null;
}
