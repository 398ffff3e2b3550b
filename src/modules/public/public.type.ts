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

  @Field(() => String, { description: 'The department or team the officer belongs to.' })
  affiliation!: string;

  @Field(() => String)
  position!: string;

  @Field(() => String)
  email!: string;

  @Field(() => String)
  phone!: string;
}
