import { randomUUID } from 'node:crypto';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Field, FieldResolver, ID, Info, Int, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { gatewayError } from '../../errors';
import type { Knex } from '@mikro-orm/knex';
import { processInTransaction, type RecordProcessing } from '../../audit/in-transaction';
import { subjectOf } from '../../policy/scope';
import { memberStanding, notFound } from '../member';
import { MemberNode } from '../member';
import type { MemberView } from '../member';
import { requirePolicyVersion } from '../policy-version';
import { PolicyRecipient } from '../public';
import { listedRecipients } from './listed-recipients';
import { ConsentPurpose } from './consent.entity';
import { isoTime as iso } from '../../db/iso-time';
import { isUnder14 } from '../guardian';
import { partnerIdOf } from '../client';
import { pendingReconsent } from './reconsent';

@ObjectType({ description: 'A consent receipt: what was agreed, to which policy version, when, how and by whom.' })
export class ConsentReceipt {
  @Field(() => ID) id!: string;
  @Field(() => String) purpose!: string;
  @Field(() => String, { nullable: true, description: 'The partner, for THIRD_PARTY_PROVISION.' }) recipient!:
    string | null;
  @Field(() => PolicyRecipient, {
    nullable: true,
    description: 'The recipient exactly as the policy version consented to listed it.',
  })
  recipientListing!: PolicyRecipient | null;
  @Field(() => Int) policyVersion!: number;
  @Field(() => String) grantedAt!: string;
  @Field(() => String, { nullable: true }) withdrawnAt!: string | null;
  @Field(() => String) method!: string;
  @Field(() => String, { description: 'SELF or GUARDIAN.' }) givenBy!: string;
}

const toReceipt = (r: Record<string, unknown>): ConsentReceipt => ({
  id: r.id as string,
  purpose: r.purpose as string,
  recipient: (r.recipient as string | null) ?? null,
  recipientListing: r.recipient_listing == null ? null : (JSON.parse(String(r.recipient_listing)) as PolicyRecipient),
  policyVersion: Number(r.policy_version),
  grantedAt: iso(r.granted_at)!,
  withdrawnAt: iso(r.withdrawn_at),
  method: r.method as string,
  givenBy: r.given_by as string,
});

/** Consents a member can change at will; ESSENTIAL ends only with the membership. */
const CHANGEABLE = [ConsentPurpose.MARKETING, ConsentPurpose.THIRD_PARTY_PROVISION, ConsentPurpose.ESSENTIAL] as const;

export async function checkPurpose(ctx: GatewayContext, purpose: string, recipient: string | null): Promise<void> {
  if (!(CHANGEABLE as readonly string[]).includes(purpose)) {
    throw gatewayError('BAD_USER_INPUT', `purpose must be one of ${CHANGEABLE.join(', ')}.`, { field: 'purpose' });
  }
  if (purpose === ConsentPurpose.THIRD_PARTY_PROVISION) {
    const partner = recipient && (await partnerIdOf(ctx.services.knex, recipient));
    if (!partner) throw gatewayError('BAD_USER_INPUT', 'recipient must name a partner.', { field: 'recipient' });
  } else if (recipient !== null) {
    throw gatewayError('BAD_USER_INPUT', 'recipient applies to THIRD_PARTY_PROVISION only.', { field: 'recipient' });
  }
}

/**
 * Withdraws a member's active consents to `purpose` (to `recipient` when given); self-service and staff-assisted alike.
 */
export async function withdrawConsents(
  trx: Knex.Transaction,
  record: RecordProcessing,
  id: string,
  purpose: string,
  recipient: string | null,
  now: Date,
): Promise<number> {
  const q = trx('consent').where({ member_id: id, purpose }).whereNull('withdrawn_at');
  if (recipient != null) q.where({ recipient });
  const count = await q.update({ withdrawn_at: now });
  if (count > 0) record(id, 'CHANGE', [`consent:${purpose}`]);
  return count;
}

@Resolver(() => MemberNode)
export class ConsentResolver {
  @Mutation(() => ConsentReceipt, {
    description:
      'Gives a consent under the policy in force (also re-consent to ESSENTIAL); effective on the next request.',
  })
  async grantConsent(
    @Arg('purpose', () => String) purpose: string,
    @Arg('recipient', () => String, { nullable: true }) recipient: string | null,
    @Arg('memberId', () => ID, { nullable: true }) memberId: string | null,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ConsentReceipt> {
    const id = subjectOf(ctx.principal, memberId);
    if (!id) throw notFound();
    await checkPurpose(ctx, purpose, recipient ?? null);
    const subject = await memberStanding(ctx.services.knex, id);
    // Every consent of a member under 14 is her verified guardian's to give (§13; PIPA Art. 22-2).
    if (ctx.principal.kind !== 'GUARDIAN' && isUnder14(subject?.birthDate, ctx.now)) {
      throw gatewayError(
        'GUARDIAN_CONSENT_REQUIRED',
        'Consents of a member under 14 are given by the legal representative.',
        { field: 'purpose' },
      );
    }
    const version = await requirePolicyVersion(ctx.services.knex, ctx.now);
    const [listing] =
      recipient == null ? [] : await listedRecipients(ctx.services.knex, version, [recipient], 'recipient');
    return processInTransaction(ctx, info, async (trx, record) => {
      const same = trx('consent')
        .where({ member_id: id, purpose, recipient: recipient ?? null })
        .whereNull('withdrawn_at');
      if (recipient == null) same.whereNull('recipient');
      // A consent under an older version is superseded by the new receipt; one under this version stands.
      const existing = await same.clone().first('*').where({ policy_version: version });
      if (existing) return toReceipt(existing);
      await same.clone().update({ withdrawn_at: ctx.now });
      const row = {
        id: randomUUID(),
        member_id: id,
        purpose,
        recipient: recipient ?? null,
        recipient_listing: listing ? JSON.stringify(listing) : null,
        policy_version: version,
        granted_at: ctx.now,
        withdrawn_at: null,
        method: 'SETTINGS',
        given_by: ctx.principal.kind === 'GUARDIAN' ? 'GUARDIAN' : 'SELF',
      };
      await trx('consent').insert(row);
      record(id, 'CHANGE', [`consent:${purpose}`]);
      return toReceipt(row);
    });
  }

  @Mutation(() => Int, {
    description:
      'Withdraws a consent; every principal sees the effect on its next request. Returns receipts withdrawn.',
  })
  async withdrawConsent(
    @Arg('purpose', () => String) purpose: string,
    @Arg('recipient', () => String, { nullable: true }) recipient: string | null,
    @Arg('memberId', () => ID, { nullable: true }) memberId: string | null,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<number> {
    const id = subjectOf(ctx.principal, memberId);
    if (!id) throw notFound();
    if (purpose === ConsentPurpose.ESSENTIAL) {
      throw gatewayError('BAD_USER_INPUT', 'The essential consent ends only by withdrawing the membership.', {
        field: 'purpose',
      });
    }
    await checkPurpose(ctx, purpose, recipient ?? null);
    return processInTransaction(ctx, info, (trx, record) =>
      withdrawConsents(trx, record, id, purpose, recipient ?? null, ctx.now),
    );
  }

  @FieldResolver(() => [ConsentReceipt], {
    nullable: true,
    description: 'Every consent receipt, withdrawn ones included. SELF_SERVICE only.',
  })
  async consents(@Root() member: MemberView, @Ctx() ctx: GatewayContext): Promise<ConsentReceipt[]> {
    const rows = await ctx.services.knex('consent').select('*').where({ member_id: member.id }).orderBy('granted_at');
    return rows.map(toReceipt);
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description: 'True when a policy version in force asks for re-consent the member has not given.',
  })
  async consentRequired(@Root() member: MemberView, @Ctx() ctx: GatewayContext): Promise<boolean> {
    return (await pendingReconsent(ctx.services.knex, member.id, ctx.now)) !== null;
  }
}
