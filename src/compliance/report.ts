import type { PolicySection } from './sections';
import type { SectionTitle } from './test-titles';

export interface SectionCoverage {
  readonly section: PolicySection;
  readonly proofs: readonly SectionTitle[];
  /** An enforceable section that no test names. */
  readonly missing: boolean;
}

export function coverage(sections: readonly PolicySection[], titles: readonly SectionTitle[]): SectionCoverage[] {
  return sections.map((section) => {
    const proofs = titles.filter((t) => t.sections.includes(section.number));
    return { section, proofs, missing: section.organisational === null && proofs.length === 0 };
  });
}

/** The printed table: one block per section, its proving tests by file, or why none is needed. */
export function render(rows: readonly SectionCoverage[]): string {
  const lines: string[] = [];
  for (const { section, proofs, missing } of rows) {
    const state =
      section.organisational !== null
        ? 'organisational'
        : missing
          ? 'MISSING: no test names it'
          : `proved by ${proofs.length}`;
    lines.push(`§${section.number} ${section.title} — ${state}`);
    if (section.organisational !== null) lines.push(`    ${section.organisational}`);
    for (const p of proofs) lines.push(`    ${p.file}: ${p.title}`);
  }
  return lines.join('\n');
}
