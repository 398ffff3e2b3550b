import { randomUUID } from 'node:crypto';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Info, Mutation, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { gatewayError } from '../../errors';
import { ageOn } from '../../clock';
import { hashSecret } from '../../crypto/password';
import { processInTransaction } from '../../audit/in-transaction';
import * as v from '../../validation';
import { currentPolicyVersion } from '../policy-version';
import { listedRecipients } from '../consent';
import type { RecipientListing } from '../policy-document';
import { issueCode } from '../verification';
import { CodePurpose } from '../verification';
import { channelOf } from '../notification';
import { guardIdentifiers, identifierTaken, type IdentifierCheck } from '../identifiers/conflict-guard';
import { describeUserAgent } from './user-agent';
import { messageAllowed } from '../verification';
import { SignUpInput, SignUpOutcome, SignUpResult } from './signup.type';
import { identifiersTaken, insertMember } from '../member';
import { addGuardian } from '../guardian';
import { insertConsents, type NewConsent } from '../consent';
import { insertMemberCookieChoice } from '../cookie';

const TAKEN: IdentifierCheck = {
  fields: ['loginId', 'email'],
  message: 'This login id or email address cannot be used; choose another.',
  field: 'loginId',
};

@Resolver()
export class SignUpResolver {
  @Mutation(() => SignUpResult, { description: 'Sign up (§1, §2). With agree: false nothing at all is stored.' })
  async signUp(
    @Arg('input', () => SignUpInput) input: SignUpInput,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<SignUpResult> {
    if (!input.agree) return { outcome: SignUpOutcome.CANCELLED, memberId: null };
    const { knex, codeKey, notifier } = ctx.services;
    const now = ctx.now;
    const inForce = await currentPolicyVersion(knex, now);
    if (inForce === null)
      throw gatewayError(
        'CONFLICT',
        'No privacy policy is in force yet: sign-up opens once the privacy officer publishes one.',
        { field: 'policyVersion' },
      );
    if (input.policyVersion !== inForce) {
      throw gatewayError('BAD_USER_INPUT', 'The policy shown is not the one in force: reload the form.', {
        field: 'policyVersion',
      });
    }
    const loginId = v.checkLoginId(input.loginId);
    v.checkPassword(input.password);
    const name = v.checkName(input.name);
    const email = v.checkEmail(input.email);
    // Age confirmation is a stated purpose (§2, §3): without a birth date a child could join as an adult.
    // CHECKED_ESSENTIALS: typed optional so that its absence is answered here, naming it.
    if (input.birthDate == null || input.birthDate.trim() === '') {
      throw gatewayError('BAD_USER_INPUT', 'The birth date is required to confirm the age.', { field: 'birthDate' });
    }
    const birthDate = v.checkBirthDate(input.birthDate, now);
    const optional = {
      phone: input.phone == null ? null : v.checkPhone(input.phone),
      gender: input.gender == null ? null : v.checkGender(input.gender),
      address: v.checkOptionalText(input.address, 'address', 300),
      delivery_area: v.checkOptionalText(input.deliveryArea, 'deliveryArea', 64),
    };
    const child = ageOn(birthDate, now) < 14;
    const guardian = child
      ? {
          name: v.checkName(input.guardianName ?? '', 'guardianName'),
          contact: v.checkContact(input.guardianContact ?? '', 'guardianContact'),
        }
      : null;
    const partners = await listedRecipients(knex, inForce, [...new Set(input.provideTo ?? [])], 'provideTo');
    // A child's consents are the guardian's to give (§13; PIPA Art. 22-2), never the child's own form.
    if (child && (input.marketing || partners.length > 0)) {
      throw gatewayError(
        'GUARDIAN_CONSENT_REQUIRED',
        'Consents of a member under 14 are given by the legal representative.',
        { field: input.marketing ? 'marketing' : 'provideTo' },
      );
    }
    const policyVersion = input.policyVersion;
    const device = describeUserAgent(ctx.userAgent);
    const id = randomUUID();
    // Throttled per address and logged when it answers CONFLICT, so sign-up cannot enumerate identifiers.
    await guardIdentifiers(ctx, info, TAKEN, async () => {
      // Only members' identifiers are taken: staff login ids are another namespace and never revealed here. A
      // withdrawn member's are held until her hand-over (run right after the withdrawal) frees them.
      if (await identifiersTaken(knex, loginId, email)) throw identifierTaken(TAKEN.message, TAKEN.field);
      // The guardian's message is reserved like every code sent: per contact and per address, before anything is
      // stored.
      if (guardian) await messageAllowed(ctx, guardian.contact);
      const passwordHash = await hashSecret(input.password);
      await processInTransaction(ctx, info, async (trx, record) => {
        // A child's account keeps only what reaches the guardian until the guardian consents (§2, §13).
        const items = child
          ? { name, birth_date: birthDate }
          : {
              name,
              email,
              birth_date: birthDate,
              ...optional,
              signup_ip: ctx.clientIp,
              browser: device.browser,
              os: device.os,
              inflow_route: v.checkOptionalText(input.inflowRoute, 'inflowRoute', 200),
            };
        await insertMember(trx, {
          id,
          login_id: loginId,
          password_hash: passwordHash,
          status: child ? 'PENDING_GUARDIAN' : 'ACTIVE',
          created_at: now,
          ...items,
        });
        const consent = (purpose: string, recipient: RecipientListing | null = null): NewConsent => ({
          id: randomUUID(),
          member_id: id,
          purpose,
          recipient: recipient?.clientId ?? null,
          recipient_listing: recipient ? JSON.stringify(recipient) : null,
          policy_version: policyVersion,
          granted_at: now,
          method: 'SIGNUP_FORM',
          given_by: 'SELF',
        });
        if (guardian) {
          const guardianId = randomUUID();
          await addGuardian(trx, { id: guardianId, childId: id, name: guardian.name, contact: guardian.contact }, now);
          const code = await issueCode(trx, codeKey, CodePurpose.GUARDIAN_CONSENT, guardian.contact, guardianId, now);
          await notifier.enqueue(
            trx,
            {
              channel: channelOf(guardian.contact),
              recipient: guardian.contact,
              subject: 'Consent for your child’s membership',
              // Nothing the requester typed goes into the message: a sign-up must not let anyone send text of their
              // choosing.
              body: `A child under 14 named you as their legal representative to join bettra. If you are, and you agree, enter code ${code} within 15 minutes.`,
              carriesCode: true,
            },
            now,
          );
        } else {
          await insertConsents(trx, [
            consent('ESSENTIAL'),
            ...(input.marketing ? [consent('MARKETING')] : []),
            ...partners.map((p) => consent('THIRD_PARTY_PROVISION', p)),
            ...(Object.values(optional).some((x) => x !== null) ? [consent('OPTIONAL_ITEMS')] : []),
          ]);
          await insertMemberCookieChoice(trx, id, Boolean(input.personalisedCookies), now);
        }
        const stored = Object.entries(items)
          .filter(([, x]) => x != null)
          .map(([k]) => k.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase()));
        record(id, 'INPUT', [
          'loginId',
          'password',
          ...stored,
          ...(guardian ? ['guardianName', 'guardianContact'] : []),
        ]);
      });
    });
    if (guardian) void notifier.flush(now);
    return { outcome: child ? SignUpOutcome.PENDING_GUARDIAN : SignUpOutcome.ACTIVE, memberId: id };
  }
}
