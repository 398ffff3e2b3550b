import { randomUUID } from 'node:crypto';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Field, ID, Info, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { gatewayError } from '../../errors';
import { checkText } from '../../validation';
import { jsonList } from '../../db/json-list';
import { isoTime as iso } from '../../db/iso-time';
import { isPersonalField } from '../../policy/categories';
import { adminChange, changed } from '../admin';

const DAY_MS = 86_400_000;

@ObjectType({
  description:
    'A registered request of an investigative authority (§6). Once approved by a second person, name its id in X-Legal-Basis.',
})
export class LawfulRequestItem {
  @Field(() => ID) id!: string;
  @Field(() => String) authority!: string;
  @Field(() => String) legalBasis!: string;
  @Field(() => [ID]) memberIds!: string[];
  @Field(() => [String]) fields!: string[];
  @Field(() => String) validFrom!: string;
  @Field(() => String) validUntil!: string;
  @Field(() => ID, { description: 'The staff member who registered it.' }) registeredBy!: string;
  @Field(() => ID, { nullable: true, description: 'The second staff member who approved it; null while pending.' })
  approvedBy!: string | null;
  @Field(() => String, { nullable: true }) approvedAt!: string | null;
  @Field(() => String, { description: 'PENDING_APPROVAL, APPROVED or EXPIRED.' }) status!: string;
}

const toItem = (r: Record<string, unknown>, now: Date): LawfulRequestItem => {
  const validUntil = new Date(iso(r.valid_until)!);
  return {
    id: r.id as string,
    authority: r.authority as string,
    legalBasis: r.legal_basis as string,
    memberIds: jsonList(r.member_ids),
    fields: jsonList(r.fields),
    validFrom: iso(r.valid_from)!,
    validUntil: validUntil.toISOString(),
    registeredBy: r.registered_by as string,
    approvedBy: (r.approved_by as string | null) ?? null,
    approvedAt: iso(r.approved_at),
    status: validUntil <= now ? 'EXPIRED' : r.approved_at == null ? 'PENDING_APPROVAL' : 'APPROVED',
  };
};

const time = (value: string, field: string): Date => {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw gatewayError('BAD_USER_INPUT', `${field} must be an ISO time.`, { field });
  return d;
};

@Resolver()
export class LawfulRequestResolver {
  @Mutation(() => LawfulRequestItem, {
    description:
      'Registers a lawful request: who asks, on what basis, for which members and fields, until when. Usable only once another privacy officer or administrator approves it.',
  })
  async registerLawfulRequest(
    @Arg('authority', () => String) authority: string,
    @Arg('legalBasis', () => String, { description: 'E.g. the warrant number.' }) legalBasis: string,
    @Arg('memberIds', () => [ID]) memberIds: string[],
    @Arg('fields', () => [String]) fields: string[],
    @Arg('validFrom', () => String) validFrom: string,
    @Arg('validUntil', () => String) validUntil: string,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<LawfulRequestItem> {
    const from = time(validFrom, 'validFrom');
    const until = time(validUntil, 'validUntil');
    if (until <= from)
      throw gatewayError('BAD_USER_INPUT', 'validUntil must be after validFrom.', { field: 'validUntil' });
    const maxDays = ctx.services.config.lawfulRequestMaxDays;
    // Validity never starts before approval, which is no earlier than now.
    if (until.getTime() - Math.max(from.getTime(), ctx.now.getTime()) > maxDays * DAY_MS) {
      throw gatewayError('BAD_USER_INPUT', `A lawful request is valid for at most ${maxDays} days.`, {
        field: 'validUntil',
      });
    }
    if (until <= ctx.now)
      throw gatewayError('BAD_USER_INPUT', 'validUntil must be in the future.', { field: 'validUntil' });
    const wrong = fields.find((f) => !isPersonalField(f));
    if (wrong !== undefined || fields.length === 0)
      throw gatewayError('BAD_USER_INPUT', 'fields must name personal fields of Member.', { field: 'fields' });
    if (memberIds.length === 0 || memberIds.length > 1000)
      throw gatewayError('BAD_USER_INPUT', 'memberIds must name 1 to 1000 members.', { field: 'memberIds' });
    const row = {
      id: randomUUID(),
      authority: checkText(authority, 'authority', 200),
      legal_basis: checkText(legalBasis, 'legalBasis', 200),
      member_ids: JSON.stringify([...new Set(memberIds)]),
      fields: JSON.stringify([...new Set(fields)]),
      valid_from: from,
      valid_until: until,
      registered_by: ctx.principal.id,
      registered_at: ctx.now,
      approved_by: null,
      approved_at: null,
    };
    return adminChange(ctx, info, async (trx) => {
      await trx('lawful_request').insert(row);
      return { result: toItem(row, ctx.now), fields: changed('lawful_request', row.id, ['registered']) };
    });
  }

  @Mutation(() => LawfulRequestItem, {
    description:
      'A second person (a privacy officer or administrator who did not register it) approves a lawful request: valid from now at the earliest, for at most LAWFUL_REQUEST_MAX_DAYS.',
  })
  async approveLawfulRequest(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<LawfulRequestItem> {
    const maxMs = ctx.services.config.lawfulRequestMaxDays * DAY_MS;
    return adminChange(ctx, info, async (trx) => {
      const row = /^[0-9a-f-]{36}$/.test(id) ? await trx('lawful_request').first('*').where({ id }) : undefined;
      if (!row) throw gatewayError('NOT_FOUND', 'No lawful request with that id.', { field: 'id' });
      if (row.approved_at != null)
        throw gatewayError('CONFLICT', 'The lawful request is already approved.', { field: 'id' });
      if (row.registered_by === ctx.principal.id) {
        throw gatewayError(
          'FORBIDDEN',
          'A lawful request is approved by a second person, not the one who registered it.',
          { field: 'id' },
        );
      }
      const from = new Date(Math.max(new Date(iso(row.valid_from)!).getTime(), ctx.now.getTime()));
      const until = new Date(Math.min(new Date(iso(row.valid_until)!).getTime(), from.getTime() + maxMs));
      if (until <= from)
        throw gatewayError('CONFLICT', 'The lawful request expired before it was approved.', { field: 'id' });
      const update = { valid_from: from, valid_until: until, approved_by: ctx.principal.id, approved_at: ctx.now };
      await trx('lawful_request').where({ id, approved_at: null }).update(update);
      return { result: toItem({ ...row, ...update }, ctx.now), fields: changed('lawful_request', id, ['approved']) };
    });
  }

  @Query(() => [LawfulRequestItem], { description: 'Registered lawful requests, newest first.' })
  async lawfulRequests(@Ctx() ctx: GatewayContext): Promise<LawfulRequestItem[]> {
    return (await ctx.services.knex('lawful_request').select('*').orderBy('registered_at', 'desc').limit(200)).map(
      (r: Record<string, unknown>) => toItem(r, ctx.now),
    );
  }
}
