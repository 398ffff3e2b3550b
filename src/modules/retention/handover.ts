import { randomUUID } from 'node:crypto';
import type { Knex } from '@mikro-orm/knex';
import { decryptField, encryptField, newWrappedDataKey, unwrapDataKey } from '../../crypto/field-cipher';
import { RETENTION, type RetentionCategory } from './categories';
import { isoTime as iso } from '../../db/iso-time';

const DAY_MS = 86_400_000;

/** The minimum each legal basis needs, read from the live data of one withdrawn member. */
async function retainedPayloads(knex: Knex, masterKey: Buffer, id: string): Promise<Partial<Record<RetentionCategory, Record<string, unknown>>>> {
  const m = await knex('member').first('*').where({ id });
  const dataKey = m.wrapped_data_key ? unwrapDataKey(masterKey, m.wrapped_data_key, id) : null;
  const open = (field: string, sealed: string | null) => (sealed && dataKey ? decryptField(dataKey, id, field, sealed) : null);
  const [consents, settlements, complaints] = await Promise.all([
    knex('consent').select('purpose', 'recipient', 'policy_version', 'granted_at', 'withdrawn_at', 'given_by').where({ member_id: id }),
    knex('assignment').select('consignee_id', 'kind', 'created_at').where({ member_id: id }),
    knex('complaint').select('subject', 'body', 'status', 'answer', 'created_at', 'answered_at', 'closed_at').where({ member_id: id }),
  ]);
  const out: Partial<Record<RetentionCategory, Record<string, unknown>>> = {
    CONTRACT_WITHDRAWAL: {
      loginId: m.login_id, name: m.name, email: m.email, joinedAt: iso(m.created_at), withdrawnAt: iso(m.withdrawn_at),
      consents: consents.map((c: Record<string, unknown>) => ({ purpose: c.purpose, recipient: c.recipient, policyVersion: c.policy_version, grantedAt: iso(c.granted_at), withdrawnAt: iso(c.withdrawn_at), givenBy: c.given_by })),
    },
  };
  const bankAccount = open('bankAccount', m.bank_account_sealed);
  const cardNumber = open('cardNumber', m.card_number_sealed);
  if (settlements.length > 0 || bankAccount || cardNumber) {
    out.PAYMENT_SUPPLY = {
      name: m.name, bankAccount, cardNumber,
      supplies: settlements.map((a: Record<string, unknown>) => ({ consigneeId: a.consignee_id, kind: a.kind, at: iso(a.created_at) })),
    };
  }
  if (complaints.length > 0) {
    out.COMPLAINT = { name: m.name, complaints: complaints.map((c: Record<string, unknown>) => ({ ...c, created_at: iso(c.created_at), answered_at: iso(c.answered_at), closed_at: iso(c.closed_at) })) };
  }
  if (m.signup_ip || m.browser) out.VISIT_LOG = { signupIp: m.signup_ip, browser: m.browser, os: m.os, inflowRoute: m.inflow_route, at: iso(m.created_at) };
  return out;
}

/**
 * Hands one withdrawn member over to the separate store (§4, §5), in two idempotent steps: (1) the retained
 * records, each sealed under a data key of its own, are upserted into the retention store; (2) the live personal
 * data is destroyed and the member marked handed over. A crash between the steps leaves the member withdrawn
 * (unreadable) and still pending, and the next run repeats both steps without duplicating anything.
 */
export async function handOver(knex: Knex, masterKey: Buffer, memberId: string, now: Date): Promise<RetentionCategory[]> {
  const member = await knex('member').first('status', 'withdrawn_at', 'handed_over_at').where({ id: memberId });
  if (!member || member.status !== 'WITHDRAWN' || member.handed_over_at !== null) return [];
  const withdrawnAt = new Date(member.withdrawn_at ?? now);
  const payloads = await retainedPayloads(knex, masterKey, memberId);
  const categories = Object.keys(payloads) as RetentionCategory[];
  await knex.transaction(async (trx) => {
    const rows = categories.map((category) => {
      const id = randomUUID();
      const wrapped = newWrappedDataKey(masterKey, id);
      const payload = encryptField(unwrapDataKey(masterKey, wrapped, id), id, 'payload', JSON.stringify(payloads[category]));
      return {
        id, member_ref: memberId, category, legal_basis: RETENTION[category].basis, retained_at: now,
        expires_at: new Date(withdrawnAt.getTime() + RETENTION[category].days * DAY_MS), wrapped_key: wrapped, payload,
      };
    });
    await trx('retention.retained_record').insert(rows).onConflict(['member_ref', 'category']).ignore();
  });
  await knex.transaction(async (trx) => {
    const guardianIds = await trx('guardian').where({ child_id: memberId }).pluck('id');
    if (guardianIds.length > 0) await trx('verification_code').whereIn('guardian_id', guardianIds).del();
    await trx('guardian').where({ child_id: memberId }).del();
    for (const table of ['consent', 'correction_request', 'assignment', 'complaint', 'cookie_preference']) {
      await trx(table).where({ member_id: memberId }).del();
    }
    await trx('member').where({ id: memberId }).update({
      // The login id and email become free again; the row stays so the access log's member ids keep a referent.
      login_id: `withdrawn:${memberId}`, password_hash: null, name: '', email: null, phone: null, address: null,
      delivery_area: null, birth_date: null, gender: null, wrapped_data_key: null, bank_account_sealed: null,
      card_number_sealed: null, signup_ip: null, browser: null, os: null, inflow_route: null, handed_over_at: now,
    });
  });
  return categories;
}
