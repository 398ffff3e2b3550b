import { randomUUID } from 'node:crypto';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Mutation, Query, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { gatewayError } from '../../errors';
import { checkText } from '../../validation';
import { adminChange, changed } from '../admin';
import { clientRow } from '../client';
import { AssignmentKind } from './assignment.entity';
import { EntrustedWork } from './assignment.type';
import { isoTime } from '../../db/iso-time';
import { memberStanding } from '../member';

const DAY_MS = 86_400_000;
const KINDS = Object.values(AssignmentKind) as string[];

const columns = [
  'a.id',
  'a.member_id',
  'c.client_id',
  'a.kind',
  'a.task_reference',
  'a.created_at',
  'a.ends_at',
  'a.ended_at',
];
const toWork = (r: Record<string, unknown>): EntrustedWork => ({
  id: r.id as string,
  memberId: r.member_id as string,
  clientId: r.client_id as string,
  kind: r.kind as string,
  taskReference: (r.task_reference as string | null) ?? null,
  createdAt: isoTime(r.created_at)!,
  endsAt: isoTime(r.ends_at),
  endedAt: isoTime(r.ended_at),
});

function endOf(value: string | null | undefined, now: Date, defaultDays: number): Date {
  if (value == null) return new Date(now.getTime() + defaultDays * DAY_MS);
  const end = new Date(value);
  if (Number.isNaN(end.getTime()))
    throw gatewayError('BAD_USER_INPUT', 'endsAt must be an ISO time.', { field: 'endsAt' });
  if (end <= now || end.getTime() > now.getTime() + 3650 * DAY_MS) {
    throw gatewayError('BAD_USER_INPUT', 'endsAt must be in the future and within 10 years.', { field: 'endsAt' });
  }
  return end;
}

@Resolver()
export class AssignmentResolver {
  @Query(() => [EntrustedWork], { description: 'Work entrusted to one consignee that has not ended, newest first.' })
  async entrustedWork(
    @Arg('clientId', () => String) clientId: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<EntrustedWork[]> {
    const client = await clientRow(ctx.services.knex, clientId);
    const rows = await ctx.services
      .knex('assignment as a')
      .join('api_client as c', 'c.id', 'a.consignee_id')
      .select(columns)
      .where('a.consignee_id', client.id)
      .whereNull('a.ended_at')
      .where((w) => w.whereNull('a.ends_at').orWhere('a.ends_at', '>', ctx.now))
      .orderBy('a.created_at', 'desc')
      .limit(500);
    return rows.map(toWork);
  }

  @Mutation(() => EntrustedWork, {
    description:
      'Entrusts work for a member to a consignee (§9) until `endsAt` (by default the configured number of days).',
  })
  async entrustWork(
    @Arg('clientId', () => String, { description: 'The consignee.' }) clientId: string,
    @Arg('memberId', () => ID) memberId: string,
    @Arg('kind', () => String, { description: 'DELIVERY, SETTLEMENT or HOSTING.' }) kind: string,
    @Arg('taskReference', () => String, {
      description: 'The order, shipment or payment, as the shop’s systems name it.',
    })
    taskReference: string,
    @Arg('endsAt', () => String, { nullable: true }) endsAt: string | null,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<EntrustedWork> {
    if (!KINDS.includes(kind))
      throw gatewayError('BAD_USER_INPUT', `kind must be one of ${KINDS.join(', ')}.`, { field: 'kind' });
    const reference = checkText(taskReference, 'taskReference', 100);
    const end = endOf(endsAt, ctx.now, ctx.services.config.assignmentDays);
    const { knex } = ctx.services;
    const client = await clientRow(knex, clientId);
    if (client.kind !== 'CONSIGNEE' || !client.active) {
      throw gatewayError('BAD_USER_INPUT', 'clientId must name an active consignee.', { field: 'clientId' });
    }
    const member = /^[0-9a-f-]{36}$/.test(memberId) ? await memberStanding(knex, memberId) : null;
    if (member?.status !== 'ACTIVE')
      throw gatewayError('NOT_FOUND', 'No active member with that id.', { field: 'memberId' });
    const id = randomUUID();
    await adminChange(ctx, info, async (trx) => {
      await trx('assignment').insert({
        id,
        member_id: memberId,
        consignee_id: client.id,
        kind,
        task_reference: reference,
        created_at: ctx.now,
        ends_at: end,
        created_by: ctx.principal.id,
      });
      return {
        result: null,
        memberId,
        fields: changed('assignment', id, ['consignee', 'kind', 'taskReference', 'endsAt']),
      };
    });
    return toWork(
      await knex('assignment as a').join('api_client as c', 'c.id', 'a.consignee_id').first(columns).where('a.id', id),
    );
  }

  @Mutation(() => EntrustedWork, {
    description: 'Ends entrusted work now: the consignee stops reaching the member at once.',
  })
  async endWork(
    @Arg('workId', () => ID) workId: string,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<EntrustedWork> {
    const { knex } = ctx.services;
    const find = () =>
      knex('assignment as a').join('api_client as c', 'c.id', 'a.consignee_id').first(columns).where('a.id', workId);
    const work = /^[0-9a-f-]{36}$/.test(workId) ? await find() : undefined;
    if (!work) throw gatewayError('NOT_FOUND', 'No entrusted work with that id.', { field: 'workId' });
    if (work.ended_at == null) {
      await adminChange(ctx, info, async (trx) => {
        await trx('assignment').where({ id: workId }).update({ ended_at: ctx.now });
        return { result: null, memberId: work.member_id as string, fields: changed('assignment', workId, ['endedAt']) };
      });
    }
    return toWork(await find());
  }
}
