import type { GraphQLResolveInfo } from 'graphql';
import type { Path } from 'graphql/jsutils/Path';
import type { Principal } from '../auth/principal';
import type { AccessCollector } from '../audit/collector';
import type { PersonalField } from './categories';
import { decide, type LawfulScope } from './decide';
import { outcome, refuse, type Decision } from './decision';
import { stateOf } from './member-state';
import type { Purpose } from './purposes';
import { placeOf, selectionPlan, type PersonalSelection } from './selection';

interface Decided {
  readonly parent: object;
  readonly selection: PersonalSelection;
  readonly decisions: readonly Decision[];
}

const NOTHING: PersonalSelection = { fields: [], keys: [] };

/**
 * The personal-field decisions of one request. The first personal field asked of a member at one place of the
 * response decides, in one go, every personal field the operation asks there (fragments and aliases included), for
 * this principal and purpose, on the state the member carries (src/policy/member-state.ts), and records them for
 * the access log; the other fields there read their decision. A member carrying no state of its own is NOT_FOUND
 * for every field: fail closed.
 */
export class MemberDecisions {
  private readonly byPlace = new Map<Path, Decided>();

  constructor(
    private readonly principal: Principal,
    private readonly purpose: Purpose | null,
    private readonly lawful: LawfulScope | null,
    private readonly access: AccessCollector,
  ) {}

  /** The decision on `field` of `parent` (a member) where `info` resolves it. */
  of(parent: { id: string }, field: PersonalField, info: GraphQLResolveInfo): Decision {
    const place = info.path.prev;
    if (place === undefined) return this.alone(parent, field, info);
    let decided = this.byPlace.get(place);
    if (decided === undefined || decided.parent !== parent) {
      decided = this.decideAll(parent, place, info);
      this.byPlace.set(place, decided);
    }
    const i = decided.selection.fields.indexOf(field);
    return i < 0 ? this.alone(parent, field, info) : decided.decisions[i]!;
  }

  private decideOne(parent: { id: string }, field: PersonalField): Decision {
    const state = stateOf(parent);
    return state ? decide(this.principal, this.purpose, field, state, this.lawful) : refuse('NOT_FOUND');
  }

  private decideAll(parent: { id: string }, place: Path, info: GraphQLResolveInfo): Decided {
    const selection = selectionPlan(info).get(placeOf(place)) ?? NOTHING;
    const decisions = selection.fields.map((f) => this.decideOne(parent, f));
    this.access.readAll(parent.id, place, selection.fields, selection.keys, decisions.map(outcome));
    return { parent, selection, decisions };
  }

  /** A field the plan did not foresee at its place: decided and recorded by itself. */
  private alone(parent: { id: string }, field: PersonalField, info: GraphQLResolveInfo): Decision {
    const decision = this.decideOne(parent, field);
    this.access.read(parent.id, field, decision.allowed ? null : decision.code, info.path);
    return decision;
  }
}
