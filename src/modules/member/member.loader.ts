import type { Knex } from '@mikro-orm/knex';
import type { MemberScope } from '../../policy/scope';
import type { MemberState } from '../../policy/member-state';
import { isUnder14 } from '../guardian';
import { withDerived } from '../../policy/derived-fields';
import { LOADED_COLUMNS } from './registry';
import { pendingFrom, reconsentColumns } from '../consent/reconsent';

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

const columns = LOADED_COLUMNS;

export interface GuardianRow {
  childId: string;
  name: string;
  contact: string;
  verifiedAt: unknown;
}

function scoped(knex: Knex, scope: MemberScope): Knex.QueryBuilder | null {
  const q = knex('member as m').select(columns).whereNot('m.status', 'WITHDRAWN');
  if (scope.withoutPendingChildren) q.whereNot('m.status', 'PENDING_GUARDIAN');
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

/**
 * One fact about a member `decide` needs: C/D a consent (D given by the guardian), G a guardian, H a field on hold,
 * V the policy version requiring re-consent in force (a) and the one her essential consent was given under (b).
 */
interface Fact {
  m: string;
  k: 'C' | 'D' | 'G' | 'H' | 'V';
  a: string;
  b: string | null;
  c: unknown;
}

/**
 * The facts about the members `ids` names (a list, or a subquery of ids), as one UNION ALL of (member, kind, a, b,
 * c): active consents, guardians, open corrections and the re-consent owed.
 */
function factsOf(knex: Knex, ids: readonly string[] | Knex.QueryBuilder, now: Date): Knex.QueryBuilder {
  const among = ids as string[];
  return knex
    .select(
      knex.raw(
        "member_id as m, case when given_by = 'GUARDIAN' then 'D' else 'C' end as k, purpose as a, recipient as b, null as c",
      ),
    )
    .from('consent')
    .whereIn('member_id', among)
    .whereNull('withdrawn_at')
    .unionAll((q) =>
      q
        .select(knex.raw("child_id as m, 'G' as k, name as a, contact as b, verified_at as c"))
        .from('guardian')
        .whereIn('child_id', among),
    )
    .unionAll((q) =>
      q
        .select(knex.raw("member_id as m, 'H' as k, field as a, null as b, null as c"))
        .from('correction_request')
        .whereIn('member_id', among)
        .where('status', 'OPEN'),
    )
    .unionAll((q) =>
      q
        .select(
          knex.raw("id as m, 'V' as k"),
          reconsentColumns(knex, 'member.id', now, ['a', 'b']),
          knex.raw('null as c'),
        )
        .from('member')
        .whereIn('id', among),
    );
}

export interface LoadedMembers {
  readonly rows: MemberRow[];
  readonly states: Map<string, MemberState>;
  readonly guardians: Map<string, GuardianRow>;
}

/**
 * Members within `scope` (ordered by id, after `after`, at most `limit`) together with everything `decide` needs
 * about them, in one statement whatever their number: the page as a CTE, left-joined to its facts (one row per
 * member and fact).
 */
export async function loadMembers(
  knex: Knex,
  scope: MemberScope,
  { id, after = null, limit }: { id?: string; after?: string | null; limit: number },
  now: Date,
): Promise<LoadedMembers> {
  const page = scoped(knex, scope);
  if (!page) return { rows: [], states: new Map(), guardians: new Map() };
  if (id !== undefined) page.where('m.id', id);
  if (after !== null) page.where('m.id', '>', after);
  page.orderBy('m.id').limit(limit);
  const joined = (await knex
    .with('page', page)
    .select('page.*', 'f.k as factKind', 'f.a as factA', 'f.b as factB', 'f.c as factC')
    .from('page')
    .leftJoin(factsOf(knex, knex('page').select('id'), now).as('f'), 'f.m', 'page.id')
    .orderBy('page.id')) as (MemberRow & {
    factKind: Fact['k'] | null;
    factA: string | null;
    factB: string | null;
    factC: unknown;
  })[];
  const rows: MemberRow[] = [];
  const facts: Fact[] = [];
  // A member's first joined row is her row (its fact columns ride along unread): copying it without them (object
  // rest) was the member read's largest cost in the profile.
  for (const row of joined) {
    if (rows.at(-1)?.id !== row.id) rows.push(row);
    if (row.factKind !== null) facts.push({ m: row.id, k: row.factKind, a: row.factA!, b: row.factB, c: row.factC });
  }
  return { rows, ...statesFrom(rows, facts, now) };
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
  if (rows.length === 0) return { states: new Map(), guardians: new Map() };
  const facts = (await factsOf(
    knex,
    rows.map((r) => r.id),
    now,
  )) as Fact[];
  return statesFrom(rows, facts, now);
}

function statesFrom(
  rows: readonly MemberRow[],
  facts: readonly Fact[],
  now: Date,
): { states: Map<string, MemberState>; guardians: Map<string, GuardianRow> } {
  const states = new Map<string, MemberState>();
  const guardians = new Map<string, GuardianRow>();
  const consents = new Map<string, Set<string>>();
  const holds = new Map<string, Set<string>>();
  /** Per member: the version she must agree to first, or null. */
  const reconsent = new Map<string, number | null>();
  const add = (map: Map<string, Set<string>>, key: string, value: string) => {
    const set = map.get(key) ?? new Set<string>();
    set.add(value);
    map.set(key, set);
  };
  const under14 = new Set(rows.filter((r) => isUnder14(r.birthDate, now)).map((r) => r.id));
  for (const f of facts) {
    // A member under 14 holds only the consents her guardian gave (§13), whatever an older path stored.
    if (f.k === 'C' && under14.has(f.m)) continue;
    if (f.k === 'V') reconsent.set(f.m, pendingFrom(f.a, f.b));
    else if (f.k === 'C' || f.k === 'D') add(consents, f.m, f.b ? `${f.a}:${f.b}` : f.a);
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
      // Until she agrees to a version that requires re-consent, nothing needing her consent goes on (§15).
      consents: reconsent.get(row.id) != null ? new Set() : (consents.get(row.id) ?? new Set()),
      fieldsOnHold: withDerived(holds.get(row.id) ?? []),
    });
  }
  return { states, guardians };
}
