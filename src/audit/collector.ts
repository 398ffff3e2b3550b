import type { Path } from 'graphql/jsutils/Path';
import type { AccessAction } from './access-log.entity';

interface MemberAccess {
  action: AccessAction | null;
  fields: Set<string>;
  denied: Map<string, string>;
}

/**
 * Gathers, while one operation executes, every personal field decided for every member it touched; the access-log
 * plugin turns it into one row per member when the operation ends.
 */
export class AccessCollector {
  private readonly members = new Map<string | null, MemberAccess>();
  /** Where personal values sit in the response, to withhold them if the log cannot be written. */
  readonly paths: Path[] = [];
  /** For each path, whose value of which field it holds (same index as `paths`; null for non-field entries). */
  readonly sources: ({ memberId: string; field: string } | null)[] = [];

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
      this.paths.push(path);
      this.sources.push({ memberId, field });
    } else if (!e.fields.has(field)) {
      e.denied.set(field, denialCode);
    }
  }

  /** A non-read processing (CHANGE, INPUT, DELETE, DOWNLOAD) of these fields; `memberId` null for log searches. */
  process(memberId: string | null, action: AccessAction, fields: readonly string[], withheldAt?: Path): void {
    const e = this.entry(memberId);
    e.action = action;
    for (const f of fields) e.fields.add(f);
    if (withheldAt) {
      this.paths.push(withheldAt);
      this.sources.push(memberId === null ? null : { memberId, field: fields.join(',') });
    }
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
