import fs from 'node:fs';
import path from 'node:path';

export interface PolicySection {
  readonly number: number;
  readonly title: string;
  /** Set when no code can enforce the section: why it is kept by the organisation instead. */
  readonly organisational: string | null;
}

/**
 * Sections whose promise is kept by people or by bodies outside the gateway. Every other section is one the
 * gateway enforces, and `npm run compliance` fails while no test proves it.
 */
const ORGANISATIONAL: Readonly<Record<number, string>> = {
  14: 'remedies are the outside bodies the text lists (KISA, the mediation committee, prosecutors, police); the gateway serves the text',
};

const POLICY_FILE = path.join(__dirname, '../modules/policy-version/privacy-policy-v1.txt');

/** The sections of the served policy, from its table of contents (the first run of `N. Title` lines from 1). */
export function policySections(text = fs.readFileSync(POLICY_FILE, 'utf8')): PolicySection[] {
  const out: PolicySection[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\d+)\.\s+(.+?)\s*$/.exec(line);
    if (!m) continue;
    const number = Number(m[1]);
    if (number !== out.length + 1) {
      if (out.length > 0) break;
      continue;
    }
    out.push({ number, title: m[2]!, organisational: ORGANISATIONAL[number] ?? null });
  }
  return out;
}
