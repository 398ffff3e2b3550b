import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum SignUpOutcome {
  /** "Cancel" was pressed: nothing was stored. */
  CANCELLED = 'CANCELLED',
  ACTIVE = 'ACTIVE',
  /** Under 14: waiting for the legal representative, who was sent a code. */
  PENDING_GUARDIAN = 'PENDING_GUARDIAN',
}
registerEnumType(SignUpOutcome, { name: 'SignUpOutcome' });

@InputType({
  description: 'The sign-up form: essential items, then optional items and optional consents, each separate.',
})
export class SignUpInput {
  @Field(() => Boolean, {
    description: '"Agree" (true) or "Cancel" (false) on the essential items of the policy shown.',
  })
  agree!: boolean;

  @Field(() => Int, { description: 'The policy version the form showed; must be the one in force.' })
  policyVersion!: number;

  @Field(() => String) loginId!: string;
  @Field(() => String) password!: string;
  @Field(() => String) name!: string;
  @Field(() => String) email!: string;

  @Field(() => String, { nullable: true }) phone?: string | null;
  @Field(() => String, { nullable: true }) gender?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'YYYY-MM-DD, required (age confirmation, §2, §3); under 14 needs a legal representative.',
  })
  birthDate?: string | null;
  @Field(() => String, { nullable: true }) address?: string | null;
  @Field(() => String, { nullable: true }) deliveryArea?: string | null;
  @Field(() => String, { nullable: true, description: 'How the visitor arrived (campaign, search, …).' }) inflowRoute?:
    string | null;

  @Field(() => Boolean, { nullable: true, description: 'Optional consent to marketing.' }) marketing?: boolean | null;
  @Field(() => [String], { nullable: true, description: 'Partners (client ids) the member consents to provision to.' })
  provideTo?: string[] | null;
  @Field(() => Boolean, { nullable: true, description: 'Allows personalised cookies (§8).' }) personalisedCookies?:
    boolean | null;

  @Field(() => String, { nullable: true }) guardianName?: string | null;
  @Field(() => String, { nullable: true, description: 'Email or phone of the legal representative.' })
  guardianContact?: string | null;
}

@ObjectType()
export class SignUpResult {
  @Field(() => SignUpOutcome)
  outcome!: SignUpOutcome;

  @Field(() => ID, { nullable: true })
  memberId!: string | null;
}
