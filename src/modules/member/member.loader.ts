import type { Knex } from '@mikro-orm/knex';
import type { MemberScope } from '../../policy/scope';
import type { MemberState } from '../../policy/member-state';
import { isUnder14 } from '../guardian';
import { withDerived } from '../../policy/derived-fields';

/** The columns a member view reads: plain rows, no entity hydration (reads are the hot path). */
export interface MemberRow {
  id: string;
  status: MemberState['status'];
  loginId: string;
  name: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  deliveryArea: string | null;
  birthDate: string | null;
  gender: string | null;
  wrappedDataKey: string | null;
  bankAccountSealed: string | null;
  cardNumberSealed: string | null;
  signupIp: string | null;
  browser: string | null;
  os: string | null;
  inflowRoute: string | null;
}

const columns = [
  'm.id',
  'm.status',
  'm.login_id as loginId',
  'm.name',
  'm.email',
  'm.phone',
  'm.address',
  'm.delivery_area as deliveryArea',
  'm.birth_date as birthDate',
  'm.gender',
  'm.wrapped_data_key as wrappedDataKey',
  'm.bank_account_sealed as bankAccountSealed',
  'm.card_number_sealed as cardNumberSealed',
  'm.signup_ip as signupIp',
  'm.browser',
  'm.os',
  'm.inflow_route as inflowRoute',
];

export interface GuardianRow {
  childId: string;
  name: string;
  contact: string;
  verifiedAt: unknown;
}

function scoped(knex: Knex, scope: MemberScope): Knex.QueryBuilder | null {
  const q = knex('member as m').select(columns).whereNot('m.status', 'WITHDRAWN');
  switch (scope.kind) {
    case 'NONE':
      return null;
    case 'ALL':
      return q;
    case 'IDS':
      return q.whereIn('m.id', scope.ids as string[]);
    case 'PROVISION_CONSENTED':
      return q.whereExists(
        knex('consent as c')
          .select(knex.raw('1'))
          .whereRaw('c.member_id = m.id')
          .where({ 'c.purpose': 'THIRD_PARTY_PROVISION', 'c.recipient': scope.clientId })
          .whereNull('c.withdrawn_at'),
      );
    case 'ASSIGNED':
      return q.whereExists(
        knex('assignment as a')
          .select(knex.raw('1'))
          .whereRaw('a.member_id = m.id')
          .where('a.consignee_id', scope.consigneeId)
          .whereNull('a.ended_at')
          .where((w) => w.whereNull('a.ends_at').orWhere('a.ends_at', '>', scope.at)),
      );
  }
}

export async function findMember(knex: Knex, scope: MemberScope, id: string): Promise<MemberRow | null> {
  const q = scoped(knex, scope);
  if (!q) return null;
  const [row] = (await q.where('m.id', id).limit(1)) as MemberRow[];
  return row ?? null;
}

export async function listMembers(
  knex: Knex,
  scope: MemberScope,
  first: number,
  after: string | null,
): Promise<MemberRow[]> {
  const q = scoped(knex, scope);
  if (!q) return [];
  if (after !== null) q.where('m.id', '>', after);
  return (await q.orderBy('m.id').limit(first + 1)) as MemberRow[];
}

/**
 * Everything `decide` needs about these members, in one round trip whatever their number: active consents,
 * guardians and open corrections, as one UNION ALL of (member, kind, a, b, c); kind D is a consent the guardian gave.
 */
export async function loadMemberStates(
  knex: Knex,
  rows: readonly MemberRow[],
  now: Date,
): Promise<{ states: Map<string, MemberState>; guardians: Map<string, GuardianRow> }> {
  const ids = rows.map((r) => r.id);
  const states = new Map<string, MemberState>();
  const guardians = new Map<string, GuardianRow>();
  if (ids.length === 0) return { states, guardians };
  const facts = (await knex
    .select(
      knex.raw(
        "member_id as m, case when given_by = 'GUARDIAN' then 'D' else 'C' end as k, purpose as a, recipient as b, null as c",
      ),
    )
    .from('consent')
    .whereIn('member_id', ids)
    .whereNull('withdrawn_at')
    .unionAll((q) =>
      q
        .select(knex.raw("child_id as m, 'G' as k, name as a, contact as b, verified_at as c"))
        .from('guardian')
        .whereIn('child_id', ids),
    )
    .unionAll((q) =>
      q
        .select(knex.raw("member_id as m, 'H' as k, field as a, null as b, null as c"))
        .from('correction_request')
        .whereIn('member_id', ids)
        .where('status', 'OPEN'),
    )) as { m: string; k: 'C' | 'D' | 'G' | 'H'; a: string; b: string | null; c: unknown }[];
  const consents = new Map<string, Set<string>>();
  const holds = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, key: string, value: string) => {
    const set = map.get(key) ?? new Set<string>();
    set.add(value);
    map.set(key, set);
  };
  const under14 = new Set(rows.filter((r) => isUnder14(r.birthDate, now)).map((r) => r.id));
  for (const f of facts) {
    // A member under 14 holds only the consents her guardian gave (§13), whatever an older path stored.
    if (f.k === 'C' && under14.has(f.m)) continue;
    if (f.k === 'C' || f.k === 'D') add(consents, f.m, f.b ? `${f.a}:${f.b}` : f.a);
    else if (f.k === 'H') add(holds, f.m, f.a);
    else guardians.set(f.m, { childId: f.m, name: f.a, contact: f.b ?? '', verifiedAt: f.c });
  }
  for (const row of rows) {
    const guardian = guardians.get(row.id);
    states.set(row.id, {
      id: row.id,
      status: row.status,
      under14: under14.has(row.id),
      guardianVerified: guardian !== undefined && guardian.verifiedAt !== null,
      consents: consents.get(row.id) ?? new Set(),
      fieldsOnHold: withDerived(holds.get(row.id) ?? []),
    });
  }
  return { states, guardians };
}
