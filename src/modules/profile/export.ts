import type { Knex } from '@mikro-orm/knex';
import { decryptField, unwrapDataKey } from '../../crypto/field-cipher';
import { fromRow, type AccessLogRow } from '../../audit/rows';
import { whereMember } from '../../audit/member-rows';
import { isoTime as iso } from '../../db/iso-time';
import { consentRecords } from '../consent';

/** Every item held about one member, and nothing about anyone else (§7, §13). */
export async function exportMemberData(
  trx: Knex.Transaction,
  masterKey: Buffer,
  id: string,
  now: Date,
): Promise<Record<string, unknown>> {
  const m = await trx('member').first('*').where({ id });
  const history = trx('access_log').select('*').orderBy('seq');
  await whereMember(trx, history, id, null);
  const dataKey = m.wrapped_data_key ? unwrapDataKey(masterKey, m.wrapped_data_key, id) : null;
  const open = (field: string, sealed: string | null) =>
    sealed && dataKey ? decryptField(dataKey, id, field, sealed) : null;
  // One after another: a transaction is one connection, and PostgreSQL's client takes one query at a time.
  const guardians = await trx('guardian')
    .select('name', 'contact', 'verified_at', 'verification_method')
    .where({ child_id: id });
  const consents = await consentRecords(trx, id);
  const corrections = await trx('correction_request')
    .select('field', 'new_value', 'reason', 'status', 'requested_at', 'resolved_at')
    .where({ member_id: id });
  const complaints = await trx('complaint')
    .select('subject', 'body', 'contact', 'status', 'answer', 'created_at', 'answered_at', 'closed_at')
    .where({ member_id: id });
  const cookies = await trx('cookie_preference').first('personalised', 'updated_at').where({ member_id: id });
  const assignments = await trx('assignment as a')
    .join('api_client as c', 'c.id', 'a.consignee_id')
    .select('a.kind', 'c.name as consignee', 'a.created_at')
    .where({ 'a.member_id': id });
  const log = (await history) as AccessLogRow[];
  return {
    exportedAt: now.toISOString(),
    profile: {
      id,
      loginId: m.login_id,
      status: m.status,
      name: m.name,
      email: m.email,
      phone: m.phone,
      address: m.address,
      deliveryArea: m.delivery_area,
      birthDate: m.birth_date,
      gender: m.gender,
      bankAccount: open('bankAccount', m.bank_account_sealed),
      cardNumber: open('cardNumber', m.card_number_sealed),
      signupIp: m.signup_ip,
      browser: m.browser,
      os: m.os,
      inflowRoute: m.inflow_route,
      createdAt: iso(m.created_at),
    },
    guardians: guardians.map((g: Record<string, unknown>) => ({
      name: g.name,
      contact: g.contact,
      verifiedAt: iso(g.verified_at),
      verificationMethod: g.verification_method,
    })),
    consents: consents.map((c: Record<string, unknown>) => ({
      purpose: c.purpose,
      recipient: c.recipient,
      recipientListing: c.recipient_listing ?? null,
      policyVersion: c.policy_version,
      grantedAt: iso(c.granted_at),
      withdrawnAt: iso(c.withdrawn_at),
      method: c.method,
      givenBy: c.given_by,
    })),
    corrections: corrections.map((c: Record<string, unknown>) => ({
      field: c.field,
      newValue: c.new_value,
      reason: c.reason,
      status: c.status,
      requestedAt: iso(c.requested_at),
      resolvedAt: iso(c.resolved_at),
    })),
    complaints: complaints.map((c: Record<string, unknown>) => ({
      subject: c.subject,
      body: c.body,
      contact: c.contact,
      status: c.status,
      answer: c.answer,
      createdAt: iso(c.created_at),
      answeredAt: iso(c.answered_at),
      closedAt: iso(c.closed_at),
    })),
    cookiePreference: cookies
      ? { personalised: Boolean(cookies.personalised), updatedAt: iso(cookies.updated_at) }
      : null,
    entrustedWork: assignments.map((a: Record<string, unknown>) => ({
      kind: a.kind,
      consignee: a.consignee,
      createdAt: iso(a.created_at),
    })),
    accessHistory: log.map(fromRow).map((r) => ({
      at: r.at.toISOString(),
      accessorKind: r.accessorKind,
      accessorName: r.accessorName,
      action: r.action,
      purpose: r.purpose,
      fields: r.fields,
      denied: r.denied,
    })),
  };
}

const holdsEntries = (v: unknown): boolean => (Array.isArray(v) ? v.length > 0 : typeof v === 'object' && v !== null);

/** What an export holds, for its DOWNLOAD row: each profile field, then each other section with something in it. */
export const exportedFields = (data: Record<string, unknown>): string[] => [
  ...Object.keys(data.profile as object),
  ...Object.entries(data)
    .filter(([k, v]) => k !== 'profile' && holdsEntries(v))
    .map(([k]) => k),
];
