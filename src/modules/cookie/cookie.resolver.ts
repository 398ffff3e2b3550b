import { randomBytes, randomUUID } from 'node:crypto';
import { Arg, Ctx, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { gatewayError } from '../../errors';

@ObjectType({
  description: 'Cookie choices (§8). Necessary cookies are always on; personalised ones only when allowed.',
})
export class CookiePreferences {
  @Field(() => String, { nullable: true, description: 'The visitor id to keep, for a visitor who is not logged in.' })
  visitorId!: string | null;

  @Field(() => Boolean)
  necessary!: boolean;

  @Field(() => Boolean)
  personalised!: boolean;
}

@Resolver()
export class CookieResolver {
  @Mutation(() => CookiePreferences, {
    description:
      'Records the cookie choice of the logged-in member, or of a visitor (a new visitor id is issued when none is given).',
  })
  async setCookiePreferences(
    @Arg('personalised', () => Boolean) personalised: boolean,
    @Arg('visitorId', () => String, { nullable: true }) visitorIdInput: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<CookiePreferences> {
    const { knex } = ctx.services;
    const member = ctx.principal.kind === 'MEMBER' ? ctx.principal.id : null;
    if (!member && visitorIdInput != null && !/^[A-Za-z0-9_-]{16,64}$/.test(visitorIdInput)) {
      throw gatewayError('BAD_USER_INPUT', 'visitorId is not one this gateway issued.', { field: 'visitorId' });
    }
    const visitorId = member ? null : (visitorIdInput ?? randomBytes(18).toString('base64url'));
    const key = member ? { member_id: member } : { visitor_id: visitorId };
    await knex.transaction(async (trx) => {
      const updated = await trx('cookie_preference').where(key).update({ personalised, updated_at: ctx.now });
      if (updated === 0)
        await trx('cookie_preference').insert({ id: randomUUID(), ...key, personalised, updated_at: ctx.now });
    });
    return { visitorId, necessary: true, personalised };
  }
}
