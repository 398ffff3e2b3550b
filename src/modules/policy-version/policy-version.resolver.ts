import { randomUUID } from 'node:crypto';
import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { gatewayError } from '../../errors';
import { checkText } from '../../validation';
import { PolicyDocument } from '../public/public.type';

@ObjectType({ description: 'A notice on the homepage (§15).' })
export class NoticeItem {
  @Field(() => ID) id!: string;
  @Field(() => String) title!: string;
  @Field(() => String) body!: string;
  @Field(() => Int, { nullable: true }) policyVersion!: number | null;
  @Field(() => String) postedAt!: string;
}

@Resolver()
export class PolicyVersionResolver {
  @Mutation(() => PolicyDocument, { description: 'Publishes a new policy version and posts its notice (§15). Privacy officer.' })
  async publishPolicyVersion(
    @Arg('text', () => String) text: string,
    @Arg('enforcedFrom', () => String, { description: 'YYYY-MM-DD, today or later.' }) enforcedFrom: string,
    @Arg('requiresReconsent', () => Boolean) requiresReconsent: boolean,
    @Ctx() ctx: GatewayContext,
  ): Promise<PolicyDocument> {
    const body = checkText(text, 'text', 200_000);
    const today = ctx.now.toISOString().slice(0, 10);
    const parsed = new Date(`${enforcedFrom}T00:00:00Z`);
    const real = !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === enforcedFrom;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(enforcedFrom) || !real || enforcedFrom < today) {
      throw gatewayError('BAD_USER_INPUT', 'enforcedFrom must be a date, today or later.', { field: 'enforcedFrom' });
    }
    return ctx.services.knex.transaction(async (trx) => {
      const { v } = (await trx('policy_version').max({ v: 'version' }).first()) ?? {};
      const version = Number(v ?? 0) + 1;
      await trx('policy_version').insert({ version, text: body, enforced_from: enforcedFrom, requires_reconsent: requiresReconsent, published_at: ctx.now });
      await trx('notice').insert({
        id: randomUUID(), policy_version: version, posted_at: ctx.now,
        title: `Privacy policy version ${version}, in force from ${enforcedFrom}`,
        body: requiresReconsent
          ? 'The personal information processing policy changes. You will be asked to agree again at your next log-in.'
          : 'The personal information processing policy changes. Please review the new version.',
      });
      return { version, text: body, enforcedFrom, requiresReconsent };
    });
  }

  @Query(() => [NoticeItem], { description: 'Notices, newest first.' })
  async notices(@Ctx() ctx: GatewayContext): Promise<NoticeItem[]> {
    const rows = await ctx.services.knex('notice').select('*').orderBy('posted_at', 'desc').limit(100);
    return rows.map((r: Record<string, unknown>) => ({
      id: r.id as string, title: r.title as string, body: r.body as string,
      policyVersion: r.policy_version == null ? null : Number(r.policy_version), postedAt: new Date(r.posted_at as string).toISOString(),
    }));
  }
}
