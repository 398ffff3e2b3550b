import { isPersonalField } from '../../policy/categories';

/**
 * What a lawful request may see of a retained record (§6): of the personal fields, only those it names, at every
 * depth (a nested section such as supplies or guardians loses the unnamed ones too; an entry left empty is dropped).
 * The record's own facts — dates, amounts, method, a complaint's text — are what the law retains it for and
 * stay.
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
    return value
      .map((v) => (isObject(v) ? namedFieldsOnly(v, fields) : v))
      .filter((v) => !isObject(v) || Object.keys(v).length > 0);
  }
  if (isObject(value)) {
    const inner = namedFieldsOnly(value, fields);
    return Object.keys(inner).length > 0 ? inner : undefined;
  }
  return value;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
