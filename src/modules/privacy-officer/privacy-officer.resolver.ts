import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Mutation, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { gatewayError } from '../../errors';
import { checkEmail, checkName, checkPhone, checkText } from '../../validation';
import { adminChange, changed } from '../admin';
import { staffAccount } from '../staff';
import { PrivacyOfficer } from '../public';

@Resolver()
export class PrivacyOfficerResolver {
  @Mutation(() => PrivacyOfficer, {
    description:
      'Designates the one privacy officer (§12) and the contact `privacyOfficer` publishes. To hand over, name the current officer’s staff id in `replacing`.',
  })
  async designatePrivacyOfficer(
    @Arg('staffId', () => ID, { description: 'A staff account in role PRIVACY_OFFICER.' }) staffId: string,
    @Arg('name', () => String, { description: 'The name published for the officer.' }) name: string,
    @Arg('affiliation', () => String) affiliation: string,
    @Arg('position', () => String) position: string,
    @Arg('email', () => String) email: string,
    @Arg('phone', () => String) phone: string,
    @Arg('replacing', () => ID, {
      nullable: true,
      description: 'The staff id of the officer this designation replaces.',
    })
    replacing: string | null,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<PrivacyOfficer> {
    const published = {
      name: checkName(name),
      affiliation: checkText(affiliation, 'affiliation', 100),
      position: checkText(position, 'position', 100),
      email: checkEmail(email),
      phone: checkPhone(phone),
    };
    const account = await staffAccount(ctx.services.knex, staffId);
    if (account.role !== 'PRIVACY_OFFICER' || account.disabled) {
      throw gatewayError(
        'BAD_USER_INPUT',
        'The privacy officer must be an enabled staff account in role PRIVACY_OFFICER.',
        { field: 'staffId' },
      );
    }
    return adminChange(ctx, info, async (trx) => {
      const current = await trx('privacy_officer').first('staff_id').where({ slot: 1 });
      if (current && current.staff_id !== (replacing ?? null) && current.staff_id !== account.id) {
        throw gatewayError(
          'CONFLICT',
          'A privacy officer is already designated; name that officer’s staff id in `replacing` to hand over.',
          { field: 'replacing' },
        );
      }
      if (current) await trx('privacy_officer').where({ slot: 1 }).delete();
      await trx('privacy_officer').insert({ slot: 1, staff_id: account.id, ...published, designated_at: ctx.now });
      return { result: published, fields: changed('privacy_officer', account.id, Object.keys(published)) };
    });
  }
}
