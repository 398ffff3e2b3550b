import type { Block, PolicyDocumentJson } from '../policy-document';
import { GENERATED_SECTIONS } from '../policy-document';

/** Every value on the pages goes through this: nothing from the database or template reaches HTML unescaped. */
export const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const e = escapeHtml;

function block(b: Block): string {
  if (b.type === 'p') return `<p>${e(b.text)}</p>`;
  if (b.type === 'list') return `<ul>${b.items.map((i) => `<li>${e(i)}</li>`).join('')}</ul>`;
  const head = b.head.map((h) => `<th scope="col">${e(h)}</th>`).join('');
  const rows = b.rows
    .map((r) => `<tr>${r.map((c, i) => `<td data-label="${e(b.head[i] ?? '')}">${e(c)}</td>`).join('')}</tr>`)
    .join('');
  return `<div class="table"><table><caption>${e(b.caption)}</caption><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

/** The frame every policy page shares: one stylesheet served by the gateway, no script. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<link rel="stylesheet" href="/privacy/style.css">
</head>
<body>
<header class="shop"><a class="brand" href="/privacy">bettra</a><nav><a href="/privacy">Privacy policy</a><a href="/privacy/versions">All versions</a></nav></header>
<main>
${body}
</main>
<footer class="shop"><p>Questions about your personal information? Write to the privacy officer named in this policy.</p></footer>
</body>
</html>
`;
}

export interface VersionMeta {
  readonly version: number;
  readonly enforcedFrom: string;
  readonly contentHash: string | null;
  readonly inForce: boolean;
}

/** The intro promises that generated sections are marked: this is the mark. */
const generatedNote = (id: string): string =>
  (GENERATED_SECTIONS as readonly string[]).includes(id)
    ? '<p class="generated">Generated from the settings our systems enforce</p>'
    : '';

/** A rendered version: a contents list, then one `<section>` per heading with its tables. */
export function policyBody(doc: PolicyDocumentJson, meta: VersionMeta): string {
  const status = meta.inForce ? 'In force' : 'Earlier version';
  const toc = doc.sections.map((s) => `<li><a href="#${e(s.id)}">${e(s.heading)}</a></li>`).join('');
  const sections = doc.sections
    .map(
      (s) =>
        `<section id="${e(s.id)}" aria-labelledby="${e(s.id)}-h"><h2 id="${e(s.id)}-h">${e(s.heading)}</h2>${generatedNote(s.id)}${s.blocks.map(block).join('')}</section>`,
    )
    .join('\n');
  return `<article class="policy">
<h1>${e(doc.title)}</h1>
<p class="meta"><span class="badge${meta.inForce ? ' current' : ''}">${status}</span> Version ${meta.version} · in force from <time datetime="${e(meta.enforcedFrom)}">${e(meta.enforcedFrom)}</time></p>
${doc.intro.map(block).join('')}
<nav class="toc" aria-label="Contents"><h2>Contents</h2><ol>${toc}</ol></nav>
${sections}
${meta.contentHash ? `<p class="hash">SHA-256 of this version: <code>${e(meta.contentHash)}</code></p>` : ''}
</article>`;
}

/** A version stored as text only (published before the policy was generated): shown as it was published. */
export const textBody = (text: string, meta: VersionMeta): string =>
  `<article class="policy"><h1>Privacy policy, version ${meta.version}</h1><p class="meta">In force from ${e(meta.enforcedFrom)}</p><pre class="legacy">${e(text)}</pre></article>`;
