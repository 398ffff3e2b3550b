import type { Path } from 'graphql/jsutils/Path';
import type { AccessAction } from './access-log.entity';

interface MemberAccess {
  action: AccessAction | null;
  fields: Set<string>;
  denied: Map<string, string>;
}

/** Where a returned value sits in the response, and whose value of which field it is (null: not a member's). */
interface Returned {
  readonly at: Path;
  readonly source: { memberId: string; field: string } | null;
}

/** One member's personal fields decided together at one place of the response (src/policy/member-decisions.ts). */
interface PlaceRead {
  readonly memberId: string;
  readonly at: Path;
  readonly fields: readonly string[];
  readonly keys: readonly (readonly string[])[];
  readonly decisions: readonly string[];
}

/**
 * Gathers, while one operation executes, every personal field decided for every member it touched; the access-log
 * plugin turns it into one row per member when the operation ends.
 */
export class AccessCollector {
  private readonly members = new Map<string | null, MemberAccess>();
  private readonly single: Returned[] = [];
  private readonly places: PlaceRead[] = [];

  private entry(memberId: string | null): MemberAccess {
    let e = this.members.get(memberId);
    if (!e) {
      e = { action: null, fields: new Set(), denied: new Map() };
      this.members.set(memberId, e);
    }
    return e;
  }

  read(memberId: string, field: string, denialCode: string | null, path: Path): void {
    const e = this.entry(memberId);
    if (denialCode === null) {
      e.fields.add(field);
      this.single.push({ at: path, source: { memberId, field } });
    } else if (!e.fields.has(field)) {
      e.denied.set(field, denialCode);
    }
  }

  /**
   * Every personal field asked of one member at one place (`at`, the member's path), decided together; a field is
   * returned under each of its response keys (`keys`, same index as `fields`) when its decision is ALLOW.
   */
  readAll(
    memberId: string,
    at: Path,
    fields: readonly string[],
    keys: readonly (readonly string[])[],
    decisions: readonly string[],
  ): void {
    const e = this.entry(memberId);
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!;
      if (decisions[i] === 'ALLOW') e.fields.add(field);
      else if (!e.fields.has(field)) e.denied.set(field, decisions[i]!);
    }
    this.places.push({ memberId, at, fields, keys, decisions });
  }

  /** A non-read processing (CHANGE, INPUT, DELETE, DOWNLOAD) of these fields; `memberId` null for log searches. */
  process(memberId: string | null, action: AccessAction, fields: readonly string[], withheldAt?: Path): void {
    const e = this.entry(memberId);
    e.action = action;
    for (const f of fields) e.fields.add(f);
    if (withheldAt)
      this.single.push({ at: withheldAt, source: memberId === null ? null : { memberId, field: fields.join(',') } });
  }

  /** Every returned value, where it sits and whose it is: withheld if the log cannot be written. Built on demand. */
  returned(): Returned[] {
    const out = [...this.single];
    for (const p of this.places) {
      p.fields.forEach((field, i) => {
        if (p.decisions[i] !== 'ALLOW') return;
        for (const key of p.keys[i]!)
          out.push({ at: { prev: p.at, key, typename: undefined }, source: { memberId: p.memberId, field } });
      });
    }
    return out;
  }

  /** Where personal values sit in the response, to withhold them if the log cannot be written. */
  get paths(): Path[] {
    return this.returned().map((r) => r.at);
  }

  /** For each of `paths`, whose value of which field it holds (null for non-field entries). */
  get sources(): ({ memberId: string; field: string } | null)[] {
    return this.returned().map((r) => r.source);
  }

  get empty(): boolean {
    return this.members.size === 0;
  }

  entries(): {
    memberId: string | null;
    action: AccessAction | null;
    fields: string[];
    denied: Record<string, string>;
  }[] {
    return [...this.members].map(([memberId, e]) => ({
      memberId,
      action: e.action,
      fields: [...e.fields],
      denied: Object.fromEntries(e.denied),
    }));
  }
}
