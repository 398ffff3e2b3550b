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

/**
 * The contents of the privacy policy the gateway was built to implement, whose numbering test titles cite (`§13`).
 * The published policy is rendered from the operator's template and may number its sections otherwise; the promises
 * are these.
 */
export const POLICY_CONTENTS = [
  '1. Consent to collection of personal information',
  '2. Items of personal information to be collected and method of collection',
  '3. Purpose of collection and use of personal information',
  '4. Retention and use period of collected personal information',
  '5. Personal information destruction procedure and method',
  '6. Sharing and provision of collected personal information',
  "7. Matters concerning the management of the user's own personal information (view, correction, deletion, etc.)",
  '8. Operation and rejection of cookies',
  '9. Consignment processing of personal information',
  '10. Technical/administrative measures for personal information protection',
  '11. Matters concerning the collection of opinions and handling of complaints related to personal information',
  '12. Affiliation of personal information manager and person in charge - name and contact information',
  '13. Rights of users and legal representatives and how to exercise them',
  '14. Remedies for Infringement of Rights and Interests',
  '15. Duty of notice',
].join('\n');

/** The sections, from a table of contents (the first run of `N. Title` lines from 1). */
export function policySections(text = POLICY_CONTENTS): PolicySection[] {
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
