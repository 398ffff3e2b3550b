import { randomUUID } from 'node:crypto';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Field, FieldResolver, ID, Info, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Knex } from '@mikro-orm/knex';
import type { GatewayContext } from '../../context';
import { gatewayError } from '../../errors';
import { reauthenticate } from '../../auth/reauthenticate';
import { processInTransaction, type RecordProcessing } from '../../audit/in-transaction';
import { subjectOf } from '../../policy/scope';
import { checkText } from '../../validation';
import { notFound, updateMember } from '../member';
import { MemberNode } from '../member';
import type { MemberView } from '../member';
import { EDITABLE } from '../membership';
import { SEALED_COLUMNS } from '../member';
import { queueCorrectionNotices } from '../provision';
import { isUniqueViolation } from '../../db/refusals';
import { guardIdentifiers, identifierTaken, type IdentifierCheck } from '../identifiers/conflict-guard';
import { isoTime as iso } from '../../db/iso-time';
import { applyAgeCapacity } from '../guardian';
import { isPersonalField } from '../../policy/categories';
import { purposeReads } from '../../policy/decide';
import type { Purpose } from '../../policy/purposes';

/** A requested value is shown only to a purpose that may read its field (§13); the request itself stays listed. */
export const showsRequestedValue = (purpose: Purpose | null, field: string): boolean =>
  purpose !== null && isPersonalField(field) && purposeReads(purpose, field);

const forPurpose = (c: Correction, purpose: Purpose | null): Correction =>
  showsRequestedValue(purpose, c.field) ? c : { ...c, newValue: null };

/** Corrected fields another account may hold: completing one is throttled and logged when it answers CONFLICT. */
const UNIQUE_FIELDS: ReadonlySet<string> = new Set(['email']);

const correctedTaken = (field: string): IdentifierCheck => ({
  fields: [field],
  message: `The corrected ${field} is used by another account.`,
  field,
});

/** Runs the completion of a correction of `field` under the identifier guard when another account may hold it. */
export const guardCorrected = <T>(
  ctx: GatewayContext,
  info: GraphQLResolveInfo,
  field: string | undefined,
  run: () => Promise<T>,
): Promise<T> =>
  field !== undefined && UNIQUE_FIELDS.has(field) ? guardIdentifiers(ctx, info, correctedTaken(field), run) : run();

/** Completes an open correction (under the identifier guard when its field is one another account may hold). */
async function complete(
  ctx: GatewayContext,
  info: GraphQLResolveInfo,
  id: string,
  memberId?: string,
): Promise<Correction> {
  const run = () =>
    processInTransaction(ctx, info, (trx, record) => resolve(trx, record, id, 'COMPLETED', ctx.now, memberId));
  const row = await ctx.services.knex('correction_request').first('field').where({ id, status: 'OPEN' });
  return guardCorrected(ctx, info, row?.field as string | undefined, run);
}

/** Fields that can be held for correction; payment fields are replaced directly, never sent through a request. */
export const CORRECTABLE = Object.keys(EDITABLE).filter((f) => !(f in SEALED_COLUMNS));

@ObjectType({
  description: 'A request to correct one item (§13): the item is held from every other purpose while OPEN.',
})
export class Correction {
  @Field(() => ID) id!: string;
  @Field(() => ID) memberId!: string;
  @Field(() => String) field!: string;
  @Field(() => String, { nullable: true }) newValue!: string | null;
  @Field(() => String) reason!: string;
  @Field(() => String, { description: 'OPEN, COMPLETED or REJECTED.' }) status!: string;
  @Field(() => String) requestedAt!: string;
  @Field(() => String, { nullable: true }) resolvedAt!: string | null;
}

const toCorrection = (r: Record<string, unknown>): Correction => ({
  id: r.id as string,
  memberId: r.member_id as string,
  field: r.field as string,
  newValue: (r.new_value as string | null) ?? null,
  reason: r.reason as string,
  status: r.status as string,
  requestedAt: iso(r.requested_at)!,
  resolvedAt: iso(r.resolved_at),
});

/** Completes or rejects an open correction; completion applies the value in the same transaction. */
export async function resolve(
  trx: Knex.Transaction,
  record: RecordProcessing,
  id: string,
  outcome: 'COMPLETED' | 'REJECTED',
  now: Date,
  memberId?: string,
): Promise<Correction> {
  const q = trx('correction_request').first('*').where({ id, status: 'OPEN' });
  if (memberId) q.where({ member_id: memberId });
  const row = await q;
  if (!row) throw gatewayError('NOT_FOUND', 'No open correction with that id.');
  if (outcome === 'COMPLETED') {
    try {
      await updateMember(trx, row.member_id, { [EDITABLE[row.field]!.column]: row.new_value });
    } catch (err) {
      if (isUniqueViolation(err)) throw identifierTaken(correctedTaken(row.field).message, row.field);
      throw err;
    }
    await queueCorrectionNotices(trx, row.member_id, row.field, id, now);
    record(row.member_id, 'CHANGE', [row.field]);
    if (row.field === 'birthDate') await applyAgeCapacity(trx, record, row.member_id, now);
  } else {
    // The answer carries the requested value, and the request itself changes.
    record(row.member_id, 'CHANGE', [`correction:${row.field}`]);
  }
  await trx('correction_request').where({ id }).update({ status: outcome, resolved_at: now });
  return toCorrection({ ...row, status: outcome, resolved_at: now });
}

/** Opens a correction of a checked value (the field is held from then on); self-service and staff-assisted alike. */
export async function openCorrection(
  trx: Knex.Transaction,
  record: RecordProcessing,
  id: string,
  field: string,
  value: string,
  reason: string,
  now: Date,
): Promise<Correction> {
  const open = await trx('correction_request').first('id').where({ member_id: id, field, status: 'OPEN' });
  if (open) throw gatewayError('CONFLICT', `A correction of ${field} is already open.`, { field: 'field' });
  const row = {
    id: randomUUID(),
    member_id: id,
    field,
    new_value: value,
    reason,
    status: 'OPEN',
    requested_at: now,
    resolved_at: null,
  };
  await trx('correction_request').insert(row);
  record(id, 'INPUT', [`correction:${field}`]);
  return toCorrection(row);
}

@Resolver(() => MemberNode)
export class CorrectionResolver {
  @Mutation(() => Correction, {
    description: `Asks to correct one item (${CORRECTABLE.join(', ')}); it is held until completed or rejected.`,
  })
  async requestCorrection(
    @Arg('field', () => String) field: string,
    @Arg('newValue', () => String) newValue: string,
    @Arg('reason', () => String) reason: string,
    @Arg('memberId', () => ID, { nullable: true }) memberId: string | null,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Correction> {
    const id = subjectOf(ctx.principal, memberId);
    if (!id) throw notFound();
    if (!CORRECTABLE.includes(field))
      throw gatewayError('BAD_USER_INPUT', `field must be one of ${CORRECTABLE.join(', ')}.`, { field: 'field' });
    const value = EDITABLE[field]!.check(newValue, ctx.now);
    const why = checkText(reason, 'reason', 1000);
    return processInTransaction(ctx, info, (trx, record) =>
      openCorrection(trx, record, id, field, value, why, ctx.now),
    );
  }

  @Mutation(() => Correction, {
    description: 'The member completes their own correction by confirming their password.',
  })
  async completeMyCorrection(
    @Arg('id', () => ID) id: string,
    @Arg('password', () => String) password: string,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Correction> {
    if (ctx.principal.kind !== 'MEMBER')
      throw gatewayError('FORBIDDEN', 'Only the member can confirm with a password.');
    await reauthenticate(ctx, ctx.principal.id, password);
    return complete(ctx, info, id, ctx.principal.id);
  }

  @Mutation(() => Correction, {
    description: 'Customer service or the privacy officer completes a correction: the new value applies at once.',
  })
  async completeCorrection(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Correction> {
    return forPurpose(await complete(ctx, info, id), ctx.purpose);
  }

  @Mutation(() => Correction, { description: 'Rejects a correction: the item is released unchanged.' })
  async rejectCorrection(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Correction> {
    return forPurpose(
      await processInTransaction(ctx, info, (trx, record) => resolve(trx, record, id, 'REJECTED', ctx.now)),
      ctx.purpose,
    );
  }

  @Query(() => [Correction], { description: 'Open corrections, oldest first, for customer service.' })
  async openCorrections(@Ctx() ctx: GatewayContext, @Info() info: GraphQLResolveInfo): Promise<Correction[]> {
    const rows = (
      await ctx.services
        .knex('correction_request')
        .select('*')
        .where({ status: 'OPEN' })
        .orderBy('requested_at')
        .limit(500)
    ).map((r: Record<string, unknown>) => forPurpose(toCorrection(r), ctx.purpose));
    // Each member's requested values are read: a row per member, and the whole list withheld if the log fails.
    const fields = new Map<string, string[]>();
    for (const c of rows)
      if (c.newValue !== null) fields.set(c.memberId, [...(fields.get(c.memberId) ?? []), `correction:${c.field}`]);
    [...fields].forEach(([memberId, f], i) => ctx.access.process(memberId, 'VIEW', f, i === 0 ? info.path : undefined));
    return rows;
  }

  @FieldResolver(() => [Correction], {
    nullable: true,
    description: 'The member’s correction requests. SELF_SERVICE only.',
  })
  async corrections(@Root() member: MemberView, @Ctx() ctx: GatewayContext): Promise<Correction[]> {
    const rows = await ctx.services
      .knex('correction_request')
      .select('*')
      .where({ member_id: member.id })
      .orderBy('requested_at');
    return rows.map(toCorrection);
  }
}
