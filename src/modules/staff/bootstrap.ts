import os from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Knex } from '@mikro-orm/knex';
import { hashSecret } from '../../crypto/password';
import type { AccessLogWriter } from '../../audit/writer';
import type { AccessRecord } from '../../audit/chain';
import { LOGIN_ID } from '../../validation';
import { oneTimeSecret } from '../admin';
import { changed } from '../admin';
import { loginIdTaken } from './staff.store';

/** The console operator, as the access log names them: who ran the command, on which machine. */
function operatorRecord(command: string, fields: string[]): AccessRecord {
  const who = `${os.userInfo().username}@${os.hostname()}`;
  return {
    requestId: randomUUID(),
    at: new Date(),
    accessorId: `operator:${who}`.slice(0, 36),
    accessorKind: 'OPERATOR',
    accessorRole: null,
    accessorName: `${who} (admin command)`.slice(0, 100),
    clientIp: '',
    memberId: null,
    action: 'ADMIN',
    purpose: 'ADMINISTRATION',
    legalBasis: null,
    fields,
    denied: {},
    operationName: command,
  };
}

/**
 * The first administrator (or another, when every administrator is locked out): an ADMIN account with a one-time
 * password, returned once. The account and its log row commit together.
 */
export async function createAdmin(knex: Knex, log: AccessLogWriter, loginId: string, name: string): Promise<string> {
  if (!LOGIN_ID.test(loginId))
    throw new Error('loginId must be 3-32 characters: lower-case letters, digits, ".", "_" or "-"');
  if (await loginIdTaken(knex, loginId)) throw new Error(`the login id ${loginId} is taken`);
  const id = randomUUID();
  const password = oneTimeSecret();
  const password_hash = await hashSecret(password);
  await log.inTransaction(async (trx) => {
    await trx('staff').insert({
      id,
      login_id: loginId,
      name,
      role: 'ADMIN',
      password_hash,
      must_change_password: true,
      session_version: 1,
    });
    return {
      result: null,
      records: [operatorRecord('create-admin', changed('staff', id, ['loginId', 'name', 'role', 'password']))],
    };
  });
  return password;
}

/** A one-time password for a staff account whose owner is locked out; the account is enabled and its tokens end. */
export async function resetStaffPassword(knex: Knex, log: AccessLogWriter, loginId: string): Promise<string> {
  const row = await knex('staff').first('id').where({ login_id: loginId });
  if (!row) throw new Error(`no staff account has the login id ${loginId}`);
  const password = oneTimeSecret();
  const password_hash = await hashSecret(password);
  await log.inTransaction(async (trx) => {
    await trx('staff')
      .where({ id: row.id })
      .update({ password_hash, must_change_password: true, disabled_at: null })
      .increment('session_version', 1);
    return {
      result: null,
      records: [operatorRecord('reset-password', changed('staff', row.id, ['password', 'disabled']))],
    };
  });
  return password;
}
