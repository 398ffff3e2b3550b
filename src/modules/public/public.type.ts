import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A version of the personal information processing policy (§15).' })
export class PolicyDocument {
  @Field(() => Int)
  version!: number;

  @Field(() => String)
  text!: string;

  @Field(() => String, { description: 'ISO date from which this version governs processing.' })
  enforcedFrom!: string;

  @Field(() => Boolean)
  requiresReconsent!: boolean;
}

@ObjectType({ description: 'A company entrusted with processing personal information (§9).' })
export class Consignee {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true, description: 'The work entrusted to it.' })
  task!: string | null;

  @Field(() => [String], { description: 'The Member fields it is entrusted with: the minimum for its task.' })
  entrustedFields!: string[];
}

@ObjectType({ description: 'The person in charge of personal information protection (§12).' })
export class PrivacyOfficer {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  position!: string | null;

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => String, { nullable: true })
  phone!: string | null;
}
