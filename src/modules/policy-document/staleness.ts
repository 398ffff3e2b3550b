import type { ListedPartner, PolicySnapshot } from './snapshot';

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function keyed<T>(listed: Record<string, T>, live: Record<string, T>, what: string): string[] {
  const reasons: string[] = [];
  for (const key of new Set([...Object.keys(listed), ...Object.keys(live)])) {
    if (!(key in listed)) reasons.push(`${what} ${key} is not in the policy`);
    else if (!(key in live)) reasons.push(`${what} ${key} is in the policy but no longer exists`);
    else if (!same(listed[key], live[key])) reasons.push(`${what} ${key} changed since the policy was published`);
  }
  return reasons;
}

const byId = <T extends { clientId: string }>(list: readonly T[]): Record<string, T> =>
  Object.fromEntries(list.map((x) => [x.clientId, x]));

/** Why `listed` (a version's snapshot) no longer describes `live`; empty when it still does. */
export function staleReasons(listed: PolicySnapshot, live: PolicySnapshot): string[] {
  return [
    ...keyed(byId(listed.partners), byId(live.partners), 'partner'),
    ...keyed(byId(listed.consignees), byId(live.consignees), 'consignee'),
    ...keyed(listed.purposes, live.purposes, 'purpose'),
    ...keyed(listed.fields, live.fields, 'personal field'),
    ...(same(listed.collection, live.collection) ? [] : ['the items collected at sign-up changed']),
    ...keyed(listed.retention, live.retention, 'retention category'),
    ...(listed.accessLogDays === live.accessLogDays
      ? []
      : [`access records are kept ${live.accessLogDays} days, the policy says ${listed.accessLogDays}`]),
    ...(listed.visitLogDays === live.visitLogDays
      ? []
      : [`codes and notices are kept ${live.visitLogDays} days, the policy says ${listed.visitLogDays}`]),
    ...(same(listed.periods, live.periods)
      ? []
      : ['the periods of visitor complaints, visitor cookie choices or messages changed']),
    ...(same(listed.cookies, live.cookies) ? [] : ['the cookies changed']),
    ...(same(listed.officer, live.officer)
      ? []
      : [live.officer ? 'the privacy officer changed' : 'no privacy officer is designated']),
  ];
}

/**
 * Null when the version lists this partner exactly as it is registered (purposes and fields) and the purposes it
 * declares still read what they read then; otherwise why the version does not name it. Such a partner receives nothing.
 */
export function partnerGap(
  listed: PolicySnapshot | null,
  partner: Pick<ListedPartner, 'clientId' | 'purposes' | 'fields'>,
  live: Record<string, unknown>,
): string | null {
  const entry = listed?.partners.find((p) => p.clientId === partner.clientId);
  if (!entry) return 'the privacy policy in force does not name this partner';
  if (!same(entry.purposes, [...partner.purposes].sort()) || !same(entry.fields, [...partner.fields].sort())) {
    return 'the privacy policy in force does not name this partner with its registered purposes and fields';
  }
  const changed = entry.purposes.find((p) => !same(listed!.purposes[p], live[p]));
  if (changed) return `the privacy policy in force describes purpose ${changed} otherwise than the gateway enforces it`;
  return null;
}
