import { Arg, Ctx, Field, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { gatewayError } from '../../errors';
import { verifySecret } from '../../crypto/password';
import { purposesFor } from '../../policy/purposes';
import { ACCESS_TOKEN_TTL_SECONDS } from '../../auth/tokens';

@ObjectType()
export class AccessToken {
  @Field(() => String)
  accessToken!: string;

  @Field(() => String)
  tokenType!: string;

  @Field(() => Int, { description: 'Seconds until the token expires.' })
  expiresIn!: number;

  @Field(() => [String], { description: 'The purposes this token may declare in X-Purpose.' })
  purposes!: string[];
}

const INVALID_LOGIN = 'The login id or password is incorrect.';

@Resolver()
export class AuthResolver {
  @Mutation(() => AccessToken, { description: 'Log in as a member or staff; send the token as `Authorization: Bearer …`.' })
  async login(
    @Arg('loginId', () => String) loginId: string,
    @Arg('password', () => String) password: string,
    @Ctx() { services }: GatewayContext,
  ): Promise<AccessToken> {
    const { knex, tokens } = services;
    const member = await knex('member')
      .first('id', 'password_hash as hash', 'session_version as sv')
      .where({ login_id: loginId, status: 'ACTIVE' });
    const staff = member
      ? undefined
      : await knex('staff').first('id', 'password_hash as hash', 'session_version as sv', 'role').where({ login_id: loginId });
    const account = member ?? staff;
    // Unknown ids are verified against a decoy hash so both failures take the same time and answer the same.
    if (!(await verifySecret(account?.hash ?? undefined, password)) || !account) {
      throw gatewayError('UNAUTHENTICATED', INVALID_LOGIN);
    }
    const kind = member ? 'MEMBER' : 'STAFF';
    const role: string | null = staff?.role ?? null;
    const purposes = purposesFor({ kind, role: role as never });
    const accessToken = await tokens.issue({ sub: account.id, kind, role, purposes, sv: account.sv });
    return { accessToken, tokenType: 'Bearer', expiresIn: ACCESS_TOKEN_TTL_SECONDS, purposes };
  }

  @Mutation(() => Boolean, { description: 'Ends every session of the caller: all of its tokens stop working at once.' })
  async logout(@Ctx() { principal, services }: GatewayContext): Promise<boolean> {
    const table = principal.kind === 'MEMBER' ? 'member' : principal.kind === 'STAFF' ? 'staff' : null;
    if (!table) throw gatewayError('UNAUTHENTICATED', 'Only a logged-in member or staff can log out.');
    await services.knex(table).where({ id: principal.id }).increment('session_version', 1);
    return true;
  }
}
