import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Info, Mutation, Resolver } from 'type-graphql';
import { AccessToken } from './access-token.type';
import type { GatewayContext } from '../../context';
import { gatewayError } from '../../errors';
import { hashSecret, verifySecret } from '../../crypto/password';
import { checkPassword } from '../../validation';
import { processInTransaction } from '../../audit/in-transaction';
import { purposesFor } from '../../policy/purposes';
import { ACCESS_TOKEN_TTL_SECONDS } from '../../auth/tokens';
import { autologinTokens } from '../../auth/autologin';
import { requireSecret } from '../../limits/require-secret';
import type { Services } from '../../services';
import { pendingReconsent } from '../consent/reconsent';
import { endClientSessions } from '../client';
import { activeMemberLogin, activeSession, endMemberSessions } from '../member';

/** When the member's current choice allowing personalised cookies was made; null while they are not allowed. */
async function personalisedSince(services: Services, memberId: string): Promise<number | null> {
  const row = await services
    .knex('cookie_preference')
    .first('personalised', 'updated_at')
    .where({ member_id: memberId });
  return row?.personalised ? new Date(row.updated_at as string | number | Date).getTime() : null;
}

const INVALID_LOGIN = 'The login id or password is incorrect.';

@Resolver()
export class AuthResolver {
  @Mutation(() => AccessToken, {
    description: 'Log in as a member or staff; send the token as `Authorization: Bearer …`.',
  })
  async login(
    @Arg('loginId', () => String) loginId: string,
    @Arg('password', () => String) password: string,
    @Arg('remember', () => Boolean, {
      nullable: true,
      description: 'Keep me logged in (needs personalised cookies allowed).',
    })
    remember: boolean | null,
    @Ctx() { services, clientIp }: GatewayContext,
  ): Promise<AccessToken> {
    const { knex, tokens, throttles } = services;
    let member: { id: string; hash: string | null; sv: number } | undefined;
    let staff: { id: string; hash: string; sv: number; role: string; mustChange: unknown } | undefined;
    await requireSecret(
      throttles.login,
      loginId,
      clientIp,
      async () => {
        // Members and staff are separate namespaces: a member may hold a staff member's login id (sign-up never
        // reveals staff ids). Both hashes are always checked, a decoy standing in for an account that does not
        // exist, so the answer and its time say nothing about which namespaces hold the id.
        const [m, st] = await Promise.all([
          activeMemberLogin(knex, loginId),
          knex('staff')
            .first('id', 'password_hash as hash', 'session_version as sv', 'role', 'must_change_password as mustChange')
            .where({ login_id: loginId })
            .whereNull('disabled_at'),
        ]);
        const [memberOk, staffOk] = await Promise.all([
          verifySecret(m?.hash ?? undefined, password),
          verifySecret(st?.hash ?? undefined, password),
        ]);
        member = memberOk && m ? m : undefined;
        staff = !member && staffOk && st ? st : undefined;
        return Boolean(member ?? staff);
      },
      () => gatewayError('UNAUTHENTICATED', INVALID_LOGIN),
    );
    const account = (member ?? staff)!;
    const kind = member ? 'MEMBER' : 'STAFF';
    const role: string | null = staff?.role ?? null;
    const passwordChangeRequired = Boolean(staff?.mustChange);
    const purposes = passwordChangeRequired ? [] : purposesFor({ kind, role: role as never });
    const accessToken = await tokens.issue({ sub: account.id, kind, role, purposes, sv: account.sv });
    const autologin =
      remember && member && (await personalisedSince(services, account.id)) !== null
        ? await autologinTokens(services.keys, services.config.issuer, services.config.audience).issue(
            account.id,
            account.sv,
            services.clock.now(),
          )
        : null;
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      purposes,
      autologinToken: autologin,
      passwordChangeRequired,
      reconsentRequired:
        member !== undefined && (await pendingReconsent(knex, account.id, services.clock.now())) !== null,
    };
  }

  @Mutation(() => AccessToken, {
    description: 'Exchanges an autologin token for an access token, while personalised cookies stay allowed.',
  })
  async autologin(
    @Arg('autologinToken', () => String) token: string,
    @Ctx() { services }: GatewayContext,
  ): Promise<AccessToken> {
    const claims = await autologinTokens(services.keys, services.config.issuer, services.config.audience).verify(token);
    const sv = claims ? await activeSession(services.knex, claims.memberId) : null;
    // A token issued before the current cookie choice was made (turned off and on again since) stays dead.
    const since = claims && sv !== null ? await personalisedSince(services, claims.memberId) : null;
    if (!claims || sv === null || sv !== claims.sv || since === null || claims.at < since) {
      throw gatewayError('UNAUTHENTICATED', 'The autologin token is invalid or expired.');
    }
    const purposes = purposesFor({ kind: 'MEMBER', role: null });
    const accessToken = await services.tokens.issue({
      sub: claims.memberId,
      kind: 'MEMBER',
      role: null,
      purposes,
      sv,
    });
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      purposes,
      autologinToken: null,
      passwordChangeRequired: false,
      reconsentRequired: (await pendingReconsent(services.knex, claims.memberId, services.clock.now())) !== null,
    };
  }

  @Mutation(() => AccessToken, {
    description:
      'Staff: replaces the password (a one-time one included); every earlier token stops and a fresh one is returned.',
  })
  async changeStaffPassword(
    @Arg('currentPassword', () => String) currentPassword: string,
    @Arg('newPassword', () => String) newPassword: string,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AccessToken> {
    const { knex, tokens } = ctx.services;
    const id = ctx.principal.id;
    const row = await knex('staff').first('password_hash as hash', 'role').where({ id });
    await requireSecret(
      ctx.services.throttles.reauthentication,
      `STAFF:${id}`,
      ctx.clientIp,
      () => verifySecret(row?.hash ?? undefined, currentPassword),
      () => gatewayError('UNAUTHENTICATED', 'The current password is incorrect.', { field: 'currentPassword' }),
    );
    if (!row) throw gatewayError('UNAUTHENTICATED', 'The current password is incorrect.', { field: 'currentPassword' });
    if (newPassword === currentPassword)
      throw gatewayError('BAD_USER_INPUT', 'The new password must differ from the current one.', {
        field: 'newPassword',
      });
    const hash = await hashSecret(checkPassword(newPassword, 'newPassword'));
    const sv = await processInTransaction(ctx, info, async (trx, record) => {
      await trx('staff')
        .where({ id })
        .update({ password_hash: hash, must_change_password: false })
        .increment('session_version', 1);
      record(null, 'ADMIN', [`staff:${id}.password`]);
      return (await trx('staff').first('session_version as sv').where({ id })).sv as number;
    });
    const purposes = purposesFor({ kind: 'STAFF', role: row.role });
    const accessToken = await tokens.issue({ sub: id, kind: 'STAFF', role: row.role, purposes, sv });
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      purposes,
      autologinToken: null,
      passwordChangeRequired: false,
      reconsentRequired: false,
    };
  }

  @Mutation(() => Boolean, {
    description:
      'Ends every session of the caller (member, staff, guardian or API client): all of its tokens stop working at once.',
  })
  async logout(@Ctx() { principal, services }: GatewayContext): Promise<boolean> {
    const { knex } = services;
    switch (principal.kind) {
      case 'MEMBER':
        await endMemberSessions(knex, principal.id);
        break;
      case 'STAFF':
        await knex('staff').where({ id: principal.id }).increment('session_version', 1);
        break;
      // One person behind every guardian row with this contact (one per child): all of their sessions end.
      case 'GUARDIAN': {
        const contact = knex('guardian').select('contact').where({ id: principal.id });
        await knex('guardian').whereIn('contact', contact).increment('session_version', 1);
        break;
      }
      case 'PARTNER':
      case 'CONSIGNEE':
        await endClientSessions(knex, principal.id);
        break;
      default:
        throw gatewayError('UNAUTHENTICATED', 'Only a logged-in principal can log out.');
    }
    return true;
  }
}
