import type { Knex } from '@mikro-orm/knex';
import { jsonList } from '../../db/json-list';
import { memberFieldCategory } from '../../policy/categories';
import { PURPOSES, declarers } from '../../policy/purposes';
import { purposeTable } from '../../policy/table';
import { RETENTION } from '../retention';
import { COLLECTED_ITEMS } from '../signup';
import { COOKIE_KINDS } from '../cookie';
import { designatedOfficer } from '../privacy-officer';

export interface ListedPartner {
  readonly clientId: string;
  readonly name: string;
  readonly contact: string;
  readonly purposes: string[];
  readonly fields: string[];
  readonly purposeOfUse: string;
  readonly retention: string;
}

export interface ListedConsignee {
  readonly clientId: string;
  readonly name: string;
  readonly task: string;
  readonly purposes: string[];
  readonly fields: string[];
}

export interface ListedOfficer {
  readonly name: string;
  readonly affiliation: string;
  readonly position: string;
  readonly email: string;
  readonly phone: string;
}

/**
 * Everything a policy version names, as the gateway enforced it when the version was rendered. Stored with the
 * version; comparing it with `liveSnapshot` tells whether the version in force still describes the gateway.
 */
export interface PolicySnapshot {
  readonly partners: ListedPartner[];
  readonly consignees: ListedConsignee[];
  readonly purposes: Record<string, unknown>;
  readonly fields: Record<string, string>;
  readonly collection: Record<string, string>;
  readonly retention: Record<string, unknown>;
  readonly accessLogDays: number;
  readonly visitLogDays: number;
  /** Absent in versions published before these periods were stated. */
  readonly periods?: StatedPeriods;
  readonly cookies: unknown;
  readonly officer: ListedOfficer | null;
}

/** The periods of records kept by the gateway's own rule (§4), as configured. */
export interface StatedPeriods {
  readonly visitorComplaintMonths: number;
  readonly visitorCookieMonths: number;
  readonly notificationMonths: number;
  readonly codeTextMinutes: number;
}

export interface RetentionDays {
  readonly accessLogDays: number;
  readonly visitLogDays: number;
  readonly periods: StatedPeriods;
}

const sorted = (list: readonly string[]): string[] => [...list].sort();

/** A purpose's rule and declarers as plain data, in a fixed order, so two snapshots compare as JSON. */
export const purposeEntry = (purpose: (typeof PURPOSES)[number]): unknown => {
  const rule = purposeTable[purpose];
  return {
    categories: sorted(rule.categories),
    onlyFields: rule.onlyFields ? sorted(rule.onlyFields) : null,
    consents: sorted(rule.consents),
    partnerConsents: sorted(rule.partnerConsents ?? []),
    clearPayment: Boolean(rule.clearPayment),
    declarers: declarers[purpose],
  };
};

/** What the gateway enforces right now: active clients, the designated officer and the code's tables. */
export async function liveSnapshot(knex: Knex | Knex.Transaction, days: RetentionDays): Promise<PolicySnapshot> {
  const [clients, officer] = await Promise.all([
    knex('api_client')
      .select(
        'client_id',
        'name',
        'kind',
        'contact',
        'task',
        'allowed_purposes',
        'entrusted_fields',
        'purpose_of_use',
        'retention_period',
      )
      .where({ active: true })
      .orderBy('client_id'),
    designatedOfficer(knex),
  ]);
  const rows = clients as Record<string, unknown>[];
  const text = (v: unknown): string => (v == null ? '' : String(v));
  return {
    partners: rows
      .filter((r) => r.kind === 'PARTNER')
      .map((r) => ({
        clientId: text(r.client_id),
        name: text(r.name),
        contact: text(r.contact),
        purposes: sorted(jsonList(r.allowed_purposes)),
        fields: sorted(jsonList(r.entrusted_fields)),
        purposeOfUse: text(r.purpose_of_use),
        retention: text(r.retention_period),
      })),
    consignees: rows
      .filter((r) => r.kind === 'CONSIGNEE')
      .map((r) => ({
        clientId: text(r.client_id),
        name: text(r.name),
        task: text(r.task),
        purposes: sorted(jsonList(r.allowed_purposes)),
        fields: sorted(jsonList(r.entrusted_fields)),
      })),
    purposes: Object.fromEntries(PURPOSES.map((p) => [p, purposeEntry(p)])),
    fields: { ...memberFieldCategory },
    collection: { ...COLLECTED_ITEMS },
    retention: Object.fromEntries(
      Object.entries(RETENTION).map(([k, r]) => [k, { what: r.what, period: r.period, basis: r.basis }]),
    ),
    accessLogDays: days.accessLogDays,
    visitLogDays: days.visitLogDays,
    periods: { ...days.periods },
    cookies: COOKIE_KINDS,
    officer: officer
      ? {
          name: officer.name,
          affiliation: officer.affiliation,
          position: officer.position,
          email: officer.email,
          phone: officer.phone,
        }
      : null,
  };
}
