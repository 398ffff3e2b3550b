// "Access history": every read, change, download and refused attempt on the member's data (§10, §13), newest
// first, and what left to third parties and service providers.
import { busy, fill, formatTime, h, table } from './dom.js';
import { ACCESSORS, ACTIONS, DENIALS, PURPOSES, fieldLabel } from './labels.js';
import { read, session } from './subject.js';

const PAGE = 25;
const ENTRY = 'at accessorKind accessorName action purpose fields denied { field code }';
const HISTORY = `accessHistory(first: ${PAGE}, after: $after) { edges { node { ${ENTRY} } } pageInfo { hasNextPage endCursor } }`;
const PROVISIONS = 'provisions { at recipientName recipientKind purpose fields }';

/** The member's own visits (or, for a child, the guardian's): hidden unless asked for, so others' reads stand out. */
const ownKind = () => (session.kind === 'GUARDIAN' ? 'GUARDIAN' : 'MEMBER');

function who(entry) {
  if (entry.accessorKind === ownKind()) return h('strong', {}, session.kind === 'GUARDIAN' ? 'You (guardian)' : 'You');
  return [
    h('strong', {}, entry.accessorName),
    h('span', { class: 'muted block' }, ACCESSORS[entry.accessorKind] ?? entry.accessorKind),
  ];
}

function what(entry) {
  const refused = entry.denied.length > 0 && entry.fields.length === 0;
  return h(
    'span',
    { class: refused ? 'badge refused' : 'badge' },
    refused ? 'Refused' : (ACTIONS[entry.action] ?? entry.action),
  );
}

function items(entry) {
  return [
    entry.fields.length ? h('span', { class: 'block' }, entry.fields.map(fieldLabel).join(', ')) : null,
    entry.denied.length
      ? h(
          'span',
          { class: 'block denied' },
          `Not given: ${entry.denied.map((d) => `${fieldLabel(d.field)} (${DENIALS[d.code] ?? d.code})`).join(', ')}`,
        )
      : null,
  ];
}

const row = (e) => [formatTime(e.at), who(e), what(e), e.purpose ? (PURPOSES[e.purpose] ?? e.purpose) : '', items(e)];

export async function renderHistory(panel) {
  const entries = [];
  let page = null;
  let includeOwn = false;
  const list = h('div', {});
  const status = h('p', { class: 'status' });
  const moreButton = h('button', { type: 'button' }, 'Show older entries');
  const ownBox = h('input', { type: 'checkbox', id: 'history-own' });

  const draw = () => {
    const shown = entries.filter((e) => includeOwn || e.accessorKind !== ownKind());
    fill(
      list,
      table(['When', 'Who', 'What', 'Why', 'Items'], shown.map(row), {
        empty: includeOwn ? 'Nothing recorded yet.' : 'Nobody else has read your information in the entries loaded.',
        caption: 'Access history',
      }),
    );
    moreButton.hidden = !page.pageInfo.hasNextPage;
  };
  /** The next page of history. Provisions are read on their own: together they exceed one request's cost limit. */
  const load = async () => {
    const { member } = await read(HISTORY, { after: page?.pageInfo.endCursor ?? null }, '$after: String');
    page = member.accessHistory;
    entries.push(...page.edges.map((edge) => edge.node));
  };

  const [
    {
      member: { provisions },
    },
  ] = await Promise.all([read(PROVISIONS), load()]);
  ownBox.addEventListener('change', () => {
    includeOwn = ownBox.checked;
    draw();
  });
  moreButton.addEventListener('click', () =>
    busy(moreButton, status, async () => {
      await load();
      draw();
    }),
  );
  draw();

  fill(
    panel,
    h(
      'div',
      { class: 'section-head' },
      h('h2', {}, 'Who has seen your information'),
      h(
        'p',
        { class: 'lead' },
        'Every time someone at bettra or one of our partners reads, changes or receives your information, it is recorded. Attempts that were refused are listed too.',
      ),
    ),
    h(
      'div',
      { class: 'toolbar' },
      h('label', { class: 'check', for: 'history-own' }, ownBox, ' Include your own activity'),
    ),
    list,
    h('div', { class: 'actions' }, moreButton, status),
    h(
      'div',
      { class: 'section-head' },
      h('h2', {}, 'Given to other companies'),
      h(
        'p',
        { class: 'lead' },
        'Information that left bettra: to companies you consented to, and to service providers that deliver and settle your orders.',
      ),
    ),
    table(
      ['When', 'Company', 'Type', 'Why', 'Items'],
      (provisions ?? []).map((p) => [
        formatTime(p.at),
        h('strong', {}, p.recipientName),
        ACCESSORS[p.recipientKind] ?? p.recipientKind,
        PURPOSES[p.purpose] ?? p.purpose,
        p.fields.map(fieldLabel).join(', '),
      ]),
      { empty: 'Nothing has been given to another company.', caption: 'Provisions' },
    ),
  );
}
