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
import { pendingReconsent } from '../consent/reconsent';
import { endClientSessions } from '../client';
import { activeMemberLogin, activeSession, endMemberSessions } from '../member';
import { enabledStaffLogin, endStaffSessions, setStaffPassword, staffPasswordHash } from '../staff';
import type { StaffSession } from '../staff';
import { endGuardianSessions } from '../guardian';
import { personalisedSince } from '../cookie';

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
    let staff: (StaffSession & { hash: string | null }) | undefined;
    await requireSecret(
      throttles.login,
      loginId,
      clientIp,
      async () => {
        // Members and staff are separate namespaces: a member may hold a staff member's login id (sign-up never
        // reveals staff ids). Both hashes are always checked, a decoy standing in for an account that does not
        // exist, so the answer and its time say nothing about which namespaces hold the id.
        const [m, st] = await Promise.all([activeMemberLogin(knex, loginId), enabledStaffLogin(knex, loginId)]);
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
    const role = staff?.role ?? null;
    const passwordChangeRequired = Boolean(staff?.mustChange);
    const purposes = passwordChangeRequired ? [] : purposesFor({ kind, role });
    const accessToken = await tokens.issue({ sub: account.id, kind, role, purposes, sv: account.sv });
    const autologin =
      remember && member && (await personalisedSince(services.knex, account.id)) !== null
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
    const since = claims && sv !== null ? await personalisedSince(services.knex, claims.memberId) : null;
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
    const row = await staffPasswordHash(knex, id);
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
      const sv = await setStaffPassword(trx, id, hash);
      record(null, 'ADMIN', [`staff:${id}.password`]);
      return sv;
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
        await endStaffSessions(knex, principal.id);
        break;
      // One person behind every guardian row with this contact (one per child): all of their sessions end.
      case 'GUARDIAN':
        await endGuardianSessions(knex, principal.id);
        break;
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
