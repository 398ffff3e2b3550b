import type { Services } from '../src/services';
import { hashSecret } from '../src/crypto/password';
import { encryptField, newWrappedDataKey, unwrapDataKey } from '../src/crypto/field-cipher';
import { BASELINE_POLICY_VERSION } from '../src/db/baseline';
import { BENCH_MEMBER_LOGIN, BENCH_PASSWORD, BENCH_STAFF_LOGIN } from './constants';

/**
 * Deterministic ids (UUID-shaped, lowercase hex) so that every bench gateway, each on its own fresh database,
 * holds the same rows and answers byte-identical bodies: the policy-on and policy-off responses can be compared.
 */
const benchId = (space: number, n: number): string =>
  `${space.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const MEMBER = 0,
  CONSENT = 1,
  SPECIAL = 2;

/** The member who logs in for (c): `me` on a gateway, `memberById` on the peer. */
export const BENCH_SELF_ID = benchId(SPECIAL, 1);

const GENDERS = ['FEMALE', 'MALE'] as const;
const AREAS = ['Seoul', 'Busan', 'Incheon', 'Daegu', 'Gwangju', 'Daejeon'] as const;

/** One seeded member's plain values: the gateway seals the bank account, the PostGraphile peer stores it masked. */
export interface BenchPerson {
  readonly id: string;
  readonly loginId: string;
  readonly name: string;
  readonly email: string;
  readonly phone: string;
  readonly address: string;
  readonly deliveryArea: string;
  readonly birthDate: string;
  readonly gender: string;
  readonly bankAccount: string;
  readonly signupIp: string;
  readonly browser: string;
  readonly os: string;
  readonly inflowRoute: string;
}

const birthDate = (i: number): string => {
  const d = new Date(Date.UTC(1960, 0, 1));
  d.setUTCDate(d.getUTCDate() + ((i * 37) % (40 * 365))); // born 1960–1999: adults, a spread of age bands
  return d.toISOString().slice(0, 10);
};

function person(id: string, i: number, loginId: string): BenchPerson {
  const num = String(i).padStart(4, '0');
  return {
    id,
    loginId,
    name: `Bench Member ${num}`,
    email: `${loginId}@bench.example`,
    phone: `010-${num}-${String((i * 7919) % 10000).padStart(4, '0')}`,
    address: `${i} Bench-ro, ${AREAS[i % AREAS.length]}`,
    deliveryArea: AREAS[i % AREAS.length]!,
    birthDate: birthDate(i),
    gender: GENDERS[i % GENDERS.length]!,
    bankAccount: `110-${num}-${String(i * 13).padStart(6, '0')}`,
    signupIp: `198.51.100.${(i % 254) + 1}`,
    browser: i % 3 === 0 ? 'Firefox 132' : 'Chrome 131',
    os: i % 2 === 0 ? 'Linux' : 'Android 15',
    inflowRoute: i % 4 === 0 ? 'search' : 'direct',
  };
}

/**
 * The `count` bench members and, last, the one that logs in (its id sorts after the others, so `members(first: …)`
 * pages never include it): the same values in every gateway and in the peer.
 */
export const benchPeople = (count: number): BenchPerson[] => [
  ...Array.from({ length: count }, (_, k) => person(benchId(MEMBER, k + 1), k + 1, `bench-${k + 1}`)),
  person(BENCH_SELF_ID, count + 1, BENCH_MEMBER_LOGIN),
];

export interface BenchSeed {
  readonly members: number;
  readonly staffLogin: string;
  readonly memberLogin: string;
}

/**
 * Fills an empty production-mode database for the bench: `count` active adult members, each with an ESSENTIAL
 * consent (so MEMBER_MANAGEMENT reads are allowed), a bank account sealed under its own data key, and every
 * personal column filled; plus a CS_AGENT staff account and a member account that can log in with BENCH_PASSWORD.
 * Plain knex batch inserts in one transaction (columns as in migrations/sqlite), not the ORM: 1,000 rows in well
 * under a second. `alongside: true` (bench/load.ts) adds them next to the development demo data instead of
 * requiring an empty database: the ids, login ids and emails used here never collide with the demo's.
 */
export async function seedBench(
  services: Services,
  count: number,
  { alongside = false }: { alongside?: boolean } = {},
): Promise<BenchSeed> {
  const { knex, keys } = services;
  const [{ n }] = (await knex('member').count({ n: '*' })) as [{ n: number | string }];
  if (Number(n) > 0 && !alongside) throw new Error(`bench seed needs an empty database; member has ${n} rows`);

  const hash = await hashSecret(BENCH_PASSWORD);
  const now = new Date();
  const member = (p: BenchPerson, passwordHash: string | null) => {
    const wrapped = newWrappedDataKey(keys.masterKey, p.id);
    const dataKey = unwrapDataKey(keys.masterKey, wrapped, p.id);
    return {
      id: p.id,
      login_id: p.loginId,
      password_hash: passwordHash,
      status: 'ACTIVE',
      session_version: 1,
      name: p.name,
      email: p.email,
      phone: p.phone,
      address: p.address,
      delivery_area: p.deliveryArea,
      birth_date: p.birthDate,
      gender: p.gender,
      wrapped_data_key: wrapped,
      bank_account_sealed: encryptField(dataKey, p.id, 'bankAccount', p.bankAccount),
      card_number_sealed: null,
      signup_ip: p.signupIp,
      browser: p.browser,
      os: p.os,
      inflow_route: p.inflowRoute,
      created_at: now,
      withdrawn_at: null,
    };
  };
  const consent = (memberId: string, i: number) => ({
    id: benchId(CONSENT, i),
    member_id: memberId,
    purpose: 'ESSENTIAL',
    recipient: null,
    policy_version: BASELINE_POLICY_VERSION,
    granted_at: now,
    withdrawn_at: null,
    method: 'BENCH',
    given_by: 'SELF',
  });

  const members = benchPeople(count).map((p) => member(p, p.loginId === BENCH_MEMBER_LOGIN ? hash : null));
  const consents = members.map((m, k) => consent(m.id, k + 1));

  await knex.transaction(async (trx) => {
    // 21 columns a row: 40 rows stay under SQLite's oldest bound-parameter limit (999).
    await knex.batchInsert('member', members, 40).transacting(trx);
    await knex.batchInsert('consent', consents, 80).transacting(trx);
    await trx('staff').insert({
      id: benchId(SPECIAL, 2),
      login_id: BENCH_STAFF_LOGIN,
      name: 'Bench CS Agent',
      password_hash: hash,
      role: 'CS_AGENT',
      session_version: 1,
      email: null,
      phone: null,
      position: null,
    });
  });
  return { members: members.length, staffLogin: BENCH_STAFF_LOGIN, memberLogin: BENCH_MEMBER_LOGIN };
}
