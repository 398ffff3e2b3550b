import { randomUUID } from 'node:crypto';
import type { GraphQLResolveInfo } from 'graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, ID, Info, Mutation, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { gatewayError } from '../../errors';
import { ageOn } from '../../clock';
import { hashSecret } from '../../crypto/password';
import { reauthenticate } from '../../auth/reauthenticate';
import { checkPassword } from '../../validation';
import type { Knex } from '@mikro-orm/knex';
import { processInTransaction, type RecordProcessing } from '../../audit/in-transaction';
import { subjectOf } from '../../policy/scope';
import { guardIdentifiers, type IdentifierCheck } from '../identifiers/conflict-guard';
import { findMember, memberStanding, setMemberPassword, updateMember, markWithdrawn } from '../member';
import type { MemberChange } from '../member';
import { notFound, views } from '../member';
import { MemberNode } from '../member';
import type { MemberView } from '../member';
import { SEALED_COLUMNS, sealForMember, type SealedField } from '../member';
import { exportedFields, exportMemberData } from './export';
import { handOver } from '../retention';
import { queueCorrectionNotices } from '../provision';
import { logRetriedFailure } from '../../log';
import { EDITABLE, OPTIONAL_ITEMS } from './profile-fields';
import { ProfileInput } from './profile.type';
import { applyAgeCapacity } from '../guardian';
import { withdrawAllConsents } from '../consent';

const EMAIL_TAKEN: IdentifierCheck = {
  fields: ['email'],
  message: 'This email address cannot be used; choose another.',
  field: 'email',
};

function subject(ctx: GatewayContext, memberId: string | null | undefined): string {
  const id = subjectOf(ctx.principal, memberId);
  if (!id) throw notFound();
  return id;
}

async function reload(ctx: GatewayContext, id: string): Promise<MemberView> {
  const row = await findMember(ctx.services.knex, { kind: 'IDS', ids: [id] }, id);
  if (!row) throw notFound();
  return (await views(ctx, [row]))[0]!;
}

/**
 * Ends a membership (§7, §13) inside the caller's transaction: the data stays, marked WITHDRAWN, until the handover
 * (`handOverWithdrawn`, after commit) moves what the law keeps to the separate store.
 */
export async function withdrawMember(
  trx: Knex.Transaction,
  record: RecordProcessing,
  id: string,
  now: Date,
): Promise<void> {
  await markWithdrawn(trx, id, now);
  await withdrawAllConsents(trx, id, now);
  record(id, 'DELETE', ['membership']);
}

/** Right away, and again by every retention run until it has happened (crash safety). */
export const handOverWithdrawn = (ctx: GatewayContext, id: string): Promise<unknown> =>
  handOver(ctx.services.knex, ctx.services.keys.masterKey, id, ctx.now).catch((err: unknown) =>
    logRetriedFailure('handover failed', { memberId: id }, err),
  );

/** The membership itself: the own profile, its export, the password and withdrawal (§7, §13). */
@Resolver()
export class MembershipResolver {
  @Mutation(() => MemberNode, {
    description: 'Changes the member’s own items (§7, §13). A guardian passes the child’s memberId.',
  })
  async updateMyProfile(
    @Arg('input', () => ProfileInput) input: ProfileInput,
    @Arg('memberId', () => ID, { nullable: true }) memberId: string | null,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<MemberView> {
    const id = subject(ctx, memberId);
    const changes = Object.entries(input).filter(([, value]) => value != null) as [string, string][];
    if (changes.length === 0) throw gatewayError('BAD_USER_INPUT', 'Nothing to change.', { field: 'input' });
    const checked = changes.map(([field, value]) => [field, EDITABLE[field]!.check(value, ctx.now)] as const);
    const { masterKey } = ctx.services.keys;
    const change = () =>
      processInTransaction(ctx, info, async (trx, record) => {
        const update: MemberChange = {};
        for (const [field, value] of checked) {
          update[EDITABLE[field]!.column] =
            field in SEALED_COLUMNS ? await sealForMember(trx, masterKey, id, field as SealedField, value) : value;
        }
        await updateMember(trx, id, update);
        // A recipient that received an old value hears of the change as of a completed correction (§13).
        for (const [field] of checked) await queueCorrectionNotices(trx, id, field, ctx.requestId, ctx.now);
        record(
          id,
          'CHANGE',
          checked.map(([f]) => f),
        );
        if (update.birth_date !== undefined) await applyAgeCapacity(trx, record, id, ctx.now);
      });
    // Only an e-mail can be held by another account: that change is throttled and logged when it answers CONFLICT.
    if (input.email != null) await guardIdentifiers(ctx, info, EMAIL_TAKEN, change);
    else await change();
    return reload(ctx, id);
  }

  @Mutation(() => MemberNode, {
    description: `Deletes optional items (${OPTIONAL_ITEMS.join(', ')}); essential items go only with the membership.`,
  })
  async deleteMyOptionalItems(
    @Arg('fields', () => [String]) fields: string[],
    @Arg('memberId', () => ID, { nullable: true }) memberId: string | null,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<MemberView> {
    const id = subject(ctx, memberId);
    const wrong = fields.find((f) => !OPTIONAL_ITEMS.includes(f));
    if (wrong !== undefined || fields.length === 0) {
      throw gatewayError('BAD_USER_INPUT', `Only optional items can be deleted: ${OPTIONAL_ITEMS.join(', ')}.`, {
        field: wrong ?? 'fields',
      });
    }
    await processInTransaction(ctx, info, async (trx, record) => {
      const row = await memberStanding(trx, id);
      if (fields.includes('birthDate') && row?.birthDate && ageOn(row.birthDate, ctx.now) < 14) {
        throw gatewayError('BAD_USER_INPUT', 'A member under 14 keeps the birth date that confirms their age.', {
          field: 'birthDate',
        });
      }
      await updateMember(trx, id, Object.fromEntries(fields.map((f) => [EDITABLE[f]!.column, null])));
      // Recipients that received a deleted item are told, as after a correction (§13).
      const deletion = randomUUID();
      for (const f of fields) await queueCorrectionNotices(trx, id, f, deletion, ctx.now, 'DELETED');
      record(id, 'DELETE', fields);
    });
    return reload(ctx, id);
  }

  @Mutation(() => Boolean, { description: 'Changes the password; every token of the member stops working.' })
  async changePassword(
    @Arg('currentPassword', () => String) currentPassword: string,
    @Arg('newPassword', () => String) newPassword: string,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<boolean> {
    if (ctx.principal.kind !== 'MEMBER') throw gatewayError('FORBIDDEN', 'Only a member has a password to change.');
    const id = ctx.principal.id;
    await reauthenticate(ctx, id, currentPassword);
    const hash = await hashSecret(checkPassword(newPassword, 'newPassword'));
    await processInTransaction(ctx, info, async (trx, record) => {
      await setMemberPassword(trx, id, hash);
      record(id, 'CHANGE', ['password']);
    });
    return true;
  }

  @Mutation(() => Boolean, {
    description: 'Withdraws from membership (§7, §13): tokens stop at once, the data is unreadable from then on.',
  })
  async withdrawMembership(
    @Arg('password', () => String, { nullable: true, description: 'The member’s password; not asked of a guardian.' })
    password: string | null,
    @Arg('memberId', () => ID, { nullable: true }) memberId: string | null,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<boolean> {
    const id = subject(ctx, memberId);
    await reauthenticate(ctx, id, password);
    await processInTransaction(ctx, info, (trx, record) => withdrawMember(trx, record, id, ctx.now));
    await handOverWithdrawn(ctx, id);
    return true;
  }

  @Mutation(() => GraphQLJSONObject, { description: 'Everything held about the member, as JSON (logged as DOWNLOAD).' })
  async exportMyData(
    @Arg('memberId', () => ID, { nullable: true }) memberId: string | null,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Record<string, unknown>> {
    const id = subject(ctx, memberId);
    // The record is committed before the export leaves, inside the same read.
    return processInTransaction(ctx, info, async (trx, record) => {
      const data = await exportMemberData(trx, ctx.services.keys.masterKey, id, ctx.now);
      record(id, 'DOWNLOAD', exportedFields(data));
      return data;
    });
  }
}
