import { isPersonalField } from '../../policy/categories';

/**
 * What a lawful request may see of a retained record (§6): the personal fields it names, at every depth. A nested
 * section (consents, supplies, complaints) keeps only the named fields inside it and is dropped when none remain;
 * any other key is left out, since only what the request names leaves the store.
 */
export function namedFieldsOnly(data: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    const kept = keep(key, value, fields);
    if (kept !== undefined) out[key] = kept;
  }
  return out;
}

function keep(key: string, value: unknown, fields: readonly string[]): unknown {
  if (isPersonalField(key)) return fields.includes(key) ? value : undefined;
  if (Array.isArray(value)) {
    const items = value.map((v) => (isObject(v) ? namedFieldsOnly(v, fields) : undefined)).filter((v) => v !== undefined && Object.keys(v).length > 0);
    return items.length > 0 ? items : undefined;
  }
  if (isObject(value)) {
    const inner = namedFieldsOnly(value, fields);
    return Object.keys(inner).length > 0 ? inner : undefined;
  }
  return undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
