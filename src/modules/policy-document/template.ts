import fs from 'node:fs';
import path from 'node:path';
import { InternalError } from '../../internal-error';

/** The generated sections a template places with a `{{name}}` line (`{{name?}}`: may be empty, then says so). */
export const GENERATED_SECTIONS = [
  'items',
  'purposes',
  'retention',
  'third-parties',
  'consignees',
  'cookies',
  'officer',
  'enforcement',
] as const;

export type GeneratedSection = (typeof GENERATED_SECTIONS)[number];

export type TemplateLine =
  | { readonly kind: 'title' | 'heading' | 'text' | 'item'; readonly text: string }
  | { readonly kind: 'blank' }
  | { readonly kind: 'generated'; readonly section: GeneratedSection; readonly mayBeEmpty: boolean };

/**
 * A template that cannot be used; the message names the line and what is wrong, for the operator. `OFFICER_MISSING`:
 * the template is fine but the shop has no privacy officer to name yet.
 */
export class TemplateError extends InternalError<'TEMPLATE_INVALID' | 'OFFICER_MISSING'> {
  constructor(message: string, code: 'TEMPLATE_INVALID' | 'OFFICER_MISSING' = 'TEMPLATE_INVALID') {
    super(code, message);
  }
}

/** The demo shop's template, used unless POLICY_TEMPLATE names the operator's own file. */
export const DEFAULT_TEMPLATE = path.join(__dirname, 'default-template.md');

export const readTemplate = (file: string | undefined): string => fs.readFileSync(file ?? DEFAULT_TEMPLATE, 'utf8');

const isGenerated = (name: string): name is GeneratedSection =>
  (GENERATED_SECTIONS as readonly string[]).includes(name);

/**
 * Parses the template format: `# title`, `## section heading`, `- item`, blank lines between paragraphs, and a
 * line holding only `{{section}}` where a generated section goes. Every generated section must appear exactly once:
 * the law asks for each of them. A `{{…}}` anywhere else, or naming no generated section, is refused.
 */
export function parseTemplate(source: string): TemplateLine[] {
  const lines: TemplateLine[] = [];
  const seen = new Set<string>();
  source
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .forEach((raw, i) => {
      const line = raw.trim();
      const marker = /^\{\{\s*([a-z-]+)(\?)?\s*\}\}$/.exec(line);
      if (marker) {
        const name = marker[1]!;
        if (!isGenerated(name))
          throw new TemplateError(
            `line ${i + 1}: unknown section {{${name}}}; the sections are ${GENERATED_SECTIONS.join(', ')}`,
          );
        if (seen.has(name)) throw new TemplateError(`line ${i + 1}: section {{${name}}} appears twice`);
        seen.add(name);
        lines.push({ kind: 'generated', section: name, mayBeEmpty: marker[2] === '?' });
      } else if (/\{\{|\}\}/.test(line)) {
        const name = /\{\{\s*([^}]*)\}\}/.exec(line)?.[1]?.trim() ?? line;
        throw new TemplateError(
          `line ${i + 1}: unknown section {{${name}}}: a section stands alone on its line; the sections are ${GENERATED_SECTIONS.join(', ')}`,
        );
      } else if (line === '') lines.push({ kind: 'blank' });
      else if (line.startsWith('## ')) lines.push({ kind: 'heading', text: line.slice(3).trim() });
      else if (line.startsWith('# ')) lines.push({ kind: 'title', text: line.slice(2).trim() });
      else if (line.startsWith('- ')) lines.push({ kind: 'item', text: line.slice(2).trim() });
      else lines.push({ kind: 'text', text: line });
    });
  const missing = GENERATED_SECTIONS.filter((s) => !seen.has(s));
  if (missing.length > 0)
    throw new TemplateError(
      `the template has no ${missing.map((s) => `{{${s}}}`).join(', ')}: the policy must state ${missing.length === 1 ? 'it' : 'them'}`,
    );
  if (!lines.some((l) => l.kind === 'title')) throw new TemplateError('the template has no "# " title line');
  return lines;
}

/** Text left from a template that was never filled in ("ooo", "0000-00-00", "[Name of courier company]", "name :"). */
const PLACEHOLDERS: readonly [RegExp, string][] = [
  [/\booo\b/i, '"ooo"'],
  [/0000-00-00/, 'the date 0000-00-00'],
  [/\bTODO\b|\bTBD\b/, 'TODO'],
  [/\[[^\]\n]*\b(name|company|details|contents)\b[^\]\n]*\]/i, 'a bracketed blank'],
  [/^[^\n:]{1,40}:\s*$/m, 'a label with no value'],
];

export function findPlaceholder(text: string): string | null {
  for (const [pattern, what] of PLACEHOLDERS) {
    const hit = pattern.exec(text);
    if (hit) return `${what} ("${hit[0].trim().slice(0, 60)}")`;
  }
  return null;
}
