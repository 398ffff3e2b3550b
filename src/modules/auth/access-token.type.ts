import { Field, Int, ObjectType } from 'type-graphql';

/** What a log-in of any kind answers: a bearer token and the purposes it may declare. */
@ObjectType()
export class AccessToken {
  @Field(() => String)
  accessToken!: string;

  @Field(() => String)
  tokenType!: string;

  @Field(() => Int, { description: 'Seconds until the token expires.' })
  expiresIn!: number;

  @Field(() => [String], { description: 'The purposes this token may declare in X-Purpose.' })
  purposes!: string[];

  @Field(() => String, {
    nullable: true,
    description: 'With remember: true, for a member who allows personalised cookies: exchange it at autologin.',
  })
  autologinToken?: string | null;

  @Field(() => Boolean, {
    description: 'Staff holding a one-time password: the token serves only changeStaffPassword.',
  })
  passwordChangeRequired!: boolean;

  @Field(() => Boolean, {
    description:
      'A member who has not agreed to a policy version requiring re-consent (§15): until grantConsent(purpose: "ESSENTIAL"), the token serves only her own data and the consent operations (CONSENT_MISSING otherwise).',
  })
  reconsentRequired!: boolean;
}
