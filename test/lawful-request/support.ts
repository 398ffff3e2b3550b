import { expect } from 'chai';
import { PERSONAL_FIELDS } from '../../src/policy/categories';
import type { TestGateway } from '../helpers/gateway';
import { gql, login } from '../helpers/http';

/** Shared by the lawful-request suites: lawful requests registered the way the privacy officer does it, over HTTP. */

export const REGISTER = `mutation Register($authority: String!, $legalBasis: String!, $memberIds: [ID!]!, $fields: [String!]!, $validFrom: String!, $validUntil: String!) {
  registerLawfulRequest(authority: $authority, legalBasis: $legalBasis, memberIds: $memberIds, fields: $fields, validFrom: $validFrom, validUntil: $validUntil) {
    id authority legalBasis memberIds fields validFrom validUntil registeredBy approvedBy approvedAt status
  }
}`;

export const APPROVE = `mutation Approve($id: ID!) {
  approveLawfulRequest(id: $id) { id validFrom validUntil registeredBy approvedBy approvedAt status }
}`;

export type LawfulRequestItem = {
  id: string;
  authority: string;
  legalBasis: string;
  memberIds: string[];
  fields: string[];
  validFrom: string;
  validUntil: string;
  registeredBy: string;
  approvedBy: string | null;
  approvedAt: string | null;
  status: string;
};

export const AUTHORITY = 'Seoul Central District Prosecutors’ Office';

export interface LawfulInput {
  memberIds: string[];
  fields: string[];
  /** Defaults: valid from an hour before `around` until a day after it. */
  validFrom?: Date;
  validUntil?: Date;
  legalBasis?: string;
}

/**
 * Registers a lawful request as the privacy officer (X-Purpose MEMBER_MANAGEMENT), has the administrator approve
 * it as the second person (§6), and returns it as approved; `around` is the gateway's "now" (a test clock may have
 * moved it).
 */
export async function registerLawful(
  t: TestGateway,
  officer: string,
  input: LawfulInput,
  around: Date = new Date(),
): Promise<LawfulRequestItem> {
  const res = await gql<{ registerLawfulRequest: LawfulRequestItem }>(
    t.url,
    REGISTER,
    {
      authority: AUTHORITY,
      legalBasis: input.legalBasis ?? `Seoul District Court warrant 2026-${Math.floor(Math.random() * 1e6)}`,
      memberIds: input.memberIds,
      fields: input.fields,
      validFrom: (input.validFrom ?? new Date(around.getTime() - 3_600_000)).toISOString(),
      validUntil: (input.validUntil ?? new Date(around.getTime() + 86_400_000)).toISOString(),
    },
    { token: officer, purpose: 'MEMBER_MANAGEMENT' },
  );
  expect(res.errors, JSON.stringify(res.errors)).to.equal(undefined);
  const approved = await gql<{ approveLawfulRequest: Partial<LawfulRequestItem> }>(
    t.url,
    APPROVE,
    { id: res.data!.registerLawfulRequest.id },
    { token: await login(t.url, 'admin'), purpose: 'ADMINISTRATION' },
  );
  expect(approved.errors, JSON.stringify(approved.errors)).to.equal(undefined);
  return { ...res.data!.registerLawfulRequest, ...approved.data!.approveLawfulRequest };
}

/** The caller options of a LEGAL_REQUEST read under the lawful request `id`. */
export const legal = (token: string, id: string) => ({
  token,
  purpose: 'LEGAL_REQUEST',
  headers: { 'x-legal-basis': id },
});

/** Every personal field of a member, as the policy lists them. */
export const ALL_PERSONAL_FIELDS: string[] = [...PERSONAL_FIELDS];

/** Milliseconds of a date column as either driver returns it (SQLite: epoch ms, maybe as text; PostgreSQL: Date). */
export function ms(v: unknown): number {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return new Date(v as string).getTime();
}
