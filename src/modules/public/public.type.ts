import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({
  description: 'A third party as a policy version lists it (§6): what a member consents to when providing to it.',
})
export class PolicyRecipient {
  @Field(() => String, { description: 'The id to name in provideTo and grantConsent(recipient).' })
  clientId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'What the recipient uses the items for.' })
  purpose!: string;

  @Field(() => [String], { description: 'The items provided, as the policy names them.' })
  items!: string[];

  @Field(() => String, { description: 'How long the recipient keeps them.' })
  retention!: string;
}

@ObjectType({ description: 'A consignee as a policy version lists it (§9).' })
export class PolicyConsignee {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  task!: string;

  @Field(() => [String], { description: 'The items entrusted, as the policy names them.' })
  items!: string[];
}

@ObjectType({
  description: 'A version of the personal information processing policy (§15). Never changes once published.',
})
export class PolicyDocument {
  @Field(() => Int)
  version!: number;

  @Field(() => String)
  text!: string;

  @Field(() => String, { description: 'ISO date from which this version governs processing.' })
  enforcedFrom!: string;

  @Field(() => Boolean)
  requiresReconsent!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'SHA-256 (hex) of the stored text and document; null for a version published before generation.',
  })
  contentHash!: string | null;

  @Field(() => [PolicyRecipient], {
    description: 'The third parties this version lists: the only ones a member can consent to provide to under it.',
  })
  recipients!: PolicyRecipient[];

  @Field(() => [PolicyConsignee], { description: 'The consignees this version lists.' })
  consignees!: PolicyConsignee[];
}

@ObjectType({ description: 'Whether the version in force still names everything the gateway enforces (§15).' })
export class PolicyStatus {
  @Field(() => Int, { nullable: true, description: 'The version in force; null while none is published.' })
  version!: number | null;

  @Field(() => Boolean, { description: 'True when a new version must be published.' })
  stale!: boolean;

  @Field(() => [String], { description: 'What the version in force does not name, or what is missing to publish one.' })
  reasons!: string[];
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
