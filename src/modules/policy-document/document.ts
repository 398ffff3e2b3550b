import { createHash } from 'node:crypto';
import type { PolicySnapshot } from './snapshot';

/** A block of a rendered policy: what the page and the plain text are both made from. */
export type Block =
  | { readonly type: 'p'; readonly text: string }
  | { readonly type: 'list'; readonly items: readonly string[] }
  | {
      readonly type: 'table';
      readonly caption: string;
      readonly head: readonly string[];
      readonly rows: readonly (readonly string[])[];
    };

export interface Section {
  /** A stable anchor for the page (`#third-parties`): the generated section's name, or one made from the heading. */
  readonly id: string;
  readonly heading: string;
  readonly blocks: readonly Block[];
}

/** One published version, as stored in `policy_version.document` (JSON) and never changed afterwards. */
export interface PolicyDocumentJson {
  readonly title: string;
  readonly intro: readonly Block[];
  readonly sections: readonly Section[];
  readonly enforcedFrom: string;
  /** What the version names, for staleness checks and consent receipts. */
  readonly snapshot: PolicySnapshot;
}

/** The plain-text form served as `text`: headings, paragraphs, "- " items, table rows as "a | b | c". */
export function documentText(doc: PolicyDocumentJson): string {
  const blocks = (list: readonly Block[]): string[] =>
    list.map((b) => {
      if (b.type === 'p') return b.text;
      if (b.type === 'list') return b.items.map((i) => `- ${i}`).join('\n');
      return [`${b.caption}:`, b.head.join(' | '), ...b.rows.map((r) => r.join(' | '))].join('\n');
    });
  return (
    [doc.title, ...blocks(doc.intro), ...doc.sections.flatMap((s) => [s.heading, ...blocks(s.blocks)])].join('\n\n') +
    '\n'
  );
}

/** SHA-256 (hex) over the stored text and document: a published version's hash never changes. */
export const contentHash = (text: string, document: string): string =>
  createHash('sha256').update(text).update('\u0000').update(document).digest('hex');
