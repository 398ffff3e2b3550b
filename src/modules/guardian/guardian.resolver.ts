import { randomUUID } from 'node:crypto';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Field, ID, Info, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { gatewayError } from '../../errors';
import { processInTransaction } from '../../audit/in-transaction';
import { checkContact } from '../../validation';
import { purposesFor } from '../../policy/purposes';
import { ACCESS_TOKEN_TTL_SECONDS } from '../../auth/tokens';
import { AccessToken } from '../auth/auth.resolver';
import { consumeCode, issueCode } from '../verification/codes';
import { CodePurpose } from '../verification/verification-code.entity';
import { requirePolicyVersion } from '../policy-version/current';
import { channelOf } from '../signup/signup.resolver';

@ObjectType()
export class GuardianConsentResult {
  @Field(() => ID)
  childId!: string;

  @Field(() => String)
  status!: string;
}

const INVALID_CODE = 'The code is wrong, expired or already used.';

function throttled(ctx: GatewayContext, which: 'codeSend' | 'codeVerify', contact: string): void {
  const { allowed, retryAfterSeconds } = ctx.services.throttles[which].hit(contact);
  if (!allowed) throw gatewayError('RATE_LIMITED', 'Too many attempts; try again later.', { retryAfter: retryAfterSeconds });
}

@Resolver()
export class GuardianResolver {
  @Mutation(() => Boolean, { description: 'Sends a code to a legal representative: to consent for a pending child, or to sign in. Always true.' })
  async requestGuardianCode(@Arg('contact', () => String) contactInput: string, @Ctx() ctx: GatewayContext): Promise<boolean> {
    const contact = checkContact(contactInput, 'contact');
    throttled(ctx, 'codeSend', contact);
    const { knex, codeKey, notifier } = ctx.services;
    const pending = await knex('guardian as g').join('member as m', 'm.id', 'g.child_id')
      .first('g.id').where({ 'g.contact': contact, 'm.status': 'PENDING_GUARDIAN' }).whereNull('g.verified_at');
    const verified = pending ? undefined : await knex('guardian').first('id').where({ contact }).whereNotNull('verified_at');
    const guardian = pending ?? verified;
    // The answer is the same whether or not the contact is known, so it cannot be used to find guardians.
    if (!guardian) return true;
    const purpose = pending ? CodePurpose.GUARDIAN_CONSENT : CodePurpose.GUARDIAN_LOGIN;
    await knex.transaction(async (trx) => {
      const code = await issueCode(trx, codeKey, purpose, contact, guardian.id, ctx.now);
      await notifier.enqueue(trx, {
        channel: channelOf(contact), recipient: contact, subject: 'Your bettra verification code',
        body: `Your code is ${code}. It expires in 15 minutes.`,
      }, ctx.now);
    });
    void notifier.flush(ctx.now);
    return true;
  }

  @Mutation(() => GuardianConsentResult, { description: 'The legal representative consents for a child under 14 with the code they received.' })
  async confirmGuardianConsent(
    @Arg('contact', () => String) contactInput: string,
    @Arg('code', () => String) code: string,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<GuardianConsentResult> {
    const contact = checkContact(contactInput, 'contact');
    throttled(ctx, 'codeVerify', contact);
    const { codeKey, knex } = ctx.services;
    const version = await requirePolicyVersion(knex, ctx.now);
    const childId = await processInTransaction(ctx, info, async (trx, record) => {
      const used = await consumeCode(trx, codeKey, CodePurpose.GUARDIAN_CONSENT, contact, code, ctx.now);
      const guardian = used?.guardianId ? await trx('guardian').first('id', 'child_id as childId').where({ id: used.guardianId }).whereNull('verified_at') : undefined;
      if (!guardian) return null;
      const method = contact.includes('@') ? 'EMAIL_CODE' : 'SMS_CODE';
      await trx('guardian').where({ id: guardian.id }).update({ verified_at: ctx.now, verification_method: method });
      await trx('member').where({ id: guardian.childId, status: 'PENDING_GUARDIAN' }).update({ status: 'ACTIVE' });
      await trx('consent').insert({
        id: randomUUID(), member_id: guardian.childId, purpose: 'ESSENTIAL', recipient: null, policy_version: version,
        granted_at: ctx.now, method: 'GUARDIAN_CODE', given_by: 'GUARDIAN',
      });
      record(guardian.childId, 'CHANGE', ['status', 'guardianConsent']);
      return guardian.childId as string;
    });
    if (!childId) throw gatewayError('BAD_USER_INPUT', INVALID_CODE, { field: 'code' });
    ctx.services.throttles.codeVerify.reset(contact);
    return { childId, status: 'ACTIVE' };
  }

  @Mutation(() => AccessToken, { description: 'A verified legal representative signs in with a code to act for their children.' })
  async guardianLogin(
    @Arg('contact', () => String) contactInput: string,
    @Arg('code', () => String) code: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<AccessToken> {
    const contact = checkContact(contactInput, 'contact');
    throttled(ctx, 'codeVerify', contact);
    const { knex, codeKey, tokens } = ctx.services;
    const used = await knex.transaction((trx) => consumeCode(trx, codeKey, CodePurpose.GUARDIAN_LOGIN, contact, code, ctx.now));
    if (!used?.guardianId) throw gatewayError('UNAUTHENTICATED', INVALID_CODE);
    ctx.services.throttles.codeVerify.reset(contact);
    const purposes = purposesFor({ kind: 'GUARDIAN', role: null });
    const accessToken = await tokens.issue({ sub: used.guardianId, kind: 'GUARDIAN', role: null, purposes, sv: 1 });
    return { accessToken, tokenType: 'Bearer', expiresIn: ACCESS_TOKEN_TTL_SECONDS, purposes, passwordChangeRequired: false };
  }
}
