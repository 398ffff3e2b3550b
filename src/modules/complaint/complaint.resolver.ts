import { randomUUID } from 'node:crypto';
import { Arg, Ctx, Field, FieldResolver, ID, Info, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../../context';
import { processInTransaction } from '../../audit/in-transaction';
import { gatewayError } from '../../errors';
import { checkContact, checkText } from '../../validation';
import { MemberNode } from '../member';
import type { MemberView } from '../member';
import { isoTime as iso } from '../../db/iso-time';
import type { Knex } from '@mikro-orm/knex';
import { messageAllowed } from '../verification/message-throttle';
import { channelOf } from '../notification';

@ObjectType({ description: 'A privacy complaint (§11) and its answer.' })
export class ComplaintItem {
  @Field(() => ID) id!: string;
  @Field(() => String) subject!: string;
  @Field(() => String) body!: string;
  @Field(() => String, { nullable: true, description: 'Where a visitor asked to be answered.' }) contact!:
    string | null;
  @Field(() => String, { description: 'OPEN, ANSWERED or CLOSED.' }) status!: string;
  @Field(() => String, { nullable: true }) answer!: string | null;
  @Field(() => String) createdAt!: string;
  @Field(() => String, { nullable: true }) answeredAt!: string | null;
}

const toItem = (r: Record<string, unknown>): ComplaintItem => ({
  id: r.id as string,
  subject: r.subject as string,
  body: r.body as string,
  contact: (r.contact as string | null) ?? null,
  status: r.status as string,
  answer: (r.answer as string | null) ?? null,
  createdAt: iso(r.created_at)!,
  answeredAt: iso(r.answered_at),
});

@Resolver(() => MemberNode)
export class ComplaintResolver {
  @Mutation(() => ComplaintItem, {
    description: 'Files a complaint with the privacy officer; a visitor who is not logged in gives a contact.',
  })
  async submitComplaint(
    @Arg('subject', () => String) subject: string,
    @Arg('body', () => String) body: string,
    @Arg('contact', () => String, { nullable: true }) contact: string | null,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ComplaintItem> {
    const memberId = ctx.principal.kind === 'MEMBER' ? ctx.principal.id : null;
    if (!memberId && contact == null)
      throw gatewayError('BAD_USER_INPUT', 'A visitor must give a contact for the answer.', { field: 'contact' });
    const row = {
      id: randomUUID(),
      member_id: memberId,
      contact: contact == null ? null : checkContact(contact, 'contact'),
      subject: checkText(subject, 'subject', 200),
      body: checkText(body, 'body', 5000),
      status: 'OPEN',
      answer: null,
      created_at: ctx.now,
      answered_at: null,
      closed_at: null,
    };
    // INPUT of what the complaint holds: the member's words, or a visitor's contact (a row naming no member).
    return processInTransaction(ctx, info, async (trx, record) => {
      await trx('complaint').insert(row);
      record(memberId, 'INPUT', row.contact === null ? ['complaint'] : ['complaint', 'contact']);
      return toItem(row);
    });
  }

  @Query(() => [ComplaintItem], { description: 'Complaints, oldest open first. Privacy officer.' })
  async complaints(
    @Arg('status', () => String, { nullable: true }) status: string | null,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ComplaintItem[]> {
    const q = ctx.services.knex('complaint').select('*').orderBy('created_at').limit(500);
    if (status != null) q.where({ status });
    const rows = (await q) as Record<string, unknown>[];
    // A row per member whose complaint was read, and one (no member) for visitors' complaints with their contacts.
    const whose = new Set(rows.map((r) => (r.member_id as string | null) ?? null));
    [...whose].forEach((memberId, i) =>
      ctx.access.process(memberId, 'VIEW', ['complaints'], i === 0 ? info.path : undefined),
    );
    return rows.map(toItem);
  }

  @Mutation(() => ComplaintItem, {
    description:
      'Answers a complaint. Privacy officer. A visitor’s answer is sent to the contact given (throttled per contact like every message), with nothing the visitor wrote in it.',
  })
  async answerComplaint(
    @Arg('id', () => ID) id: string,
    @Arg('answer', () => String) answer: string,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ComplaintItem> {
    const text = checkText(answer, 'answer', 5000);
    const { knex, notifier } = ctx.services;
    const filed = /^[0-9a-f-]{36}$/.test(id)
      ? await knex('complaint').first('member_id', 'contact').where({ id })
      : undefined;
    const to = filed && filed.member_id == null ? (filed.contact as string | null) : null;
    if (to !== null) await messageAllowed(ctx, to);
    const item = await this.update(
      ctx,
      info,
      id,
      ['OPEN', 'ANSWERED'],
      { status: 'ANSWERED', answer: text, answered_at: ctx.now },
      async (trx) => {
        if (to === null) return;
        // Only the officer's words go out: a visitor's subject or body never reaches the contact they named.
        await notifier.enqueue(
          trx,
          {
            channel: channelOf(to),
            recipient: to,
            subject: 'The answer to your privacy complaint to bettra',
            body: text,
          },
          ctx.now,
        );
      },
    );
    if (to !== null) void notifier.flush(ctx.now);
    return item;
  }

  @Mutation(() => ComplaintItem, { description: 'Closes a complaint. Privacy officer.' })
  closeComplaint(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ComplaintItem> {
    return this.update(ctx, info, id, ['OPEN', 'ANSWERED'], { status: 'CLOSED', closed_at: ctx.now });
  }

  @FieldResolver(() => [ComplaintItem], {
    name: 'complaints',
    nullable: true,
    description: 'The member’s complaints and their answers. SELF_SERVICE only.',
  })
  async memberComplaints(@Root() member: MemberView, @Ctx() ctx: GatewayContext): Promise<ComplaintItem[]> {
    return (await ctx.services.knex('complaint').select('*').where({ member_id: member.id }).orderBy('created_at')).map(
      toItem,
    );
  }

  /** The change and its access-log row (CHANGE of the member's complaint, or of a visitor's) commit together. */
  private update(
    ctx: GatewayContext,
    info: GraphQLResolveInfo,
    id: string,
    from: string[],
    change: Record<string, unknown>,
    alongside: (trx: Knex.Transaction) => Promise<void> = async () => undefined,
  ): Promise<ComplaintItem> {
    return processInTransaction(ctx, info, async (trx, record) => {
      const updated = await trx('complaint').where({ id }).whereIn('status', from).update(change);
      if (updated === 0) throw gatewayError('NOT_FOUND', 'No open complaint with that id.');
      await alongside(trx);
      const row = await trx('complaint').first('*').where({ id });
      record(row.member_id ?? null, 'CHANGE', ['complaints']);
      return toItem(row);
    });
  }
}
