import type { PersonalField } from './categories';

/**
 * Values computed from another field (§13): while the source is held for correction, so is each value derived
 * from it, or the held value would leak through what it determines.
 */
export const DERIVED_FROM: Readonly<Partial<Record<PersonalField, readonly PersonalField[]>>> = {
  birthDate: ['ageBand'],
  address: ['deliveryArea'],
};

/** The fields on hold when `sources` have open corrections: the sources and everything derived from them. */
export function withDerived(sources: Iterable<string>): Set<string> {
  const held = new Set<string>();
  for (const s of sources) {
    held.add(s);
    for (const d of DERIVED_FROM[s as PersonalField] ?? []) held.add(d);
  }
  return held;
}
