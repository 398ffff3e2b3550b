import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, Field, ID, Info, ObjectType, Query, Resolver } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { namedFieldsOnly } from '../lawful-request/named-fields';
import type { GatewayContext } from '../../context';
import { decryptField, unwrapDataKey } from '../../crypto/field-cipher';

@ObjectType({ description: 'A record kept after withdrawal because a law requires it (§4), until it expires.' })
export class RetainedRecordItem {
  @Field(() => String) category!: string;
  @Field(() => String) legalBasis!: string;
  @Field(() => String) retainedAt!: string;
  @Field(() => String) expiresAt!: string;
  @Field(() => GraphQLJSONObject) data!: Record<string, unknown>;
}

@Resolver()
export class RetainedRecordResolver {
  @Query(() => [RetainedRecordItem], {
    description:
      'The separate retention store: only under LEGAL_REQUEST (within a lawful request) or PAYMENT_SETTLEMENT (the settling consignee’s payment records).',
  })
  async retainedRecords(
    @Arg('memberId', () => ID) memberId: string,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RetainedRecordItem[]> {
    const { knex, keys } = ctx.services;
    const legal = ctx.purpose === 'LEGAL_REQUEST' && ctx.lawful !== null && ctx.lawful.memberIds.includes(memberId);
    const settling = ctx.purpose === 'PAYMENT_SETTLEMENT' && ctx.principal.kind === 'CONSIGNEE';
    if (!legal && !settling) return [];
    const q = knex('retention.retained_record')
      .select('*')
      .where({ member_ref: memberId })
      .where('expires_at', '>', ctx.now)
      .orderBy('category');
    if (!legal) q.where({ category: 'PAYMENT_SUPPLY' });
    const items = (await q).map((r: Record<string, unknown>) => {
      const id = r.id as string;
      const data = JSON.parse(
        decryptField(unwrapDataKey(keys.masterKey, r.wrapped_key as string, id), id, 'payload', r.payload as string),
      ) as Record<string, unknown>;
      return {
        category: r.category as string,
        legalBasis: r.legal_basis as string,
        data,
        retainedAt: new Date(r.retained_at as string).toISOString(),
        expiresAt: new Date(r.expires_at as string).toISOString(),
      };
    });
    // A consignee sees the payment record only of a member it settled for, and only its own supplies in it.
    type Supply = { consigneeId: string };
    const own = (i: RetainedRecordItem) =>
      ((i.data.supplies as Supply[] | undefined) ?? []).filter((s) => s.consigneeId === ctx.principal.id);
    // A lawful request reaches only the personal items it names, nested sections included.
    const named = (i: RetainedRecordItem) => ({ ...i, data: namedFieldsOnly(i.data, ctx.lawful!.fields) });
    const visible = legal
      ? items.map(named)
      : items.filter((i) => own(i).length > 0).map((i) => ({ ...i, data: { ...i.data, supplies: own(i) } }));
    if (visible.length > 0) {
      ctx.access.process(
        memberId,
        ctx.principal.kind === 'CONSIGNEE' ? 'PROVIDE' : 'VIEW',
        visible.map((i) => `retained:${i.category}`),
        info.path,
      );
    }
    return visible;
  }
}
