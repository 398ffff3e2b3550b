import { randomUUID } from 'node:crypto';
import type { Knex } from '@mikro-orm/knex';
import { decryptField, encryptField, newWrappedDataKey, unwrapDataKey } from '../../crypto/field-cipher';
import { RETENTION, type RetentionCategory } from './categories';
import { isoTime as iso } from '../../db/iso-time';
import { maskPayment } from '../../policy/mask';
import { addPeriod } from './period';
import {
  DELETED_AT_DESTRUCTION,
  destroyMemberRow,
  storedMember,
  type DeletedAtDestruction,
  type StoredMember,
} from '../member';
import { consentRecords, eraseConsentsOf } from '../consent';
import { eraseAssignmentsOf, settledWorkOf } from '../assignment';
import { complaintsOf, eraseComplaintsOf } from '../complaint';
import { eraseGuardiansOf } from '../guardian';
import { eraseCorrectionsOf } from '../correction';
import { eraseCookiePreferenceOf } from '../cookie';
import { eraseCorrectionNoticesOf, eraseProvisionsOf } from '../provision';
import { eraseRightsRequestsOf } from '../rights-request';
import { eraseUsageNoticesOf } from '../usage-notice';

const time = (v: unknown): number | null => (v == null ? null : new Date(v as string | number | Date).getTime());
const latest = (values: unknown[]): Date | null => {
  const times = values.map(time).filter((v): v is number => v !== null);
  return times.length > 0 ? new Date(Math.max(...times)) : null;
};

/** A record to keep, and the event its period runs from. */
interface Retained {
  readonly from: Date;
  readonly payload: Record<string, unknown>;
}

/**
 * The minimum each legal basis needs, read from the live data of one withdrawn member. Payment and supply records
 * exist only when something was settled, and keep dates, kinds, references, the method and the card masked to its
 * last 4 digits: never a full card or account number (the live schema holds no amounts).
 */
async function retainedPayloads(
  knex: Knex,
  masterKey: Buffer,
  m: StoredMember,
  withdrawnAt: Date,
): Promise<Partial<Record<RetentionCategory, Retained>>> {
  const { id } = m;
  const dataKey = m.wrapped_data_key ? unwrapDataKey(masterKey, m.wrapped_data_key, id) : null;
  const open = (field: string, sealed: string | null) =>
    sealed && dataKey ? decryptField(dataKey, id, field, sealed) : null;
  const [consents, assignments, complaints] = await Promise.all([
    consentRecords(knex, id),
    settledWorkOf(knex, id),
    complaintsOf(knex, id),
  ]);
  const out: Partial<Record<RetentionCategory, Retained>> = {
    CONTRACT_WITHDRAWAL: {
      from: withdrawnAt,
      payload: {
        loginId: m.login_id,
        name: m.name,
        email: m.email,
        joinedAt: iso(m.created_at),
        withdrawnAt: iso(m.withdrawn_at),
        consents: consents.map((c) => ({
          purpose: c.purpose,
          recipient: c.recipient,
          policyVersion: c.policy_version,
          grantedAt: iso(c.granted_at),
          withdrawnAt: iso(c.withdrawn_at),
          givenBy: c.given_by,
        })),
      },
    },
  };
  if (assignments.some((a) => a.kind === 'SETTLEMENT')) {
    const card = open('cardNumber', m.card_number_sealed);
    const method = card ? 'CARD' : m.bank_account_sealed ? 'BANK_TRANSFER' : null;
    out.PAYMENT_SUPPLY = {
      from: latest(assignments.map((a) => a.created_at))!,
      payload: {
        name: m.name,
        method,
        cardNumber: card ? maskPayment(card) : null,
        supplies: assignments.map((a) => ({
          consigneeId: a.consignee_id,
          kind: a.kind,
          reference: a.task_reference,
          at: iso(a.created_at),
        })),
      },
    };
  }
  if (complaints.length > 0) {
    out.COMPLAINT = {
      from: latest(complaints.flatMap((c) => [c.created_at, c.answered_at, c.closed_at]))!,
      payload: {
        name: m.name,
        complaints: complaints.map((c) => ({
          ...c,
          created_at: iso(c.created_at),
          answered_at: iso(c.answered_at),
          closed_at: iso(c.closed_at),
        })),
      },
    };
  }
  if (m.signup_ip || m.browser) {
    out.VISIT_LOG = {
      from: new Date(time(m.created_at)!),
      payload: {
        signupIp: m.signup_ip,
        browser: m.browser,
        os: m.os,
        inflowRoute: m.inflow_route,
        at: iso(m.created_at),
      },
    };
  }
  return out;
}

/** Each table's owner deletes its rows about a member: one eraser for every table the registry deletes. */
const ERASERS: Record<DeletedAtDestruction, (trx: Knex.Transaction, memberId: string) => Promise<void>> = {
  guardian: (trx, memberId) => eraseGuardiansOf(trx, [memberId]),
  consent: eraseConsentsOf,
  correction_request: eraseCorrectionsOf,
  complaint: eraseComplaintsOf,
  cookie_preference: eraseCookiePreferenceOf,
  assignment: eraseAssignmentsOf,
  provision: eraseProvisionsOf,
  correction_notice: eraseCorrectionNoticesOf,
  rights_request: eraseRightsRequestsOf,
  usage_notice: eraseUsageNoticesOf,
};

/** Deletes every row the registry of member data lists as deleted when her data is destroyed, in `trx`. */
export async function deleteMemberRows(trx: Knex.Transaction, memberId: string): Promise<void> {
  for (const table of DELETED_AT_DESTRUCTION) await ERASERS[table](trx, memberId);
}

/**
 * Hands one withdrawn member over to the separate store (§4, §5), in two idempotent steps: (1) the retained
 * records, each sealed under a data key of its own, are upserted into the retention store; (2) the live personal
 * data is destroyed and the member marked handed over. A crash between the steps leaves the member withdrawn
 * (unreadable) and still pending, and the next run repeats both steps without duplicating anything.
 */
export async function handOver(
  knex: Knex,
  masterKey: Buffer,
  memberId: string,
  now: Date,
): Promise<RetentionCategory[]> {
  const member = await storedMember(knex, memberId);
  if (!member || member.status !== 'WITHDRAWN' || member.handed_over_at !== null) return [];
  const withdrawnAt = new Date(time(member.withdrawn_at) ?? now.getTime());
  const retained = await retainedPayloads(knex, masterKey, member, withdrawnAt);
  // A record whose period already ended (an old sign-up's visit record) is not kept at all.
  const categories = (Object.keys(retained) as RetentionCategory[]).filter(
    (c) => addPeriod(retained[c]!.from, RETENTION[c].period) > now,
  );
  await knex.transaction(async (trx) => {
    const rows = categories.map((category) => {
      const id = randomUUID();
      const wrapped = newWrappedDataKey(masterKey, id);
      const payload = encryptField(
        unwrapDataKey(masterKey, wrapped, id),
        id,
        'payload',
        JSON.stringify(retained[category]!.payload),
      );
      return {
        id,
        member_ref: memberId,
        category,
        legal_basis: RETENTION[category].basis,
        retained_at: now,
        expires_at: addPeriod(retained[category]!.from, RETENTION[category].period),
        wrapped_key: wrapped,
        payload,
      };
    });
    await trx('retention.retained_record').insert(rows).onConflict(['member_ref', 'category']).ignore();
  });
  await knex.transaction(async (trx) => {
    await deleteMemberRows(trx, memberId);
    await destroyMemberRow(trx, memberId, now);
  });
  return categories;
}
