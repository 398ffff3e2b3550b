import { randomUUID } from 'node:crypto';
import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { gatewayError } from '../../errors';
import { checkText } from '../../validation';
import { retentionDays } from '../../db/baseline';
import { publishRendered } from '../policy-document';
import { TemplateError, readTemplate } from '../policy-document';
import { PolicyDocument } from '../public';
import { toStoredVersion, VERSION_COLUMNS } from './stored-version';

@ObjectType({ description: 'A notice on the homepage (§15).' })
export class NoticeItem {
  @Field(() => ID) id!: string;
  @Field(() => String) title!: string;
  @Field(() => String) body!: string;
  @Field(() => Int, { nullable: true }) policyVersion!: number | null;
  @Field(() => String) postedAt!: string;
}

function checkDate(value: string, today: string): string {
  const parsed = new Date(`${value}T00:00:00Z`);
  const real =
    /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
  if (!real || value < today)
    throw gatewayError('BAD_USER_INPUT', 'enforcedFrom must be a date, today or later.', { field: 'enforcedFrom' });
  return value;
}

@Resolver()
export class PolicyVersionResolver {
  @Mutation(() => PolicyDocument, {
    description:
      'Renders the policy from the template and what the gateway enforces now, publishes it as a new frozen version and posts its notice (§15). Privacy officer.',
  })
  async publishPolicyVersion(
    @Arg('enforcedFrom', () => String, {
      description: 'YYYY-MM-DD, today or later, and after the newest published version’s.',
    })
    enforcedFrom: string,
    @Arg('requiresReconsent', () => Boolean) requiresReconsent: boolean,
    @Arg('template', () => String, {
      nullable: true,
      description: 'A template to render instead of the configured file (same format).',
    })
    template: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<PolicyDocument> {
    const from = checkDate(enforcedFrom, ctx.now.toISOString().slice(0, 10));
    const source =
      template == null ? readTemplate(ctx.services.config.policyTemplate) : checkText(template, 'template', 200_000);
    const published = await ctx.services.knex.transaction(async (trx) => {
      const newest = await trx('policy_version').first('version', 'enforced_from').orderBy('version', 'desc');
      // Versions take effect in the order they are numbered, so a later one can never be overtaken by an earlier date.
      if (newest && from <= String(newest.enforced_from)) {
        throw gatewayError(
          'BAD_USER_INPUT',
          `enforcedFrom must be after ${String(newest.enforced_from)}, when version ${Number(newest.version)} takes effect.`,
          { field: 'enforcedFrom' },
        );
      }
      const version = Number(newest?.version ?? 0) + 1;
      try {
        await publishRendered(trx, {
          version,
          enforcedFrom: from,
          requiresReconsent,
          template: source,
          days: retentionDays(ctx.services),
          now: ctx.now,
        });
      } catch (err) {
        if (!(err instanceof TemplateError)) throw err;
        throw err.code === 'OFFICER_MISSING'
          ? gatewayError('CONFLICT', `The policy cannot be rendered: ${err.message}.`, { field: 'officer' })
          : gatewayError('BAD_USER_INPUT', `The policy cannot be rendered: ${err.message}.`, { field: 'template' });
      }
      await trx('notice').insert({
        id: randomUUID(),
        policy_version: version,
        posted_at: ctx.now,
        title: `Privacy policy version ${version}, in force from ${from}`,
        body: requiresReconsent
          ? 'The personal information processing policy changes. You will be asked to agree again at your next log-in.'
          : 'The personal information processing policy changes. Please review the new version.',
      });
      return toStoredVersion(await trx('policy_version').first(VERSION_COLUMNS).where({ version }));
    });
    return published;
  }

  @Query(() => [NoticeItem], { description: 'Notices, newest first.' })
  async notices(@Ctx() ctx: GatewayContext): Promise<NoticeItem[]> {
    const rows = await ctx.services.knex('notice').select('*').orderBy('posted_at', 'desc').limit(100);
    return rows.map((r: Record<string, unknown>) => ({
      id: r.id as string,
      title: r.title as string,
      body: r.body as string,
      policyVersion: r.policy_version == null ? null : Number(r.policy_version),
      postedAt: new Date(r.posted_at as string).toISOString(),
    }));
  }
}
