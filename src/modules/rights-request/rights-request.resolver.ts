import { randomUUID } from 'node:crypto';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Mutation, Query, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { gatewayError } from '../../errors';
import { processInTransaction } from '../../audit/in-transaction';
import { checkContact, checkName, checkText } from '../../validation';
import { attachGuardianTo } from '../guardian/guardian.resolver';
import { messageAllowed } from '../verification/message-throttle';
import { isoTime as iso } from '../../db/iso-time';
import { exportedFields, exportMemberData } from '../membership';
import { handOverWithdrawn, withdrawMember } from '../membership';
import { checkPurpose, withdrawConsents } from '../consent';
import { CORRECTABLE, guardCorrected, openCorrection, resolve } from '../correction';
import { EDITABLE } from '../membership';
import { CHANNELS, RIGHTS, type Right } from './rights-request.entity';
import { RightsRequestExecution, RightsRequestItem } from './rights-request.type';
import { memberStanding } from '../member';

/** §7: "action without delay"; the officer's review flags a request still open after this. */
export const DEFAULT_DUE_DAYS = 10;
const DAY_MS = 86_400_000;

const toItem = (r: Record<string, unknown>, now: Date): RightsRequestItem => {
  const dueAt = iso(r.due_at)!;
  return {
    id: r.id as string,
    memberId: r.member_id as string,
    right: r.right as string,
    channel: r.channel as string,
    identityVerifiedBy: r.identity_verified_by as string,
    reference: r.reference as string,
    recordedBy: r.recorded_by as string,
    recordedAt: iso(r.recorded_at)!,
    dueAt,
    status: r.status as string,
    overdue: r.status === 'OPEN' && Date.parse(dueAt) < now.getTime(),
    executedBy: (r.executed_by as string | null) ?? null,
    executedAt: iso(r.executed_at),
  };
};

const oneOf = <T extends string>(value: string, allowed: readonly T[], field: string): T => {
  if (!(allowed as readonly string[]).includes(value))
    throw gatewayError('BAD_USER_INPUT', `${field} must be one of ${allowed.join(', ')}.`, { field });
  return value as T;
};

/** Optional consents: stopping processing (§7) withdraws every one of them. */
const OPTIONAL_CONSENTS = ['MARKETING', 'THIRD_PARTY_PROVISION'] as const;

@Resolver()
export class RightsRequestResolver {
  @Mutation(() => RightsRequestItem, {
    description:
      'Customer service or the privacy officer records a right a member exercised by letter, phone, e-mail or in person (§7).',
  })
  async recordRightsRequest(
    @Arg('memberId', () => ID) memberId: string,
    @Arg('right', () => String) right: string,
    @Arg('channel', () => String) channel: string,
    @Arg('identityVerifiedBy', () => String, { description: 'How the requester’s identity was verified.' })
    identityVerifiedBy: string,
    @Arg('reference', () => String, { description: 'The letter, ticket or call reference.' }) reference: string,
    @Arg('dueAt', () => String, { nullable: true, description: `Defaults to ${DEFAULT_DUE_DAYS} days from now.` })
    dueAt: string | null,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RightsRequestItem> {
    const due = dueAt == null ? new Date(ctx.now.getTime() + DEFAULT_DUE_DAYS * DAY_MS) : new Date(dueAt);
    if (Number.isNaN(due.getTime()) || due <= ctx.now)
      throw gatewayError('BAD_USER_INPUT', 'dueAt must be an ISO time in the future.', { field: 'dueAt' });
    const row = {
      id: randomUUID(),
      member_id: memberId,
      right: oneOf(right, RIGHTS, 'right'),
      channel: oneOf(channel, CHANNELS, 'channel'),
      identity_verified_by: checkText(identityVerifiedBy, 'identityVerifiedBy', 200),
      reference: checkText(reference, 'reference', 200),
      recorded_by: ctx.principal.id,
      recorded_at: ctx.now,
      due_at: due,
      status: 'OPEN',
      executed_by: null,
      executed_at: null,
    };
    return processInTransaction(ctx, info, async (trx, record) => {
      if (((await memberStanding(trx, memberId))?.status ?? 'WITHDRAWN') === 'WITHDRAWN')
        throw gatewayError('NOT_FOUND', 'No member with that id.', { field: 'memberId' });
      await trx('rights_request').insert(row);
      record(memberId, 'INPUT', [`rightsRequest:${row.right}`]);
      return toItem(row, ctx.now);
    });
  }

  @Mutation(() => RightsRequestExecution, {
    description:
      'Executes a recorded request through the same code as self-service, with the staff member as accessor in the log. CORRECTION takes field and newValue; WITHDRAW_CONSENT takes purpose (and recipient); ATTACH_GUARDIAN takes guardianName and guardianContact (a code goes to them; their consent verifies them).',
  })
  async executeRightsRequest(
    @Arg('id', () => ID) id: string,
    @Arg('field', () => String, { nullable: true }) field: string | null,
    @Arg('newValue', () => String, { nullable: true }) newValue: string | null,
    @Arg('purpose', () => String, { nullable: true }) purpose: string | null,
    @Arg('recipient', () => String, { nullable: true }) recipient: string | null,
    @Arg('guardianName', () => String, { nullable: true }) guardianName: string | null,
    @Arg('guardianContact', () => String, { nullable: true }) guardianContact: string | null,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RightsRequestExecution> {
    const { knex, keys } = ctx.services;
    const row = /^[0-9a-f-]{36}$/.test(id) ? await knex('rights_request').first('*').where({ id }) : undefined;
    if (!row) throw gatewayError('NOT_FOUND', 'No rights request with that id.', { field: 'id' });
    if (row.status !== 'OPEN')
      throw gatewayError('CONFLICT', 'The rights request was already executed.', { field: 'id' });
    const right = row.right as Right;
    const memberId = row.member_id as string;
    // Checked before the transaction, exactly as the self-service mutations check them.
    let correction: { field: string; value: string } | null = null;
    if (right === 'CORRECTION') {
      if (field == null || !CORRECTABLE.includes(field))
        throw gatewayError('BAD_USER_INPUT', `field must be one of ${CORRECTABLE.join(', ')}.`, { field: 'field' });
      if (newValue == null)
        throw gatewayError('BAD_USER_INPUT', 'newValue is required for a correction.', { field: 'newValue' });
      correction = { field, value: EDITABLE[field]!.check(newValue, ctx.now) };
    }
    if (right === 'WITHDRAW_CONSENT') {
      if (purpose == null || !(OPTIONAL_CONSENTS as readonly string[]).includes(purpose)) {
        throw gatewayError('BAD_USER_INPUT', `purpose must be one of ${OPTIONAL_CONSENTS.join(', ')}.`, {
          field: 'purpose',
        });
      }
      await checkPurpose(ctx, purpose, recipient ?? null);
    }
    let guardian: { name: string; contact: string } | null = null;
    if (right === 'ATTACH_GUARDIAN') {
      if (guardianName == null || guardianContact == null) {
        throw gatewayError('BAD_USER_INPUT', 'guardianName and guardianContact are required.', {
          field: guardianName == null ? 'guardianName' : 'guardianContact',
        });
      }
      guardian = {
        name: checkName(guardianName, 'guardianName'),
        contact: checkContact(guardianContact, 'guardianContact'),
      };
      await messageAllowed(ctx, guardian.contact);
    }
    // A corrected e-mail another account holds answers CONFLICT: counted and logged like the self-service one.
    const result = await guardCorrected(ctx, info, correction?.field, () =>
      processInTransaction(ctx, info, async (trx, record) => {
        const member = await memberStanding(trx, memberId);
        if (!member || member.status === 'WITHDRAWN')
          throw gatewayError('NOT_FOUND', 'The member has withdrawn.', { field: 'id' });
        let exported: Record<string, unknown> | null = null;
        switch (right) {
          case 'EXPORT':
            exported = await exportMemberData(trx, keys.masterKey, memberId, ctx.now);
            record(memberId, 'DOWNLOAD', exportedFields(exported));
            break;
          case 'CORRECTION': {
            const opened = await openCorrection(
              trx,
              record,
              memberId,
              correction!.field,
              correction!.value,
              `rights request ${row.reference as string}`,
              ctx.now,
            );
            await resolve(trx, record, opened.id, 'COMPLETED', ctx.now, memberId);
            break;
          }
          case 'WITHDRAW_CONSENT':
            await withdrawConsents(trx, record, memberId, purpose!, recipient ?? null, ctx.now);
            break;
          case 'STOP_PROCESSING':
            for (const p of OPTIONAL_CONSENTS) await withdrawConsents(trx, record, memberId, p, null, ctx.now);
            break;
          case 'WITHDRAW_MEMBERSHIP':
            await withdrawMember(trx, record, memberId, ctx.now);
            break;
          case 'ATTACH_GUARDIAN':
            await attachGuardianTo(ctx, trx, record, memberId, guardian!.name, guardian!.contact);
            break;
        }
        const done = await trx('rights_request')
          .where({ id, status: 'OPEN' })
          .update({ status: 'COMPLETED', executed_by: ctx.principal.id, executed_at: ctx.now });
        if (done === 0) throw gatewayError('CONFLICT', 'The rights request was already executed.', { field: 'id' });
        record(memberId, 'CHANGE', [`rightsRequest:${right}`]);
        return {
          exported,
          item: toItem({ ...row, status: 'COMPLETED', executed_by: ctx.principal.id, executed_at: ctx.now }, ctx.now),
        };
      }),
    );
    if (right === 'WITHDRAW_MEMBERSHIP') await handOverWithdrawn(ctx, memberId);
    if (right === 'ATTACH_GUARDIAN') void ctx.services.notifier.flush(ctx.now);
    return { request: result.item, export: result.exported };
  }

  @Query(() => [RightsRequestItem], {
    description:
      'Rights requests made through staff, oldest due first: OPEN (the officer’s review: with overdue set past the due date) or COMPLETED.',
  })
  async rightsRequests(
    @Arg('status', () => String, { nullable: true, defaultValue: 'OPEN' }) status: string,
    @Arg('overdueOnly', () => Boolean, { nullable: true, defaultValue: false }) overdueOnly: boolean,
    @Ctx() ctx: GatewayContext,
  ): Promise<RightsRequestItem[]> {
    const q = ctx.services
      .knex('rights_request')
      .select('*')
      .where({ status: oneOf(status, ['OPEN', 'COMPLETED'] as const, 'status') })
      .orderBy('due_at')
      .limit(500);
    if (overdueOnly) q.where('due_at', '<', ctx.now);
    return (await q).map((r: Record<string, unknown>) => toItem(r, ctx.now));
  }
}
