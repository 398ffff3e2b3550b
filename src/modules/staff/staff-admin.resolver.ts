import { randomUUID } from 'node:crypto';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Mutation, Query, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { gatewayError } from '../../errors';
import { hashSecret } from '../../crypto/password';
import { checkLoginId, checkName } from '../../validation';
import { adminChange, changed, onDuplicate } from '../admin';
import { oneTimeSecret } from '../admin';
import { StaffAccount, StaffCredentials } from './staff.type';
import {
  assertNotDesignatedOfficer,
  assertNotLastAdmin,
  checkRole,
  listStaff,
  loginIdTaken,
  staffAccount,
} from './staff.store';

@Resolver()
export class StaffAdminResolver {
  @Query(() => [StaffAccount], { description: 'Every staff account (ADMIN, ADMINISTRATION).' })
  staffAccounts(@Ctx() ctx: GatewayContext): Promise<StaffAccount[]> {
    return listStaff(ctx.services.knex);
  }

  @Mutation(() => StaffCredentials, {
    description: 'Creates a staff account with a one-time password that must be changed at first log-in.',
  })
  async createStaff(
    @Arg('loginId', () => String) loginId: string,
    @Arg('name', () => String) name: string,
    @Arg('role', () => String) role: string,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<StaffCredentials> {
    const row = { id: randomUUID(), login_id: checkLoginId(loginId), name: checkName(name), role: checkRole(role) };
    if (await loginIdTaken(ctx.services.knex, row.login_id))
      throw gatewayError('CONFLICT', 'That login id is taken.', { field: 'loginId' });
    const oneTimePassword = oneTimeSecret();
    const password_hash = await hashSecret(oneTimePassword);
    await adminChange(ctx, info, async (trx) => {
      await trx('staff').insert({ ...row, password_hash, must_change_password: true, session_version: 1 });
      return { result: null, fields: changed('staff', row.id, ['loginId', 'name', 'role', 'password']) };
    }).catch(onDuplicate('loginId', 'That login id is taken.'));
    return { account: await staffAccount(ctx.services.knex, row.id), oneTimePassword };
  }

  @Mutation(() => StaffAccount, {
    description: 'Gives a staff account another role; its tokens stop, so the new role applies at once.',
  })
  async changeStaffRole(
    @Arg('staffId', () => ID) staffId: string,
    @Arg('role', () => String) role: string,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<StaffAccount> {
    const next = checkRole(role);
    const account = await staffAccount(ctx.services.knex, staffId);
    if (account.role === next) return account;
    await assertNotLastAdmin(ctx.services.knex, account);
    await assertNotDesignatedOfficer(ctx.services.knex, account);
    await adminChange(ctx, info, async (trx) => {
      await trx('staff').where({ id: account.id }).update({ role: next }).increment('session_version', 1);
      return { result: null, fields: changed('staff', account.id, ['role']) };
    });
    return staffAccount(ctx.services.knex, account.id);
  }

  @Mutation(() => StaffAccount, {
    description: 'Disables a staff account: its tokens stop at once and its log-in answers like a wrong password.',
  })
  async disableStaff(
    @Arg('staffId', () => ID) staffId: string,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<StaffAccount> {
    const account = await staffAccount(ctx.services.knex, staffId);
    if (account.disabled) return account;
    await assertNotLastAdmin(ctx.services.knex, account);
    await assertNotDesignatedOfficer(ctx.services.knex, account);
    await adminChange(ctx, info, async (trx) => {
      await trx('staff').where({ id: account.id }).update({ disabled_at: ctx.now }).increment('session_version', 1);
      return { result: null, fields: changed('staff', account.id, ['disabled']) };
    });
    return staffAccount(ctx.services.knex, account.id);
  }

  @Mutation(() => StaffAccount, { description: 'Enables a disabled staff account again.' })
  async enableStaff(
    @Arg('staffId', () => ID) staffId: string,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<StaffAccount> {
    const account = await staffAccount(ctx.services.knex, staffId);
    if (!account.disabled) return account;
    await adminChange(ctx, info, async (trx) => {
      await trx('staff').where({ id: account.id }).update({ disabled_at: null });
      return { result: null, fields: changed('staff', account.id, ['disabled']) };
    });
    return staffAccount(ctx.services.knex, account.id);
  }

  @Mutation(() => StaffCredentials, {
    description: 'Replaces a staff password with a one-time password; the account’s tokens stop at once.',
  })
  async resetStaffPassword(
    @Arg('staffId', () => ID) staffId: string,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<StaffCredentials> {
    const account = await staffAccount(ctx.services.knex, staffId);
    const oneTimePassword = oneTimeSecret();
    const password_hash = await hashSecret(oneTimePassword);
    await adminChange(ctx, info, async (trx) => {
      await trx('staff')
        .where({ id: account.id })
        .update({ password_hash, must_change_password: true })
        .increment('session_version', 1);
      return { result: null, fields: changed('staff', account.id, ['password']) };
    });
    return { account: await staffAccount(ctx.services.knex, account.id), oneTimePassword };
  }
}
