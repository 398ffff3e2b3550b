import { Field, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'A registered partner (third party, §6) or consignee (§9), as the administrator sees it: never its secret.',
})
export class ApiClientInfo {
  @Field(() => String) clientId!: string;
  @Field(() => String, { description: 'PARTNER or CONSIGNEE.' }) kind!: string;
  @Field(() => String, { description: 'The company name, as published.' }) name!: string;
  @Field(() => String, { nullable: true, description: 'Partners: whom the shop and members contact there.' }) contact!:
    string | null;
  @Field(() => String, { nullable: true, description: 'Consignees: the entrusted task, as published.' }) task!:
    string | null;
  @Field(() => [String], { description: 'The purposes it may declare.' }) purposes!: string[];
  @Field(() => [String], {
    description: 'The Member fields it may receive (partner) or is entrusted with (consignee).',
  })
  fields!: string[];
  @Field(() => String, { nullable: true, description: 'Partners: what the recipient uses the data for.' })
  purposeOfUse!: string | null;
  @Field(() => String, { nullable: true, description: 'Partners: how long the recipient keeps the data.' })
  retentionPeriod!: string | null;
  @Field(() => Boolean) active!: boolean;
  @Field(() => String, { nullable: true }) webhookUrl!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Until when the secret before the last rotation is still accepted.',
  })
  previousSecretValidUntil!: string | null;
}

@ObjectType({ description: 'A client with its secret: shown once, stored only hashed.' })
export class ClientCredentials {
  @Field(() => ApiClientInfo) client!: ApiClientInfo;
  @Field(() => String) clientSecret!: string;
}
