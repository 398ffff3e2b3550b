import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { guardianToken, lawfulRequestFor, startGateway, type TestGateway } from '../helpers/gateway';
import { clientToken, codes, gql, login, type Caller, type GraphQLResponse } from '../helpers/http';

/*
 * The policy written out by hand, cell by cell, and checked over real HTTP against the seeded demo database.
 *
 * Nothing here is computed from src/policy: every expected value or error code below was derived by hand from the
 * rules (README "Purposes", the policy's data categories and purpose table) and the demo values of
 * src/db/seed.ts. When a row fails, either the gateway or the row is wrong; fix the one that disagrees with the rules.
 *
 * Reading a row: `expect` is either
 *   - an object with all 17 personal fields of Member: an error code (one of FIELD_CODES) means "null, with exactly
 *     one error at that field's path carrying that code"; anything else is the exact value, with no error;
 *   - or a string: the outcome of the whole object (NOT_FOUND / PURPOSE_REQUIRED at path ['member'], data null) or of
 *     the whole request (FORBIDDEN_PURPOSE with HTTP 403, BAD_USER_INPUT for an unknown purpose).
 * Values such as 'FEMALE' or 'UNDER_14' are values, not codes: only the strings in FIELD_CODES are codes.
 */

// ---------------------------------------------------------------------------------------------------------------
// Vocabulary

type Who =
  | 'alice'
  | 'bob'
  | 'minji' // MEMBER
  | 'guardian' // GUARDIAN of minji (soyeon.park@example.com)
  | 'cs-agent'
  | 'marketer'
  | 'analyst'
  | 'privacy-officer'
  | 'admin' // STAFF, one per role
  | 'partner-ads' // PARTNER
  | 'courier'
  | 'pg'
  | 'hosting' // CONSIGNEE
  | 'anonymous';

type MemberName = 'alice' | 'bob' | 'minji' | 'jun' | 'carol';

const FIELDS = [
  'loginId',
  'name', // IDENTITY
  'email',
  'phone', // CONTACT
  'address',
  'deliveryArea', // ADDRESS
  'birthDate',
  'gender',
  'ageBand', // DEMOGRAPHIC
  'bankAccount',
  'cardNumber', // PAYMENT
  'guardianName',
  'guardianContact', // GUARDIAN
  'signupIp',
  'browser',
  'os',
  'inflowRoute', // DEVICE
] as const;
type Field = (typeof FIELDS)[number];

type FieldExpectations = Readonly<Record<Field, string | null>>;
type ObjectOutcome = 'NOT_FOUND' | 'PURPOSE_REQUIRED' | 'FORBIDDEN_PURPOSE' | 'BAD_USER_INPUT';

interface Row {
  readonly who: Who;
  /** The X-Purpose header; null sends none. */
  readonly purpose: string | null;
  readonly member: MemberName | readonly MemberName[];
  readonly expect: FieldExpectations | ObjectOutcome;
}

/** Field-level denial codes. */
const PR = 'PURPOSE_REQUIRED';
const PD = 'PURPOSE_DENIED';
const GCR = 'GUARDIAN_CONSENT_REQUIRED';
const CM = 'CONSENT_MISSING';
const UC = 'UNDER_CORRECTION';
const FIELD_CODES: ReadonlySet<string> = new Set([PR, PD, GCR, CM, UC, 'NOT_FOUND']);

const ALL: readonly MemberName[] = ['alice', 'bob', 'minji', 'jun', 'carol'];

/** The seed's birth dates: `years` years and `days` days before today (UTC), as YYYY-MM-DD. */
function born(years: number, days: number): string {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}
const ALICE_BORN = born(34, 40);
const BOB_BORN = born(41, 100);
const MINJI_BORN = born(11, 20);

// ---------------------------------------------------------------------------------------------------------------
// The table (seeded demo database, nothing changed)
//
// Purposes each principal may declare: members and guardian SELF_SERVICE; cs-agent MEMBER_MANAGEMENT and
// ORDER_FULFILLMENT; marketer MARKETING; analyst SERVICE_DEVELOPMENT; privacy-officer MEMBER_MANAGEMENT and
// LEGAL_REQUEST; admin ADMINISTRATION; partner-ads MARKETING; courier ORDER_FULFILLMENT; pg PAYMENT_SETTLEMENT; hosting
// and
// anonymous none.

const TABLE: readonly Row[] = [
  // ===== MEMBER alice: SELF_SERVICE, own data only ==========================================================
  { who: 'alice', purpose: null, member: ALL, expect: 'PURPOSE_REQUIRED' },
  {
    who: 'alice',
    purpose: 'SELF_SERVICE',
    member: 'alice',
    expect: {
      loginId: 'alice',
      name: 'Alice Kim',
      email: 'alice@example.com',
      phone: '010-1234-5678',
      address: '1 Teheran-ro, Gangnam-gu, Seoul',
      deliveryArea: 'Seoul',
      birthDate: ALICE_BORN,
      gender: 'FEMALE',
      ageBand: '30S',
      bankAccount: '**********6789',
      cardNumber: '************1111',
      guardianName: null,
      guardianContact: null,
      signupIp: '203.0.113.10',
      browser: 'Firefox 132',
      os: 'Linux',
      inflowRoute: 'search',
    },
  },
  { who: 'alice', purpose: 'SELF_SERVICE', member: ['bob', 'minji', 'jun', 'carol'], expect: 'NOT_FOUND' },
  { who: 'alice', purpose: 'MEMBER_MANAGEMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'alice', purpose: 'ORDER_FULFILLMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'alice', purpose: 'PAYMENT_SETTLEMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'alice', purpose: 'MARKETING', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'alice', purpose: 'SERVICE_DEVELOPMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'alice', purpose: 'LEGAL_REQUEST', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'alice', purpose: 'ADMINISTRATION', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'alice', purpose: 'CURIOSITY', member: 'alice', expect: 'BAD_USER_INPUT' },
  { who: 'alice', purpose: 'self_service', member: 'alice', expect: 'BAD_USER_INPUT' },

  // ===== MEMBER bob ============================================================================================
  { who: 'bob', purpose: null, member: ALL, expect: 'PURPOSE_REQUIRED' },
  {
    who: 'bob',
    purpose: 'SELF_SERVICE',
    member: 'bob',
    expect: {
      loginId: 'bob',
      name: 'Bob Lee',
      email: 'bob@example.com',
      phone: '010-2345-6789',
      address: '2 Haeundae-ro, Busan',
      deliveryArea: 'Busan',
      birthDate: BOB_BORN,
      gender: 'MALE',
      ageBand: '40S',
      bankAccount: null,
      cardNumber: null,
      guardianName: null,
      guardianContact: null,
      signupIp: '203.0.113.10',
      browser: 'Firefox 132',
      os: 'Linux',
      inflowRoute: 'search',
    },
  },
  { who: 'bob', purpose: 'SELF_SERVICE', member: ['alice', 'minji', 'jun', 'carol'], expect: 'NOT_FOUND' },
  { who: 'bob', purpose: 'MEMBER_MANAGEMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'bob', purpose: 'ORDER_FULFILLMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'bob', purpose: 'PAYMENT_SETTLEMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'bob', purpose: 'MARKETING', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'bob', purpose: 'SERVICE_DEVELOPMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'bob', purpose: 'LEGAL_REQUEST', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'bob', purpose: 'ADMINISTRATION', member: ALL, expect: 'FORBIDDEN_PURPOSE' },

  // ===== MEMBER minji (under 14, guardian verified) ==========================================================
  { who: 'minji', purpose: null, member: ALL, expect: 'PURPOSE_REQUIRED' },
  {
    who: 'minji',
    purpose: 'SELF_SERVICE',
    member: 'minji',
    expect: {
      loginId: 'minji',
      name: 'Minji Park',
      email: 'minji@example.com',
      phone: null,
      address: '3 Jongno, Seoul',
      deliveryArea: 'Seoul',
      birthDate: MINJI_BORN,
      gender: 'FEMALE',
      ageBand: 'UNDER_14',
      bankAccount: null,
      cardNumber: null,
      guardianName: 'Soyeon Park',
      guardianContact: 'soyeon.park@example.com',
      signupIp: '203.0.113.10',
      browser: 'Firefox 132',
      os: 'Linux',
      inflowRoute: 'search',
    },
  },
  { who: 'minji', purpose: 'SELF_SERVICE', member: ['alice', 'bob', 'jun', 'carol'], expect: 'NOT_FOUND' },
  { who: 'minji', purpose: 'MEMBER_MANAGEMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'minji', purpose: 'ORDER_FULFILLMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'minji', purpose: 'PAYMENT_SETTLEMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'minji', purpose: 'MARKETING', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'minji', purpose: 'SERVICE_DEVELOPMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'minji', purpose: 'LEGAL_REQUEST', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'minji', purpose: 'ADMINISTRATION', member: ALL, expect: 'FORBIDDEN_PURPOSE' },

  // ===== GUARDIAN of minji: SELF_SERVICE, their children only =================================================
  { who: 'guardian', purpose: null, member: ALL, expect: 'PURPOSE_REQUIRED' },
  {
    who: 'guardian',
    purpose: 'SELF_SERVICE',
    member: 'minji',
    expect: {
      loginId: 'minji',
      name: 'Minji Park',
      email: 'minji@example.com',
      phone: null,
      address: '3 Jongno, Seoul',
      deliveryArea: 'Seoul',
      birthDate: MINJI_BORN,
      gender: 'FEMALE',
      ageBand: 'UNDER_14',
      bankAccount: null,
      cardNumber: null,
      guardianName: 'Soyeon Park',
      guardianContact: 'soyeon.park@example.com',
      signupIp: '203.0.113.10',
      browser: 'Firefox 132',
      os: 'Linux',
      inflowRoute: 'search',
    },
  },
  // jun has another (unverified) guardian: not this guardian's child.
  { who: 'guardian', purpose: 'SELF_SERVICE', member: ['alice', 'bob', 'jun', 'carol'], expect: 'NOT_FOUND' },
  { who: 'guardian', purpose: 'MEMBER_MANAGEMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'guardian', purpose: 'ORDER_FULFILLMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'guardian', purpose: 'PAYMENT_SETTLEMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'guardian', purpose: 'MARKETING', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'guardian', purpose: 'SERVICE_DEVELOPMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'guardian', purpose: 'LEGAL_REQUEST', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'guardian', purpose: 'ADMINISTRATION', member: ALL, expect: 'FORBIDDEN_PURPOSE' },

  // ===== STAFF cs-agent: MEMBER_MANAGEMENT, ORDER_FULFILLMENT ==================================================
  { who: 'cs-agent', purpose: null, member: ALL, expect: 'PURPOSE_REQUIRED' },
  { who: 'cs-agent', purpose: 'SELF_SERVICE', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  // MEMBER_MANAGEMENT: IDENTITY, CONTACT, DEMOGRAPHIC, GUARDIAN, DEVICE; ESSENTIAL consent.
  {
    who: 'cs-agent',
    purpose: 'MEMBER_MANAGEMENT',
    member: 'alice',
    expect: {
      loginId: 'alice',
      name: 'Alice Kim',
      email: 'alice@example.com',
      phone: '010-1234-5678',
      address: PD,
      deliveryArea: PD,
      birthDate: ALICE_BORN,
      gender: 'FEMALE',
      ageBand: '30S',
      bankAccount: PD,
      cardNumber: PD,
      guardianName: null,
      guardianContact: null,
      signupIp: '203.0.113.10',
      browser: 'Firefox 132',
      os: 'Linux',
      inflowRoute: 'search',
    },
  },
  {
    who: 'cs-agent',
    purpose: 'MEMBER_MANAGEMENT',
    member: 'bob',
    expect: {
      loginId: 'bob',
      name: 'Bob Lee',
      email: 'bob@example.com',
      phone: '010-2345-6789',
      address: PD,
      deliveryArea: PD,
      birthDate: BOB_BORN,
      gender: 'MALE',
      ageBand: '40S',
      bankAccount: PD,
      cardNumber: PD,
      guardianName: null,
      guardianContact: null,
      signupIp: '203.0.113.10',
      browser: 'Firefox 132',
      os: 'Linux',
      inflowRoute: 'search',
    },
  },
  {
    who: 'cs-agent',
    purpose: 'MEMBER_MANAGEMENT',
    member: 'minji',
    expect: {
      loginId: 'minji',
      name: 'Minji Park',
      email: 'minji@example.com',
      phone: null,
      address: PD,
      deliveryArea: PD,
      birthDate: MINJI_BORN,
      gender: 'FEMALE',
      ageBand: 'UNDER_14',
      bankAccount: PD,
      cardNumber: PD,
      guardianName: 'Soyeon Park',
      guardianContact: 'soyeon.park@example.com',
      signupIp: '203.0.113.10',
      browser: 'Firefox 132',
      os: 'Linux',
      inflowRoute: 'search',
    },
  },
  {
    who: 'cs-agent',
    purpose: 'MEMBER_MANAGEMENT',
    member: 'jun',
    expect: {
      loginId: GCR,
      name: GCR,
      email: GCR,
      phone: GCR,
      address: PD,
      deliveryArea: PD,
      birthDate: GCR,
      gender: GCR,
      ageBand: GCR,
      bankAccount: PD,
      cardNumber: PD,
      guardianName: GCR,
      guardianContact: GCR,
      signupIp: GCR,
      browser: GCR,
      os: GCR,
      inflowRoute: GCR,
    },
  },
  { who: 'cs-agent', purpose: 'MEMBER_MANAGEMENT', member: 'carol', expect: 'NOT_FOUND' },
  // ORDER_FULFILLMENT: IDENTITY, CONTACT, ADDRESS; ESSENTIAL consent.
  {
    who: 'cs-agent',
    purpose: 'ORDER_FULFILLMENT',
    member: 'alice',
    expect: {
      loginId: 'alice',
      name: 'Alice Kim',
      email: 'alice@example.com',
      phone: '010-1234-5678',
      address: '1 Teheran-ro, Gangnam-gu, Seoul',
      deliveryArea: 'Seoul',
      birthDate: PD,
      gender: PD,
      ageBand: PD,
      bankAccount: PD,
      cardNumber: PD,
      guardianName: PD,
      guardianContact: PD,
      signupIp: PD,
      browser: PD,
      os: PD,
      inflowRoute: PD,
    },
  },
  {
    who: 'cs-agent',
    purpose: 'ORDER_FULFILLMENT',
    member: 'bob',
    expect: {
      loginId: 'bob',
      name: 'Bob Lee',
      email: 'bob@example.com',
      phone: '010-2345-6789',
      address: '2 Haeundae-ro, Busan',
      deliveryArea: 'Busan',
      birthDate: PD,
      gender: PD,
      ageBand: PD,
      bankAccount: PD,
      cardNumber: PD,
      guardianName: PD,
      guardianContact: PD,
      signupIp: PD,
      browser: PD,
      os: PD,
      inflowRoute: PD,
    },
  },
  {
    who: 'cs-agent',
    purpose: 'ORDER_FULFILLMENT',
    member: 'minji',
    expect: {
      loginId: 'minji',
      name: 'Minji Park',
      email: 'minji@example.com',
      phone: null,
      address: '3 Jongno, Seoul',
      deliveryArea: 'Seoul',
      birthDate: PD,
      gender: PD,
      ageBand: PD,
      bankAccount: PD,
      cardNumber: PD,
      guardianName: PD,
      guardianContact: PD,
      signupIp: PD,
      browser: PD,
      os: PD,
      inflowRoute: PD,
    },
  },
  // jun waits for her guardian: her status says "under 14", so a purpose that reads no ages does not reach her.
  { who: 'cs-agent', purpose: 'ORDER_FULFILLMENT', member: 'jun', expect: 'NOT_FOUND' },
  { who: 'cs-agent', purpose: 'ORDER_FULFILLMENT', member: 'carol', expect: 'NOT_FOUND' },
  { who: 'cs-agent', purpose: 'PAYMENT_SETTLEMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'cs-agent', purpose: 'MARKETING', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'cs-agent', purpose: 'SERVICE_DEVELOPMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'cs-agent', purpose: 'LEGAL_REQUEST', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'cs-agent', purpose: 'ADMINISTRATION', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'cs-agent', purpose: 'CURIOSITY', member: 'alice', expect: 'BAD_USER_INPUT' },

  // ===== STAFF marketer: MARKETING (IDENTITY, CONTACT, DEMOGRAPHIC; MARKETING consent) ======================
  { who: 'marketer', purpose: null, member: ALL, expect: 'PURPOSE_REQUIRED' },
  { who: 'marketer', purpose: 'SELF_SERVICE', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'marketer', purpose: 'MEMBER_MANAGEMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'marketer', purpose: 'ORDER_FULFILLMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'marketer', purpose: 'PAYMENT_SETTLEMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  {
    who: 'marketer',
    purpose: 'MARKETING',
    member: 'alice',
    expect: {
      loginId: 'alice',
      name: 'Alice Kim',
      email: 'alice@example.com',
      phone: '010-1234-5678',
      address: PD,
      deliveryArea: PD,
      birthDate: ALICE_BORN,
      gender: 'FEMALE',
      ageBand: '30S',
      bankAccount: PD,
      cardNumber: PD,
      guardianName: PD,
      guardianContact: PD,
      signupIp: PD,
      browser: PD,
      os: PD,
      inflowRoute: PD,
    },
  },
  {
    who: 'marketer',
    purpose: 'MARKETING',
    member: 'bob',
    expect: {
      loginId: CM,
      name: CM,
      email: CM,
      phone: CM,
      address: PD,
      deliveryArea: PD,
      birthDate: CM,
      gender: CM,
      ageBand: CM,
      bankAccount: PD,
      cardNumber: PD,
      guardianName: PD,
      guardianContact: PD,
      signupIp: PD,
      browser: PD,
      os: PD,
      inflowRoute: PD,
    },
  },
  {
    who: 'marketer',
    purpose: 'MARKETING',
    member: 'minji',
    expect: {
      loginId: CM,
      name: CM,
      email: CM,
      phone: CM,
      address: PD,
      deliveryArea: PD,
      birthDate: CM,
      gender: CM,
      ageBand: CM,
      bankAccount: PD,
      cardNumber: PD,
      guardianName: PD,
      guardianContact: PD,
      signupIp: PD,
      browser: PD,
      os: PD,
      inflowRoute: PD,
    },
  },
  // jun waits for her guardian: her status says "under 14", so a purpose that reads no ages does not reach her.
  { who: 'marketer', purpose: 'MARKETING', member: 'jun', expect: 'NOT_FOUND' },
  { who: 'marketer', purpose: 'MARKETING', member: 'carol', expect: 'NOT_FOUND' },
  { who: 'marketer', purpose: 'SERVICE_DEVELOPMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'marketer', purpose: 'LEGAL_REQUEST', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'marketer', purpose: 'ADMINISTRATION', member: ALL, expect: 'FORBIDDEN_PURPOSE' },

  // ===== STAFF analyst: SERVICE_DEVELOPMENT, statistics only: no member object is reachable ================
  { who: 'analyst', purpose: null, member: ALL, expect: 'PURPOSE_REQUIRED' },
  { who: 'analyst', purpose: 'SELF_SERVICE', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'analyst', purpose: 'MEMBER_MANAGEMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'analyst', purpose: 'ORDER_FULFILLMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'analyst', purpose: 'PAYMENT_SETTLEMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'analyst', purpose: 'MARKETING', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'analyst', purpose: 'SERVICE_DEVELOPMENT', member: ALL, expect: 'NOT_FOUND' },
  { who: 'analyst', purpose: 'LEGAL_REQUEST', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'analyst', purpose: 'ADMINISTRATION', member: ALL, expect: 'FORBIDDEN_PURPOSE' },

  // ===== STAFF privacy-officer: MEMBER_MANAGEMENT, LEGAL_REQUEST =============================================
  { who: 'privacy-officer', purpose: null, member: ALL, expect: 'PURPOSE_REQUIRED' },
  { who: 'privacy-officer', purpose: 'SELF_SERVICE', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  {
    who: 'privacy-officer',
    purpose: 'MEMBER_MANAGEMENT',
    member: 'alice',
    expect: {
      loginId: 'alice',
      name: 'Alice Kim',
      email: 'alice@example.com',
      phone: '010-1234-5678',
      address: PD,
      deliveryArea: PD,
      birthDate: ALICE_BORN,
      gender: 'FEMALE',
      ageBand: '30S',
      bankAccount: PD,
      cardNumber: PD,
      guardianName: null,
      guardianContact: null,
      signupIp: '203.0.113.10',
      browser: 'Firefox 132',
      os: 'Linux',
      inflowRoute: 'search',
    },
  },
  {
    who: 'privacy-officer',
    purpose: 'MEMBER_MANAGEMENT',
    member: 'bob',
    expect: {
      loginId: 'bob',
      name: 'Bob Lee',
      email: 'bob@example.com',
      phone: '010-2345-6789',
      address: PD,
      deliveryArea: PD,
      birthDate: BOB_BORN,
      gender: 'MALE',
      ageBand: '40S',
      bankAccount: PD,
      cardNumber: PD,
      guardianName: null,
      guardianContact: null,
      signupIp: '203.0.113.10',
      browser: 'Firefox 132',
      os: 'Linux',
      inflowRoute: 'search',
    },
  },
  {
    who: 'privacy-officer',
    purpose: 'MEMBER_MANAGEMENT',
    member: 'minji',
    expect: {
      loginId: 'minji',
      name: 'Minji Park',
      email: 'minji@example.com',
      phone: null,
      address: PD,
      deliveryArea: PD,
      birthDate: MINJI_BORN,
      gender: 'FEMALE',
      ageBand: 'UNDER_14',
      bankAccount: PD,
      cardNumber: PD,
      guardianName: 'Soyeon Park',
      guardianContact: 'soyeon.park@example.com',
      signupIp: '203.0.113.10',
      browser: 'Firefox 132',
      os: 'Linux',
      inflowRoute: 'search',
    },
  },
  {
    who: 'privacy-officer',
    purpose: 'MEMBER_MANAGEMENT',
    member: 'jun',
    expect: {
      loginId: GCR,
      name: GCR,
      email: GCR,
      phone: GCR,
      address: PD,
      deliveryArea: PD,
      birthDate: GCR,
      gender: GCR,
      ageBand: GCR,
      bankAccount: PD,
      cardNumber: PD,
      guardianName: GCR,
      guardianContact: GCR,
      signupIp: GCR,
      browser: GCR,
      os: GCR,
      inflowRoute: GCR,
    },
  },
  { who: 'privacy-officer', purpose: 'MEMBER_MANAGEMENT', member: 'carol', expect: 'NOT_FOUND' },
  { who: 'privacy-officer', purpose: 'ORDER_FULFILLMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'privacy-officer', purpose: 'PAYMENT_SETTLEMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'privacy-officer', purpose: 'MARKETING', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'privacy-officer', purpose: 'SERVICE_DEVELOPMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  // LEGAL_REQUEST: all categories, no consent; PAYMENT still masked (only PAYMENT_SETTLEMENT shows it in full).
  {
    who: 'privacy-officer',
    purpose: 'LEGAL_REQUEST',
    member: 'alice',
    expect: {
      loginId: 'alice',
      name: 'Alice Kim',
      email: 'alice@example.com',
      phone: '010-1234-5678',
      address: '1 Teheran-ro, Gangnam-gu, Seoul',
      deliveryArea: 'Seoul',
      birthDate: ALICE_BORN,
      gender: 'FEMALE',
      ageBand: '30S',
      bankAccount: '**********6789',
      cardNumber: '************1111',
      guardianName: null,
      guardianContact: null,
      signupIp: '203.0.113.10',
      browser: 'Firefox 132',
      os: 'Linux',
      inflowRoute: 'search',
    },
  },
  {
    who: 'privacy-officer',
    purpose: 'LEGAL_REQUEST',
    member: 'bob',
    expect: {
      loginId: 'bob',
      name: 'Bob Lee',
      email: 'bob@example.com',
      phone: '010-2345-6789',
      address: '2 Haeundae-ro, Busan',
      deliveryArea: 'Busan',
      birthDate: BOB_BORN,
      gender: 'MALE',
      ageBand: '40S',
      bankAccount: null,
      cardNumber: null,
      guardianName: null,
      guardianContact: null,
      signupIp: '203.0.113.10',
      browser: 'Firefox 132',
      os: 'Linux',
      inflowRoute: 'search',
    },
  },
  {
    who: 'privacy-officer',
    purpose: 'LEGAL_REQUEST',
    member: 'minji',
    expect: {
      loginId: 'minji',
      name: 'Minji Park',
      email: 'minji@example.com',
      phone: null,
      address: '3 Jongno, Seoul',
      deliveryArea: 'Seoul',
      birthDate: MINJI_BORN,
      gender: 'FEMALE',
      ageBand: 'UNDER_14',
      bankAccount: null,
      cardNumber: null,
      guardianName: 'Soyeon Park',
      guardianContact: 'soyeon.park@example.com',
      signupIp: '203.0.113.10',
      browser: 'Firefox 132',
      os: 'Linux',
      inflowRoute: 'search',
    },
  },
  // Guardian consent not verified: denied for everyone but the guardian, whatever the purpose.
  {
    who: 'privacy-officer',
    purpose: 'LEGAL_REQUEST',
    member: 'jun',
    expect: {
      loginId: GCR,
      name: GCR,
      email: GCR,
      phone: GCR,
      address: GCR,
      deliveryArea: GCR,
      birthDate: GCR,
      gender: GCR,
      ageBand: GCR,
      bankAccount: GCR,
      cardNumber: GCR,
      guardianName: GCR,
      guardianContact: GCR,
      signupIp: GCR,
      browser: GCR,
      os: GCR,
      inflowRoute: GCR,
    },
  },
  { who: 'privacy-officer', purpose: 'LEGAL_REQUEST', member: 'carol', expect: 'NOT_FOUND' },
  { who: 'privacy-officer', purpose: 'ADMINISTRATION', member: ALL, expect: 'FORBIDDEN_PURPOSE' },

  // ===== PARTNER partner-ads: MARKETING, only members who consented to provision to partner-ads ==============
  { who: 'partner-ads', purpose: null, member: ALL, expect: 'PURPOSE_REQUIRED' },
  { who: 'partner-ads', purpose: 'SELF_SERVICE', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'partner-ads', purpose: 'MEMBER_MANAGEMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'partner-ads', purpose: 'ORDER_FULFILLMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'partner-ads', purpose: 'PAYMENT_SETTLEMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  {
    who: 'partner-ads',
    purpose: 'MARKETING',
    member: 'alice',
    expect: {
      loginId: 'alice',
      name: 'Alice Kim',
      email: 'alice@example.com',
      phone: '010-1234-5678',
      address: PD,
      deliveryArea: PD,
      birthDate: ALICE_BORN,
      gender: 'FEMALE',
      ageBand: '30S',
      bankAccount: PD,
      cardNumber: PD,
      guardianName: PD,
      guardianContact: PD,
      signupIp: PD,
      browser: PD,
      os: PD,
      inflowRoute: PD,
    },
  },
  { who: 'partner-ads', purpose: 'MARKETING', member: ['bob', 'minji', 'jun', 'carol'], expect: 'NOT_FOUND' },
  { who: 'partner-ads', purpose: 'SERVICE_DEVELOPMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'partner-ads', purpose: 'LEGAL_REQUEST', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'partner-ads', purpose: 'ADMINISTRATION', member: ALL, expect: 'FORBIDDEN_PURPOSE' },

  // ===== CONSIGNEE courier: ORDER_FULFILLMENT, assigned members only, entrusted name/phone/address ==========
  { who: 'courier', purpose: null, member: ALL, expect: 'PURPOSE_REQUIRED' },
  { who: 'courier', purpose: 'SELF_SERVICE', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'courier', purpose: 'MEMBER_MANAGEMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  {
    who: 'courier',
    purpose: 'ORDER_FULFILLMENT',
    member: 'alice',
    expect: {
      loginId: PD,
      name: 'Alice Kim',
      email: PD,
      phone: '010-1234-5678',
      address: '1 Teheran-ro, Gangnam-gu, Seoul',
      deliveryArea: PD,
      birthDate: PD,
      gender: PD,
      ageBand: PD,
      bankAccount: PD,
      cardNumber: PD,
      guardianName: PD,
      guardianContact: PD,
      signupIp: PD,
      browser: PD,
      os: PD,
      inflowRoute: PD,
    },
  },
  { who: 'courier', purpose: 'ORDER_FULFILLMENT', member: ['bob', 'minji', 'jun', 'carol'], expect: 'NOT_FOUND' },
  { who: 'courier', purpose: 'PAYMENT_SETTLEMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'courier', purpose: 'MARKETING', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'courier', purpose: 'SERVICE_DEVELOPMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'courier', purpose: 'LEGAL_REQUEST', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'courier', purpose: 'ADMINISTRATION', member: ALL, expect: 'FORBIDDEN_PURPOSE' },

  // ===== CONSIGNEE pg: PAYMENT_SETTLEMENT, entrusted name/bankAccount/cardNumber, payment in full ============
  { who: 'pg', purpose: null, member: ALL, expect: 'PURPOSE_REQUIRED' },
  { who: 'pg', purpose: 'SELF_SERVICE', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'pg', purpose: 'MEMBER_MANAGEMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'pg', purpose: 'ORDER_FULFILLMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  {
    who: 'pg',
    purpose: 'PAYMENT_SETTLEMENT',
    member: 'alice',
    expect: {
      loginId: PD,
      name: 'Alice Kim',
      email: PD,
      phone: PD,
      address: PD,
      deliveryArea: PD,
      birthDate: PD,
      gender: PD,
      ageBand: PD,
      bankAccount: '110-123-456789',
      cardNumber: '4111111111111111',
      guardianName: PD,
      guardianContact: PD,
      signupIp: PD,
      browser: PD,
      os: PD,
      inflowRoute: PD,
    },
  },
  { who: 'pg', purpose: 'PAYMENT_SETTLEMENT', member: ['bob', 'minji', 'jun', 'carol'], expect: 'NOT_FOUND' },
  { who: 'pg', purpose: 'MARKETING', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'pg', purpose: 'SERVICE_DEVELOPMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'pg', purpose: 'LEGAL_REQUEST', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'pg', purpose: 'ADMINISTRATION', member: ALL, expect: 'FORBIDDEN_PURPOSE' },

  // ===== CONSIGNEE hosting: no purpose at all ================================================================
  { who: 'hosting', purpose: null, member: ALL, expect: 'PURPOSE_REQUIRED' },
  { who: 'hosting', purpose: 'SELF_SERVICE', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'hosting', purpose: 'MEMBER_MANAGEMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'hosting', purpose: 'ORDER_FULFILLMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'hosting', purpose: 'PAYMENT_SETTLEMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'hosting', purpose: 'MARKETING', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'hosting', purpose: 'SERVICE_DEVELOPMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'hosting', purpose: 'LEGAL_REQUEST', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'hosting', purpose: 'ADMINISTRATION', member: ALL, expect: 'FORBIDDEN_PURPOSE' },

  // ===== STAFF admin (ADMIN): ADMINISTRATION reaches no member at all =========================================
  { who: 'admin', purpose: null, member: ALL, expect: 'PURPOSE_REQUIRED' },
  { who: 'admin', purpose: 'ADMINISTRATION', member: ALL, expect: 'NOT_FOUND' },
  { who: 'admin', purpose: 'SELF_SERVICE', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'admin', purpose: 'MEMBER_MANAGEMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'admin', purpose: 'ORDER_FULFILLMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'admin', purpose: 'PAYMENT_SETTLEMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'admin', purpose: 'MARKETING', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'admin', purpose: 'SERVICE_DEVELOPMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'admin', purpose: 'LEGAL_REQUEST', member: ALL, expect: 'FORBIDDEN_PURPOSE' },

  // ===== ANONYMOUS: no purpose at all ========================================================================
  { who: 'anonymous', purpose: null, member: ALL, expect: 'PURPOSE_REQUIRED' },
  { who: 'anonymous', purpose: 'SELF_SERVICE', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'anonymous', purpose: 'MEMBER_MANAGEMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'anonymous', purpose: 'ORDER_FULFILLMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'anonymous', purpose: 'PAYMENT_SETTLEMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'anonymous', purpose: 'MARKETING', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'anonymous', purpose: 'SERVICE_DEVELOPMENT', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'anonymous', purpose: 'LEGAL_REQUEST', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'anonymous', purpose: 'ADMINISTRATION', member: ALL, expect: 'FORBIDDEN_PURPOSE' },
  { who: 'anonymous', purpose: 'CURIOSITY', member: 'alice', expect: 'BAD_USER_INPUT' },
];

// ---------------------------------------------------------------------------------------------------------------
// Running rows over HTTP

const WHO: readonly Who[] = [
  'alice',
  'bob',
  'minji',
  'guardian',
  'cs-agent',
  'marketer',
  'analyst',
  'privacy-officer',
  'admin',
  'partner-ads',
  'courier',
  'pg',
  'hosting',
  'anonymous',
];

const MEMBER_QUERY = `query Row($id: ID!) { member(id: $id) { id ${FIELDS.join(' ')} } }`;
const MEMBERS_QUERY = `query Rows { members(first: 100) { edges { node { id ${FIELDS.join(' ')} } } pageInfo { hasNextPage } } }`;

/** Everything a suite needs to ask as anyone about anyone. */
interface World {
  t: TestGateway;
  tokens: Map<Who, string | undefined>;
  ids: Map<MemberName, string>;
  /** The lawful request LEGAL_REQUEST reads run under: every member, every personal field. */
  lawfulId: string;
}

async function setUpWorld(): Promise<World> {
  const t = await startGateway();
  const tokens = new Map<Who, string | undefined>();
  for (const who of ['alice', 'bob', 'minji', 'cs-agent', 'marketer', 'analyst', 'privacy-officer', 'admin'] as const) {
    tokens.set(who, await login(t.url, who));
  }
  for (const who of ['partner-ads', 'courier', 'pg', 'hosting'] as const)
    tokens.set(who, await clientToken(t.url, who));
  tokens.set('guardian', await guardianToken(t, 'soyeon.park@example.com'));
  tokens.set('anonymous', undefined);
  const ids = new Map<MemberName, string>();
  for (const name of ALL) {
    const row = await t.gateway.services.knex('member').first('id').where({ login_id: name });
    if (!row) throw new Error(`no seeded member ${name}`);
    ids.set(name, row.id);
  }
  return { t, tokens, ids, lawfulId: await lawfulRequestFor(t) };
}

function caller(world: World, who: Who, purpose: string | null): Caller {
  return {
    token: world.tokens.get(who),
    purpose: purpose ?? undefined,
    // A LEGAL_REQUEST names its legal basis; harmless for any other purpose.
    headers: purpose === 'LEGAL_REQUEST' ? { 'x-legal-basis': world.lawfulId } : {},
  };
}

const isCode = (v: string | null): v is string => v !== null && FIELD_CODES.has(v);

/** "path code" for every error, sorted: the error SET of a response (shield rules run in parallel). */
const errorSet = (res: GraphQLResponse<unknown>): string[] =>
  (res.errors ?? []).map((e) => `${(e.path ?? []).join('.')} ${String(e.extensions?.code)}`).sort();

/** The data a node should have and the errors it should add, under `path`. */
function expected(id: string, fields: FieldExpectations, path: readonly (string | number)[]) {
  const data: Record<string, string | null> = { id };
  const errors: string[] = [];
  for (const f of FIELDS) {
    const v = fields[f];
    if (isCode(v)) {
      data[f] = null;
      errors.push(`${[...path, f].join('.')} ${v}`);
    } else {
      data[f] = v;
    }
  }
  return { data, errors };
}

function assertObjectOutcome(res: GraphQLResponse<unknown>, outcome: ObjectOutcome, root: string): void {
  switch (outcome) {
    case 'NOT_FOUND':
    case 'PURPOSE_REQUIRED':
      expect(res.status, 'HTTP status').to.equal(200);
      expect(errorSet(res)).to.deep.equal([`${root} ${outcome}`]);
      expect(res.data ?? null).to.equal(null);
      return;
    case 'FORBIDDEN_PURPOSE':
      expect(res.status, 'HTTP status').to.equal(403);
      expect(codes(res)).to.deep.equal(['FORBIDDEN_PURPOSE']);
      expect(res.data ?? null).to.equal(null);
      return;
    case 'BAD_USER_INPUT':
      expect(codes(res)).to.deep.equal(['BAD_USER_INPUT']);
      expect(res.data ?? null).to.equal(null);
      return;
  }
}

const membersOf = (row: Row): readonly MemberName[] => (typeof row.member === 'string' ? [row.member] : row.member);
const label = (v: string | null) => (v === null ? 'no purpose' : v);

/** One `it` per (row, member): `member(id:)` reading all 17 personal fields. */
function defineRows(world: () => World, rows: readonly Row[]): void {
  for (const row of rows) {
    for (const m of membersOf(row)) {
      const outcome = typeof row.expect === 'string' ? row.expect : 'fields as tabled';
      it(`${row.who} / ${label(row.purpose)} / ${m}: ${outcome}`, async () => {
        const w = world();
        const id = w.ids.get(m)!;
        const res = await gql<{ member: Record<string, unknown> | null }>(
          w.t.url,
          MEMBER_QUERY,
          { id },
          caller(w, row.who, row.purpose),
        );
        if (typeof row.expect === 'string') {
          assertObjectOutcome(res, row.expect, 'member');
          return;
        }
        const want = expected(id, row.expect, ['member']);
        expect(res.status, 'HTTP status').to.equal(200);
        expect(res.data?.member, 'member').to.deep.equal(want.data);
        expect(errorSet(res), 'errors').to.deep.equal([...want.errors].sort());
      });
    }
  }
}

/**
 * One `it` per (principal, purpose): `members(first: 100)` lists exactly the members whose row has field
 * expectations, each node with the same decisions as `member(id:)`, under its edge's path.
 */
function defineListings(world: () => World, rows: readonly Row[], only?: ReadonlySet<string>): void {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = `${row.who}|${row.purpose ?? ''}`;
    if (only && !only.has(key)) continue;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  for (const group of groups.values()) {
    const { who, purpose } = group[0]!;
    const outcomes = new Set(group.map((r) => (typeof r.expect === 'string' ? r.expect : 'FIELDS')));
    it(`members(first: 100) as ${who} / ${label(purpose)} lists exactly the reachable members, same decisions`, async () => {
      const w = world();
      const res = await gql<{
        members: { edges: { node: Record<string, unknown> }[]; pageInfo: { hasNextPage: boolean } } | null;
      }>(w.t.url, MEMBERS_QUERY, {}, caller(w, who, purpose));
      if (outcomes.has('FORBIDDEN_PURPOSE') || outcomes.has('PURPOSE_REQUIRED') || outcomes.has('BAD_USER_INPUT')) {
        expect(outcomes.size, 'a whole-request outcome applies to every member').to.equal(1);
        assertObjectOutcome(res, [...outcomes][0] as ObjectOutcome, 'members');
        return;
      }
      expect(res.status, 'HTTP status').to.equal(200);
      const reachable = group
        .filter((r) => typeof r.expect !== 'string')
        .flatMap((r) => membersOf(r).map((m) => ({ m, r })));
      const edges = res.data?.members?.edges ?? [];
      expect(edges.map((e) => e.node.id).sort(), 'listed ids').to.deep.equal(
        reachable.map(({ m }) => w.ids.get(m)!).sort(),
      );
      expect(res.data?.members?.pageInfo.hasNextPage).to.equal(false);
      const wantErrors: string[] = [];
      for (const { m, r } of reachable) {
        const id = w.ids.get(m)!;
        const index = edges.findIndex((e) => e.node.id === id);
        const want = expected(id, r.expect as FieldExpectations, ['members', 'edges', index, 'node']);
        expect(edges[index]!.node, `node of ${m}`).to.deep.equal(want.data);
        wantErrors.push(...want.errors);
      }
      expect(errorSet(res), 'errors').to.deep.equal(wantErrors.sort());
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------

describe('§3 §6 §9 policy expectations: every principal x purpose x member, by hand', () => {
  let world: World;
  before(async () => {
    world = await setUpWorld();
  });
  after(() => world.t.stop());

  it('the table names every principal with every purpose (and none) for every member', () => {
    const purposes = [
      null,
      'SELF_SERVICE',
      'MEMBER_MANAGEMENT',
      'ORDER_FULFILLMENT',
      'PAYMENT_SETTLEMENT',
      'MARKETING',
      'SERVICE_DEVELOPMENT',
      'LEGAL_REQUEST',
      'ADMINISTRATION',
    ];
    const missing: string[] = [];
    const twice: string[] = [];
    for (const who of WHO) {
      for (const purpose of purposes) {
        for (const m of ALL) {
          const n = TABLE.filter((r) => r.who === who && r.purpose === purpose && membersOf(r).includes(m)).length;
          if (n === 0) missing.push(`${who}/${label(purpose)}/${m}`);
          if (n > 1) twice.push(`${who}/${label(purpose)}/${m}`);
        }
      }
    }
    expect(missing, 'cells without a row').to.deep.equal([]);
    expect(twice, 'cells with two rows').to.deep.equal([]);
  });

  describe('member(id:)', () => defineRows(() => world, TABLE));
  describe('members(first:)', () =>
    defineListings(
      () => world,
      TABLE.filter((r) => r.purpose !== 'CURIOSITY' && r.purpose !== 'self_service'),
    ));
});

// ---------------------------------------------------------------------------------------------------------------
// me and myChildren

const ALICE_SELF: FieldExpectations = {
  loginId: 'alice',
  name: 'Alice Kim',
  email: 'alice@example.com',
  phone: '010-1234-5678',
  address: '1 Teheran-ro, Gangnam-gu, Seoul',
  deliveryArea: 'Seoul',
  birthDate: ALICE_BORN,
  gender: 'FEMALE',
  ageBand: '30S',
  bankAccount: '**********6789',
  cardNumber: '************1111',
  guardianName: null,
  guardianContact: null,
  signupIp: '203.0.113.10',
  browser: 'Firefox 132',
  os: 'Linux',
  inflowRoute: 'search',
};
const BOB_SELF: FieldExpectations = {
  loginId: 'bob',
  name: 'Bob Lee',
  email: 'bob@example.com',
  phone: '010-2345-6789',
  address: '2 Haeundae-ro, Busan',
  deliveryArea: 'Busan',
  birthDate: BOB_BORN,
  gender: 'MALE',
  ageBand: '40S',
  bankAccount: null,
  cardNumber: null,
  guardianName: null,
  guardianContact: null,
  signupIp: '203.0.113.10',
  browser: 'Firefox 132',
  os: 'Linux',
  inflowRoute: 'search',
};
const MINJI_SELF: FieldExpectations = {
  loginId: 'minji',
  name: 'Minji Park',
  email: 'minji@example.com',
  phone: null,
  address: '3 Jongno, Seoul',
  deliveryArea: 'Seoul',
  birthDate: MINJI_BORN,
  gender: 'FEMALE',
  ageBand: 'UNDER_14',
  bankAccount: null,
  cardNumber: null,
  guardianName: 'Soyeon Park',
  guardianContact: 'soyeon.park@example.com',
  signupIp: '203.0.113.10',
  browser: 'Firefox 132',
  os: 'Linux',
  inflowRoute: 'search',
};
const ALL_PURPOSE_REQUIRED: FieldExpectations = {
  loginId: PR,
  name: PR,
  email: PR,
  phone: PR,
  address: PR,
  deliveryArea: PR,
  birthDate: PR,
  gender: PR,
  ageBand: PR,
  bankAccount: PR,
  cardNumber: PR,
  guardianName: PR,
  guardianContact: PR,
  signupIp: PR,
  browser: PR,
  os: PR,
  inflowRoute: PR,
};

/** `me` and `myChildren`: who may ask at all (code at the root) and what they see. */
interface RootRow {
  readonly who: Who;
  readonly purpose: string | null;
  /** For `me`: one member's fields; for `myChildren`: the children's, in any order. */
  readonly expect:
    | { self: MemberName; fields: FieldExpectations }
    | { children: { child: MemberName; fields: FieldExpectations }[] }
    | 'UNAUTHENTICATED'
    | 'FORBIDDEN'
    | 'FORBIDDEN_PURPOSE';
}

const ME: readonly RootRow[] = [
  { who: 'alice', purpose: 'SELF_SERVICE', expect: { self: 'alice', fields: ALICE_SELF } },
  { who: 'bob', purpose: 'SELF_SERVICE', expect: { self: 'bob', fields: BOB_SELF } },
  { who: 'minji', purpose: 'SELF_SERVICE', expect: { self: 'minji', fields: MINJI_SELF } },
  { who: 'alice', purpose: null, expect: { self: 'alice', fields: ALL_PURPOSE_REQUIRED } },
  { who: 'bob', purpose: null, expect: { self: 'bob', fields: ALL_PURPOSE_REQUIRED } },
  { who: 'minji', purpose: null, expect: { self: 'minji', fields: ALL_PURPOSE_REQUIRED } },
  { who: 'alice', purpose: 'MARKETING', expect: 'FORBIDDEN_PURPOSE' },
  { who: 'anonymous', purpose: null, expect: 'UNAUTHENTICATED' },
  { who: 'anonymous', purpose: 'SELF_SERVICE', expect: 'FORBIDDEN_PURPOSE' },
  { who: 'guardian', purpose: 'SELF_SERVICE', expect: 'FORBIDDEN' },
  { who: 'guardian', purpose: null, expect: 'FORBIDDEN' },
  { who: 'cs-agent', purpose: 'MEMBER_MANAGEMENT', expect: 'FORBIDDEN' },
  { who: 'cs-agent', purpose: 'ORDER_FULFILLMENT', expect: 'FORBIDDEN' },
  { who: 'cs-agent', purpose: null, expect: 'FORBIDDEN' },
  { who: 'marketer', purpose: 'MARKETING', expect: 'FORBIDDEN' },
  { who: 'analyst', purpose: 'SERVICE_DEVELOPMENT', expect: 'FORBIDDEN' },
  { who: 'privacy-officer', purpose: 'MEMBER_MANAGEMENT', expect: 'FORBIDDEN' },
  { who: 'privacy-officer', purpose: 'LEGAL_REQUEST', expect: 'FORBIDDEN' },
  { who: 'partner-ads', purpose: 'MARKETING', expect: 'FORBIDDEN' },
  { who: 'courier', purpose: 'ORDER_FULFILLMENT', expect: 'FORBIDDEN' },
  { who: 'pg', purpose: 'PAYMENT_SETTLEMENT', expect: 'FORBIDDEN' },
  { who: 'hosting', purpose: null, expect: 'FORBIDDEN' },
];

const MY_CHILDREN: readonly RootRow[] = [
  { who: 'guardian', purpose: 'SELF_SERVICE', expect: { children: [{ child: 'minji', fields: MINJI_SELF }] } },
  { who: 'guardian', purpose: null, expect: { children: [{ child: 'minji', fields: ALL_PURPOSE_REQUIRED }] } },
  { who: 'guardian', purpose: 'MEMBER_MANAGEMENT', expect: 'FORBIDDEN_PURPOSE' },
  { who: 'anonymous', purpose: null, expect: 'UNAUTHENTICATED' },
  { who: 'alice', purpose: 'SELF_SERVICE', expect: 'FORBIDDEN' },
  { who: 'minji', purpose: 'SELF_SERVICE', expect: 'FORBIDDEN' },
  { who: 'cs-agent', purpose: 'MEMBER_MANAGEMENT', expect: 'FORBIDDEN' },
  { who: 'privacy-officer', purpose: 'LEGAL_REQUEST', expect: 'FORBIDDEN' },
  { who: 'partner-ads', purpose: 'MARKETING', expect: 'FORBIDDEN' },
  { who: 'courier', purpose: 'ORDER_FULFILLMENT', expect: 'FORBIDDEN' },
  { who: 'hosting', purpose: null, expect: 'FORBIDDEN' },
];

describe('§7 §13 policy expectations: me and myChildren', () => {
  let world: World;
  before(async () => {
    world = await setUpWorld();
  });
  after(() => world.t.stop());

  const rootCheck = (
    res: GraphQLResponse<unknown>,
    root: string,
    code: 'UNAUTHENTICATED' | 'FORBIDDEN' | 'FORBIDDEN_PURPOSE',
  ) => {
    if (code === 'FORBIDDEN_PURPOSE') return assertObjectOutcome(res, code, root);
    expect(errorSet(res)).to.deep.equal([`${root} ${code}`]);
    expect(res.data ?? null).to.equal(null);
  };

  for (const row of ME) {
    const outcome = typeof row.expect === 'string' ? row.expect : 'fields as tabled';
    it(`me as ${row.who} / ${label(row.purpose)}: ${outcome}`, async () => {
      const res = await gql<{ me: Record<string, unknown> | null }>(
        world.t.url,
        `{ me { id ${FIELDS.join(' ')} } }`,
        {},
        caller(world, row.who, row.purpose),
      );
      if (typeof row.expect === 'string') return rootCheck(res, 'me', row.expect);
      if (!('self' in row.expect)) throw new Error('me rows name one member');
      const want = expected(world.ids.get(row.expect.self)!, row.expect.fields, ['me']);
      expect(res.status).to.equal(200);
      expect(res.data?.me).to.deep.equal(want.data);
      expect(errorSet(res)).to.deep.equal([...want.errors].sort());
    });
  }

  for (const row of MY_CHILDREN) {
    const outcome = typeof row.expect === 'string' ? row.expect : 'fields as tabled';
    it(`myChildren as ${row.who} / ${label(row.purpose)}: ${outcome}`, async () => {
      const res = await gql<{ myChildren: Record<string, unknown>[] | null }>(
        world.t.url,
        `{ myChildren { id ${FIELDS.join(' ')} } }`,
        {},
        caller(world, row.who, row.purpose),
      );
      if (typeof row.expect === 'string') return rootCheck(res, 'myChildren', row.expect);
      if (!('children' in row.expect)) throw new Error('myChildren rows name children');
      expect(res.status).to.equal(200);
      const list = res.data?.myChildren ?? [];
      expect(list.map((c) => c.id).sort()).to.deep.equal(
        row.expect.children.map((c) => world.ids.get(c.child)!).sort(),
      );
      const wantErrors: string[] = [];
      for (const { child, fields } of row.expect.children) {
        const id = world.ids.get(child)!;
        const index = list.findIndex((c) => c.id === id);
        const want = expected(id, fields, ['myChildren', index]);
        expect(list[index]).to.deep.equal(want.data);
        wantErrors.push(...want.errors);
      }
      expect(errorSet(res)).to.deep.equal(wantErrors.sort());
    });
  }
});

// ---------------------------------------------------------------------------------------------------------------
// Open correction requests: UNDER_CORRECTION for every purpose but SELF_SERVICE, and only after the other checks;
// a value derived from a held field is held with it (§13: ageBand from birthDate, deliveryArea from address).
//
// Open: alice email, phone, address, birthDate, bankAccount; bob email; minji guardianName; jun name.
// Completed (holds nothing): alice loginId.

const CORRECTIONS: readonly Row[] = [
  { who: 'alice', purpose: 'SELF_SERVICE', member: 'alice', expect: ALICE_SELF },
  {
    who: 'cs-agent',
    purpose: 'MEMBER_MANAGEMENT',
    member: 'alice',
    expect: {
      loginId: 'alice',
      name: 'Alice Kim',
      email: UC,
      phone: UC,
      address: PD,
      deliveryArea: PD,
      birthDate: UC,
      gender: 'FEMALE',
      ageBand: UC,
      bankAccount: PD,
      cardNumber: PD,
      guardianName: null,
      guardianContact: null,
      signupIp: '203.0.113.10',
      browser: 'Firefox 132',
      os: 'Linux',
      inflowRoute: 'search',
    },
  },
  {
    who: 'cs-agent',
    purpose: 'ORDER_FULFILLMENT',
    member: 'alice',
    expect: {
      loginId: 'alice',
      name: 'Alice Kim',
      email: UC,
      phone: UC,
      address: UC,
      deliveryArea: UC,
      birthDate: PD,
      gender: PD,
      ageBand: PD,
      bankAccount: PD,
      cardNumber: PD,
      guardianName: PD,
      guardianContact: PD,
      signupIp: PD,
      browser: PD,
      os: PD,
      inflowRoute: PD,
    },
  },
  {
    who: 'marketer',
    purpose: 'MARKETING',
    member: 'alice',
    expect: {
      loginId: 'alice',
      name: 'Alice Kim',
      email: UC,
      phone: UC,
      address: PD,
      deliveryArea: PD,
      birthDate: UC,
      gender: 'FEMALE',
      ageBand: UC,
      bankAccount: PD,
      cardNumber: PD,
      guardianName: PD,
      guardianContact: PD,
      signupIp: PD,
      browser: PD,
      os: PD,
      inflowRoute: PD,
    },
  },
  {
    who: 'partner-ads',
    purpose: 'MARKETING',
    member: 'alice',
    expect: {
      loginId: 'alice',
      name: 'Alice Kim',
      email: UC,
      phone: UC,
      address: PD,
      deliveryArea: PD,
      birthDate: UC,
      gender: 'FEMALE',
      ageBand: UC,
      bankAccount: PD,
      cardNumber: PD,
      guardianName: PD,
      guardianContact: PD,
      signupIp: PD,
      browser: PD,
      os: PD,
      inflowRoute: PD,
    },
  },
  {
    who: 'courier',
    purpose: 'ORDER_FULFILLMENT',
    member: 'alice',
    expect: {
      loginId: PD,
      name: 'Alice Kim',
      email: PD,
      phone: UC,
      address: UC,
      deliveryArea: PD,
      birthDate: PD,
      gender: PD,
      ageBand: PD,
      bankAccount: PD,
      cardNumber: PD,
      guardianName: PD,
      guardianContact: PD,
      signupIp: PD,
      browser: PD,
      os: PD,
      inflowRoute: PD,
    },
  },
  {
    who: 'pg',
    purpose: 'PAYMENT_SETTLEMENT',
    member: 'alice',
    expect: {
      loginId: PD,
      name: 'Alice Kim',
      email: PD,
      phone: PD,
      address: PD,
      deliveryArea: PD,
      birthDate: PD,
      gender: PD,
      ageBand: PD,
      bankAccount: UC,
      cardNumber: '4111111111111111',
      guardianName: PD,
      guardianContact: PD,
      signupIp: PD,
      browser: PD,
      os: PD,
      inflowRoute: PD,
    },
  },
  {
    who: 'privacy-officer',
    purpose: 'LEGAL_REQUEST',
    member: 'alice',
    expect: {
      loginId: 'alice',
      name: 'Alice Kim',
      email: UC,
      phone: UC,
      address: UC,
      deliveryArea: UC,
      birthDate: UC,
      gender: 'FEMALE',
      ageBand: UC,
      bankAccount: UC,
      cardNumber: '************1111',
      guardianName: null,
      guardianContact: null,
      signupIp: '203.0.113.10',
      browser: 'Firefox 132',
      os: 'Linux',
      inflowRoute: 'search',
    },
  },
  { who: 'bob', purpose: 'SELF_SERVICE', member: 'bob', expect: BOB_SELF },
  {
    who: 'cs-agent',
    purpose: 'MEMBER_MANAGEMENT',
    member: 'bob',
    expect: {
      loginId: 'bob',
      name: 'Bob Lee',
      email: UC,
      phone: '010-2345-6789',
      address: PD,
      deliveryArea: PD,
      birthDate: BOB_BORN,
      gender: 'MALE',
      ageBand: '40S',
      bankAccount: PD,
      cardNumber: PD,
      guardianName: null,
      guardianContact: null,
      signupIp: '203.0.113.10',
      browser: 'Firefox 132',
      os: 'Linux',
      inflowRoute: 'search',
    },
  },
  // Consent is checked before the correction hold: bob has no MARKETING consent.
  {
    who: 'marketer',
    purpose: 'MARKETING',
    member: 'bob',
    expect: {
      loginId: CM,
      name: CM,
      email: CM,
      phone: CM,
      address: PD,
      deliveryArea: PD,
      birthDate: CM,
      gender: CM,
      ageBand: CM,
      bankAccount: PD,
      cardNumber: PD,
      guardianName: PD,
      guardianContact: PD,
      signupIp: PD,
      browser: PD,
      os: PD,
      inflowRoute: PD,
    },
  },
  { who: 'minji', purpose: 'SELF_SERVICE', member: 'minji', expect: MINJI_SELF },
  { who: 'guardian', purpose: 'SELF_SERVICE', member: 'minji', expect: MINJI_SELF },
  {
    who: 'cs-agent',
    purpose: 'MEMBER_MANAGEMENT',
    member: 'minji',
    expect: {
      loginId: 'minji',
      name: 'Minji Park',
      email: 'minji@example.com',
      phone: null,
      address: PD,
      deliveryArea: PD,
      birthDate: MINJI_BORN,
      gender: 'FEMALE',
      ageBand: 'UNDER_14',
      bankAccount: PD,
      cardNumber: PD,
      guardianName: UC,
      guardianContact: 'soyeon.park@example.com',
      signupIp: '203.0.113.10',
      browser: 'Firefox 132',
      os: 'Linux',
      inflowRoute: 'search',
    },
  },
  {
    who: 'privacy-officer',
    purpose: 'LEGAL_REQUEST',
    member: 'minji',
    expect: {
      loginId: 'minji',
      name: 'Minji Park',
      email: 'minji@example.com',
      phone: null,
      address: '3 Jongno, Seoul',
      deliveryArea: 'Seoul',
      birthDate: MINJI_BORN,
      gender: 'FEMALE',
      ageBand: 'UNDER_14',
      bankAccount: null,
      cardNumber: null,
      guardianName: UC,
      guardianContact: 'soyeon.park@example.com',
      signupIp: '203.0.113.10',
      browser: 'Firefox 132',
      os: 'Linux',
      inflowRoute: 'search',
    },
  },
  // The guardian check comes before the correction hold.
  {
    who: 'cs-agent',
    purpose: 'MEMBER_MANAGEMENT',
    member: 'jun',
    expect: {
      loginId: GCR,
      name: GCR,
      email: GCR,
      phone: GCR,
      address: PD,
      deliveryArea: PD,
      birthDate: GCR,
      gender: GCR,
      ageBand: GCR,
      bankAccount: PD,
      cardNumber: PD,
      guardianName: GCR,
      guardianContact: GCR,
      signupIp: GCR,
      browser: GCR,
      os: GCR,
      inflowRoute: GCR,
    },
  },
];

describe('§13 policy expectations: fields under correction', () => {
  let world: World;
  before(async () => {
    world = await setUpWorld();
    const { knex } = world.t.gateway.services;
    const open = (m: MemberName, field: string, status = 'OPEN') => ({
      id: randomUUID(),
      member_id: world.ids.get(m)!,
      field,
      new_value: 'corrected',
      reason: 'test: the value is wrong',
      status,
      requested_at: new Date(),
    });
    await knex('correction_request').insert([
      open('alice', 'email'),
      open('alice', 'phone'),
      open('alice', 'address'),
      open('alice', 'birthDate'),
      open('alice', 'bankAccount'),
      open('alice', 'loginId', 'COMPLETED'),
      open('bob', 'email'),
      open('minji', 'guardianName'),
      open('jun', 'name'),
    ]);
  });
  after(() => world.t.stop());

  defineRows(() => world, CORRECTIONS);
  // Listings only for the (principal, purpose) pairs whose rows above cover every member they reach.
  defineListings(
    () => world,
    CORRECTIONS,
    new Set([
      'cs-agent|MEMBER_MANAGEMENT',
      'partner-ads|MARKETING',
      'courier|ORDER_FULFILLMENT',
      'pg|PAYMENT_SETTLEMENT',
    ]),
  );
});

// ---------------------------------------------------------------------------------------------------------------
// Consent withdrawn after the fact: alice withdraws MARKETING, bob withdraws ESSENTIAL.

const WITHDRAWN_CONSENTS: readonly Row[] = [
  {
    who: 'marketer',
    purpose: 'MARKETING',
    member: 'alice',
    expect: {
      loginId: CM,
      name: CM,
      email: CM,
      phone: CM,
      address: PD,
      deliveryArea: PD,
      birthDate: CM,
      gender: CM,
      ageBand: CM,
      bankAccount: PD,
      cardNumber: PD,
      guardianName: PD,
      guardianContact: PD,
      signupIp: PD,
      browser: PD,
      os: PD,
      inflowRoute: PD,
    },
  },
  // Still reachable (provision consent stands) but MARKETING is missing.
  {
    who: 'partner-ads',
    purpose: 'MARKETING',
    member: 'alice',
    expect: {
      loginId: CM,
      name: CM,
      email: CM,
      phone: CM,
      address: PD,
      deliveryArea: PD,
      birthDate: CM,
      gender: CM,
      ageBand: CM,
      bankAccount: PD,
      cardNumber: PD,
      guardianName: PD,
      guardianContact: PD,
      signupIp: PD,
      browser: PD,
      os: PD,
      inflowRoute: PD,
    },
  },
  {
    who: 'cs-agent',
    purpose: 'MEMBER_MANAGEMENT',
    member: 'alice',
    expect: {
      loginId: 'alice',
      name: 'Alice Kim',
      email: 'alice@example.com',
      phone: '010-1234-5678',
      address: PD,
      deliveryArea: PD,
      birthDate: ALICE_BORN,
      gender: 'FEMALE',
      ageBand: '30S',
      bankAccount: PD,
      cardNumber: PD,
      guardianName: null,
      guardianContact: null,
      signupIp: '203.0.113.10',
      browser: 'Firefox 132',
      os: 'Linux',
      inflowRoute: 'search',
    },
  },
  {
    who: 'cs-agent',
    purpose: 'MEMBER_MANAGEMENT',
    member: 'bob',
    expect: {
      loginId: CM,
      name: CM,
      email: CM,
      phone: CM,
      address: PD,
      deliveryArea: PD,
      birthDate: CM,
      gender: CM,
      ageBand: CM,
      bankAccount: PD,
      cardNumber: PD,
      guardianName: CM,
      guardianContact: CM,
      signupIp: CM,
      browser: CM,
      os: CM,
      inflowRoute: CM,
    },
  },
  {
    who: 'cs-agent',
    purpose: 'ORDER_FULFILLMENT',
    member: 'bob',
    expect: {
      loginId: CM,
      name: CM,
      email: CM,
      phone: CM,
      address: CM,
      deliveryArea: CM,
      birthDate: PD,
      gender: PD,
      ageBand: PD,
      bankAccount: PD,
      cardNumber: PD,
      guardianName: PD,
      guardianContact: PD,
      signupIp: PD,
      browser: PD,
      os: PD,
      inflowRoute: PD,
    },
  },
  {
    who: 'privacy-officer',
    purpose: 'LEGAL_REQUEST',
    member: 'bob',
    expect: {
      loginId: 'bob',
      name: 'Bob Lee',
      email: 'bob@example.com',
      phone: '010-2345-6789',
      address: '2 Haeundae-ro, Busan',
      deliveryArea: 'Busan',
      birthDate: BOB_BORN,
      gender: 'MALE',
      ageBand: '40S',
      bankAccount: null,
      cardNumber: null,
      guardianName: null,
      guardianContact: null,
      signupIp: '203.0.113.10',
      browser: 'Firefox 132',
      os: 'Linux',
      inflowRoute: 'search',
    },
  },
  { who: 'bob', purpose: 'SELF_SERVICE', member: 'bob', expect: BOB_SELF },
];

describe('§1 §6 policy expectations: consents withdrawn', () => {
  let world: World;
  before(async () => {
    world = await setUpWorld();
    const { knex } = world.t.gateway.services;
    await knex('consent')
      .where({ member_id: world.ids.get('alice')!, purpose: 'MARKETING' })
      .update({ withdrawn_at: new Date() });
    await knex('consent')
      .where({ member_id: world.ids.get('bob')!, purpose: 'ESSENTIAL' })
      .update({ withdrawn_at: new Date() });
  });
  after(() => world.t.stop());

  defineRows(() => world, WITHDRAWN_CONSENTS);

  it('withdrawing the provision to partner-ads takes alice out of its reach entirely', async () => {
    const { knex } = world.t.gateway.services;
    await knex('consent')
      .where({ member_id: world.ids.get('alice')!, purpose: 'THIRD_PARTY_PROVISION', recipient: 'partner-ads' })
      .update({ withdrawn_at: new Date() });
    const one = await gql(
      world.t.url,
      MEMBER_QUERY,
      { id: world.ids.get('alice')! },
      caller(world, 'partner-ads', 'MARKETING'),
    );
    assertObjectOutcome(one, 'NOT_FOUND', 'member');
    const list = await gql<{ members: { edges: unknown[] } }>(
      world.t.url,
      MEMBERS_QUERY,
      {},
      caller(world, 'partner-ads', 'MARKETING'),
    );
    expect(list.errors ?? []).to.deep.equal([]);
    expect(list.data?.members.edges).to.deep.equal([]);
    // The marketer (staff) still reaches her, with MARKETING missing.
    const staff = await gql<{ member: { name: string | null } }>(
      world.t.url,
      'query($id: ID!) { member(id: $id) { name } }',
      { id: world.ids.get('alice')! },
      caller(world, 'marketer', 'MARKETING'),
    );
    expect(staff.data?.member.name).to.equal(null);
    expect(errorSet(staff)).to.deep.equal(['member.name CONSENT_MISSING']);
  });

  it('a provision consent to another partner does not open a member to partner-ads', async () => {
    const { knex } = world.t.gateway.services;
    await knex('consent').insert({
      id: randomUUID(),
      member_id: world.ids.get('bob')!,
      purpose: 'THIRD_PARTY_PROVISION',
      recipient: 'someone-else',
      policy_version: 1,
      granted_at: new Date(),
      method: 'SETTINGS',
      given_by: 'SELF',
    });
    const res = await gql(
      world.t.url,
      MEMBER_QUERY,
      { id: world.ids.get('bob')! },
      caller(world, 'partner-ads', 'MARKETING'),
    );
    assertObjectOutcome(res, 'NOT_FOUND', 'member');
  });
});
