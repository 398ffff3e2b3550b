import { randomUUID } from 'node:crypto';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Field, ID, Info, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { gatewayError } from '../../errors';
import type { Knex } from '@mikro-orm/knex';
import { processInTransaction, type RecordProcessing } from '../../audit/in-transaction';
import { checkContact, checkName } from '../../validation';
import { subjectOf } from '../../policy/scope';
import { notFound } from '../member';
import { purposesFor } from '../../policy/purposes';
import { ACCESS_TOKEN_TTL_SECONDS } from '../../auth/tokens';
import { AccessToken } from '../auth';
import { consumeCode, issueCode } from '../verification';
import { CodePurpose } from '../verification';
import { requirePolicyVersion } from '../policy-version';
import { channelOf } from '../notification';
import { codeEntryAllowed, messageAllowed } from '../verification';
import { guardianConfirmed, memberIdsWith } from '../member';
import { insertConsents } from '../consent';

@ObjectType()
export class GuardianConsentResult {
  @Field(() => ID)
  childId!: string;

  @Field(() => String)
  status!: string;
}

const INVALID_CODE = 'The code is wrong, expired or already used.';

/**
 * Names a member's legal representative (§13) inside the caller's transaction: replaces one not yet verified, sends
 * the code of their consent, and records the INPUT with the caller (the member, her guardian, or staff) as accessor.
 * The caller has reserved the message (`messageAllowed`) first.
 */
export async function attachGuardianTo(
  ctx: GatewayContext,
  trx: Knex.Transaction,
  record: RecordProcessing,
  id: string,
  name: string,
  contact: string,
): Promise<void> {
  const { codeKey, notifier } = ctx.services;
  if (await trx('guardian').first('id').where({ child_id: id }).whereNotNull('verified_at')) {
    throw gatewayError('CONFLICT', 'A verified legal representative is already on record.', {
      field: 'guardianContact',
    });
  }
  await trx('guardian').where({ child_id: id }).whereNull('verified_at').del();
  const guardianId = randomUUID();
  await trx('guardian').insert({ id: guardianId, child_id: id, name, contact, created_at: ctx.now });
  const code = await issueCode(trx, codeKey, CodePurpose.GUARDIAN_CONSENT, contact, guardianId, ctx.now);
  await notifier.enqueue(
    trx,
    {
      channel: channelOf(contact),
      recipient: contact,
      subject: 'Consent for your child’s membership',
      body: `You were named as the legal representative of a bettra member. If you are and agree, enter code ${code} within 15 minutes.`,
      carriesCode: true,
    },
    ctx.now,
  );
  record(id, 'INPUT', ['guardianName', 'guardianContact']);
}

@Resolver()
export class GuardianResolver {
  @Mutation(() => Boolean, {
    description: 'Sends a code to a legal representative: to consent for a pending child, or to sign in. Always true.',
  })
  async requestGuardianCode(
    @Arg('contact', () => String) contactInput: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<boolean> {
    const contact = checkContact(contactInput, 'contact');
    await messageAllowed(ctx, contact);
    const { knex, codeKey, notifier } = ctx.services;
    const pending = await knex('guardian')
      .first('id')
      .where({ contact })
      .whereIn('child_id', memberIdsWith(knex, ['PENDING_GUARDIAN']))
      .whereNull('verified_at');
    const verified = await knex('guardian').first('id').where({ contact }).whereNotNull('verified_at');
    // The answer is the same whether or not the contact is known, so it cannot be used to find guardians.
    if (!pending && !verified) return true;
    // A consent code and a sign-in code are issued independently: a pending sign-up naming a verified guardian's
    // contact must not keep that guardian from signing in.
    const codes = [
      ...(verified
        ? [
            {
              purpose: CodePurpose.GUARDIAN_LOGIN,
              guardianId: verified.id as string,
              text: 'Your bettra sign-in code is',
            },
          ]
        : []),
      ...(pending
        ? [
            {
              purpose: CodePurpose.GUARDIAN_CONSENT,
              guardianId: pending.id as string,
              text: 'Your code to consent for a child’s bettra membership is',
            },
          ]
        : []),
    ];
    await knex.transaction(async (trx) => {
      for (const { purpose, guardianId, text } of codes) {
        const code = await issueCode(trx, codeKey, purpose, contact, guardianId, ctx.now);
        await notifier.enqueue(
          trx,
          {
            channel: channelOf(contact),
            recipient: contact,
            subject: 'Your bettra verification code',
            body: `${text} ${code}. It expires in 15 minutes.`,
            carriesCode: true,
          },
          ctx.now,
        );
      }
    });
    void notifier.flush(ctx.now);
    return true;
  }

  @Mutation(() => Boolean, {
    description:
      'Names the legal representative after sign-up (§13): a code goes to them, and their consent (confirmGuardianConsent) verifies them. Replaces a representative not yet verified.',
  })
  async attachGuardian(
    @Arg('guardianName', () => String) guardianName: string,
    @Arg('guardianContact', () => String) guardianContact: string,
    @Arg('memberId', () => ID, { nullable: true }) memberId: string | null,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<boolean> {
    const id = subjectOf(ctx.principal, memberId);
    if (!id) throw notFound();
    const name = checkName(guardianName, 'guardianName');
    const contact = checkContact(guardianContact, 'guardianContact');
    await messageAllowed(ctx, contact);
    await processInTransaction(ctx, info, (trx, record) => attachGuardianTo(ctx, trx, record, id, name, contact));
    void ctx.services.notifier.flush(ctx.now);
    return true;
  }

  @Mutation(() => GuardianConsentResult, {
    description: 'The legal representative consents for a child under 14 with the code they received.',
  })
  async confirmGuardianConsent(
    @Arg('contact', () => String) contactInput: string,
    @Arg('code', () => String) code: string,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<GuardianConsentResult> {
    const contact = checkContact(contactInput, 'contact');
    await codeEntryAllowed(ctx, contact);
    const { codeKey, knex } = ctx.services;
    const version = await requirePolicyVersion(knex, ctx.now);
    const childId = await processInTransaction(ctx, info, async (trx, record) => {
      const used = await consumeCode(trx, codeKey, CodePurpose.GUARDIAN_CONSENT, contact, code, ctx.now);
      const guardian = used?.guardianId
        ? await trx('guardian')
            .first('id', 'child_id as childId')
            .where({ id: used.guardianId })
            .whereNull('verified_at')
        : undefined;
      if (!guardian) return null;
      const method = contact.includes('@') ? 'EMAIL_CODE' : 'SMS_CODE';
      await trx('guardian').where({ id: guardian.id }).update({ verified_at: ctx.now, verification_method: method });
      await guardianConfirmed(trx, guardian.childId);
      await insertConsents(trx, [
        {
          id: randomUUID(),
          member_id: guardian.childId,
          purpose: 'ESSENTIAL',
          recipient: null,
          policy_version: version,
          granted_at: ctx.now,
          method: 'GUARDIAN_CODE',
          given_by: 'GUARDIAN',
        },
      ]);
      record(guardian.childId, 'CHANGE', ['status', 'guardianConsent']);
      return guardian.childId as string;
    });
    if (!childId) throw gatewayError('BAD_USER_INPUT', INVALID_CODE, { field: 'code' });
    await ctx.services.throttles.codeEntriesPerContact.clear(contact);
    return { childId, status: 'ACTIVE' };
  }

  @Mutation(() => AccessToken, {
    description: 'A verified legal representative signs in with a code to act for their children.',
  })
  async guardianLogin(
    @Arg('contact', () => String) contactInput: string,
    @Arg('code', () => String) code: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<AccessToken> {
    const contact = checkContact(contactInput, 'contact');
    await codeEntryAllowed(ctx, contact);
    const { knex, codeKey, tokens } = ctx.services;
    const used = await knex.transaction((trx) =>
      consumeCode(trx, codeKey, CodePurpose.GUARDIAN_LOGIN, contact, code, ctx.now),
    );
    if (!used?.guardianId) throw gatewayError('UNAUTHENTICATED', INVALID_CODE);
    await ctx.services.throttles.codeEntriesPerContact.clear(contact);
    const purposes = purposesFor({ kind: 'GUARDIAN', role: null });
    const row = await knex('guardian').first('session_version as sv').where({ id: used.guardianId });
    const accessToken = await tokens.issue({
      sub: used.guardianId,
      kind: 'GUARDIAN',
      role: null,
      purposes,
      sv: Number(row?.sv ?? 1),
    });
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      purposes,
      passwordChangeRequired: false,
      reconsentRequired: false,
    };
  }
}
