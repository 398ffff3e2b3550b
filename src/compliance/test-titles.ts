import fs from 'node:fs';
import path from 'node:path';

/** A mocha title that names a policy section, with the titles of the blocks around it. */
export interface SectionTitle {
  readonly file: string;
  /** Enclosing describe titles and this one, joined with ' › '. */
  readonly title: string;
  readonly sections: readonly number[];
}

const TITLE = /\b(describe|context|it|specify)(?:\.only|\.skip)?\(\s*(['"`])((?:\\.|(?!\2)[^\\])*)\2/g;
const SECTION = /§\s*(\d+)/g;

const sectionsIn = (title: string): number[] => [...new Set([...title.matchAll(SECTION)].map((m) => Number(m[1])))];

/**
 * The describe/it titles of one test file that carry `§N` (a describe's covers the tests inside it), each with its
 * enclosing describe titles, found by brace depth. Read as text: the suite is not run.
 */
export function titlesIn(file: string, source: string): SectionTitle[] {
  const out: SectionTitle[] = [];
  const open: { depth: number; title: string }[] = [];
  const depthAt: number[] = [];
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    depthAt[i] = depth;
  }
  for (const m of source.matchAll(TITLE)) {
    const at = m.index ?? 0;
    const d = at === 0 ? 0 : depthAt[at - 1]!;
    while (open.length > 0 && open.at(-1)!.depth >= d) open.pop();
    const title = m[3]!;
    const sections = sectionsIn(title);
    if (sections.length > 0) out.push({ file, title: [...open.map((o) => o.title), title].join(' › '), sections });
    if (m[1] === 'describe' || m[1] === 'context') open.push({ depth: d, title });
  }
  return out;
}

/** Every `*.test.ts` under `dir`, recursively, in path order. */
export function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...testFiles(full));
    else if (entry.name.endsWith('.test.ts')) out.push(full);
  }
  return out.sort();
}
