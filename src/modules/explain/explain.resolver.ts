import { Arg, Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { explainAccess } from '../../policy/explain';

@ObjectType({ description: 'Why a field would or would not be readable for the caller.' })
export class AccessExplanation {
  @Field(() => Boolean)
  allowed!: boolean;

  @Field(() => String, { nullable: true, description: 'The error code a read would get, when denied.' })
  code!: string | null;

  @Field(() => String)
  reason!: string;

  @Field(() => String, { nullable: true, description: 'The data category of a personal field.' })
  category!: string | null;

  @Field(() => [String], { description: 'The purposes under which this field can be read at all.' })
  purposes!: string[];
}

@Resolver()
export class ExplainResolver {
  @Query(() => AccessExplanation, {
    description: 'Explains, for the calling principal, whether Type.field is readable under a purpose.',
  })
  explainAccess(
    @Arg('typeName', () => String) typeName: string,
    @Arg('fieldName', () => String) fieldName: string,
    @Arg('purpose', () => String, { nullable: true }) purpose: string | null,
    @Ctx() { principal }: GatewayContext,
  ): AccessExplanation {
    return explainAccess(principal, typeName, fieldName, purpose ?? null);
  }
}
