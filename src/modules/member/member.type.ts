import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { MemberStatus } from './member.entity';
import { describeMemberField as d } from '../../policy/describe';
import { connectionTypes } from '../../graphql/pagination';

registerEnumType(MemberStatus, { name: 'MemberStatus' });

/** A member as the policy lets the asker see it; every personal field is nullable because it may be denied. */
@ObjectType('Member')
export class MemberNode {
  @Field(() => ID, { description: 'Opaque identifier.' })
  id!: string;

  @Field(() => MemberStatus)
  status!: MemberStatus;

  @Field(() => String, { nullable: true, description: d('loginId') })
  loginId!: string | null;

  @Field(() => String, { nullable: true, description: d('name') })
  name!: string | null;

  @Field(() => String, { nullable: true, description: d('email') })
  email!: string | null;

  @Field(() => String, { nullable: true, description: d('phone') })
  phone!: string | null;

  @Field(() => String, { nullable: true, description: d('address') })
  address!: string | null;

  @Field(() => String, { nullable: true, description: d('deliveryArea') })
  deliveryArea!: string | null;

  @Field(() => String, { nullable: true, description: d('birthDate') })
  birthDate!: string | null;

  @Field(() => String, { nullable: true, description: d('gender') })
  gender!: string | null;

  @Field(() => String, { nullable: true, description: d('ageBand') })
  ageBand!: string | null;

  @Field(() => String, { nullable: true, description: d('bankAccount') })
  bankAccount!: string | null;

  @Field(() => String, { nullable: true, description: d('cardNumber') })
  cardNumber!: string | null;

  @Field(() => String, { nullable: true, description: d('guardianName') })
  guardianName!: string | null;

  @Field(() => String, { nullable: true, description: d('guardianContact') })
  guardianContact!: string | null;

  @Field(() => String, { nullable: true, description: d('signupIp') })
  signupIp!: string | null;

  @Field(() => String, { nullable: true, description: d('browser') })
  browser!: string | null;

  @Field(() => String, { nullable: true, description: d('os') })
  os!: string | null;

  @Field(() => String, { nullable: true, description: d('inflowRoute') })
  inflowRoute!: string | null;
}

export const { Connection: MemberConnection } = connectionTypes('Member', MemberNode);
