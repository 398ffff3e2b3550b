import { randomUUID } from 'node:crypto';
import { Arg, Ctx, Field, ID, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { gatewayError } from '../../errors';
import { checkText } from '../../validation';
import { jsonList } from '../../db/json-list';
import { isPersonalField } from '../../policy/categories';

@ObjectType({ description: 'A registered request of an investigative authority (§6). Name its id in X-Legal-Basis.' })
export class LawfulRequestItem {
  @Field(() => ID) id!: string;
  @Field(() => String) authority!: string;
  @Field(() => String) legalBasis!: string;
  @Field(() => [ID]) memberIds!: string[];
  @Field(() => [String]) fields!: string[];
  @Field(() => String) validFrom!: string;
  @Field(() => String) validUntil!: string;
}

const toItem = (r: Record<string, unknown>): LawfulRequestItem => ({
  id: r.id as string, authority: r.authority as string, legalBasis: r.legal_basis as string,
  memberIds: jsonList(r.member_ids), fields: jsonList(r.fields),
  validFrom: new Date(r.valid_from as string).toISOString(), validUntil: new Date(r.valid_until as string).toISOString(),
});

const time = (value: string, field: string): Date => {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw gatewayError('BAD_USER_INPUT', `${field} must be an ISO time.`, { field });
  return d;
};

@Resolver()
export class LawfulRequestResolver {
  @Mutation(() => LawfulRequestItem, { description: 'Registers a lawful request: who asks, on what basis, for which members and fields, until when.' })
  async registerLawfulRequest(
    @Arg('authority', () => String) authority: string,
    @Arg('legalBasis', () => String, { description: 'E.g. the warrant number.' }) legalBasis: string,
    @Arg('memberIds', () => [ID]) memberIds: string[],
    @Arg('fields', () => [String]) fields: string[],
    @Arg('validFrom', () => String) validFrom: string,
    @Arg('validUntil', () => String) validUntil: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<LawfulRequestItem> {
    const from = time(validFrom, 'validFrom');
    const until = time(validUntil, 'validUntil');
    if (until <= from) throw gatewayError('BAD_USER_INPUT', 'validUntil must be after validFrom.', { field: 'validUntil' });
    const wrong = fields.find((f) => !isPersonalField(f));
    if (wrong !== undefined || fields.length === 0) throw gatewayError('BAD_USER_INPUT', 'fields must name personal fields of Member.', { field: 'fields' });
    if (memberIds.length === 0 || memberIds.length > 1000) throw gatewayError('BAD_USER_INPUT', 'memberIds must name 1 to 1000 members.', { field: 'memberIds' });
    const row = {
      id: randomUUID(), authority: checkText(authority, 'authority', 200), legal_basis: checkText(legalBasis, 'legalBasis', 200),
      member_ids: JSON.stringify([...new Set(memberIds)]), fields: JSON.stringify([...new Set(fields)]),
      valid_from: from, valid_until: until, registered_by: ctx.principal.id, registered_at: ctx.now,
    };
    await ctx.services.knex('lawful_request').insert(row);
    return toItem(row);
  }

  @Query(() => [LawfulRequestItem], { description: 'Registered lawful requests, newest first.' })
  async lawfulRequests(@Ctx() ctx: GatewayContext): Promise<LawfulRequestItem[]> {
    return (await ctx.services.knex('lawful_request').select('*').orderBy('registered_at', 'desc').limit(200)).map(toItem);
  }
}
