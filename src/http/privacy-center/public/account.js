// "Download & delete": a copy of everything held, deleting optional items, and ending the membership.
import { mutate } from './api.js';
import { busy, fill, h } from './dom.js';
import { FIELDS } from './labels.js';
import { memberId, read, session } from './subject.js';

/** Items a member may delete on their own; the rest goes only with the membership. */
const OPTIONAL = ['phone', 'address', 'deliveryArea', 'gender', 'birthDate', 'bankAccount', 'cardNumber'];
const EXPORT = 'mutation Export($memberId: ID) { exportMyData(memberId: $memberId) }';
const DELETE =
  'mutation DeleteItems($fields: [String!]!, $memberId: ID) { deleteMyOptionalItems(fields: $fields, memberId: $memberId) { id } }';
const WITHDRAW =
  'mutation Leave($password: String, $memberId: ID) { withdrawMembership(password: $password, memberId: $memberId) }';

/** Hands the export to the browser as a file: made here from the answer, never sent anywhere else. */
function saveJson(data, name) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function downloadCard() {
  const status = h('p', { class: 'status' });
  const button = h('button', { type: 'button', class: 'primary', id: 'download' }, 'Download my data (JSON)');
  button.addEventListener('click', () =>
    busy(button, status, async () => {
      const { exportMyData } = await mutate(EXPORT, { memberId: memberId() });
      saveJson(exportMyData, `bettra-my-data-${new Date().toISOString().slice(0, 10)}.json`);
      status.className = 'status ok';
      status.textContent = 'Your file is ready. The download is recorded in your access history.';
    }),
  );
  return h(
    'section',
    { class: 'card' },
    h('h3', {}, 'Download a copy'),
    h(
      'p',
      {},
      'Everything we hold about you in one file: your details, consents, corrections, complaints and access history.',
    ),
    h('div', { class: 'actions' }, button),
    status,
  );
}

function deleteCard(member, reload) {
  const held = OPTIONAL.filter((f) => member[f] != null && member[f] !== '');
  const status = h('p', { class: 'status' });
  if (held.length === 0) {
    return h(
      'section',
      { class: 'card' },
      h('h3', {}, 'Delete optional items'),
      h('p', { class: 'muted' }, 'You have no optional items on file.'),
    );
  }
  const boxes = held.map((f) => h('input', { type: 'checkbox', id: `delete-${f}`, value: f }));
  const button = h('button', { type: 'submit' }, 'Delete selected items');
  const form = h(
    'form',
    { method: 'post', class: 'stack' },
    h(
      'fieldset',
      { class: 'checks' },
      h('legend', { class: 'visually-hidden' }, 'Items to delete'),
      held.map((f, i) => h('label', { class: 'check', for: `delete-${f}` }, boxes[i], ` ${FIELDS[f]}`)),
    ),
    h('div', {}, button),
    status,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const fields = boxes.filter((b) => b.checked).map((b) => b.value);
    if (fields.length === 0) return;
    busy(button, status, async () => {
      await mutate(DELETE, { fields, memberId: memberId() });
      await reload(`Deleted: ${fields.map((f) => FIELDS[f]).join(', ')}.`);
    });
  });
  return h(
    'section',
    { class: 'card' },
    h('h3', {}, 'Delete optional items'),
    h(
      'p',
      {},
      'These items are optional. Deleting them may mean we cannot deliver to you or refund you until you add them again.',
    ),
    form,
  );
}

function withdrawCard(onWithdrawn) {
  const status = h('p', { class: 'status' });
  const member = session.kind === 'MEMBER';
  const password = member
    ? h('input', { type: 'password', id: 'withdraw-password', autocomplete: 'current-password', required: true })
    : null;
  const sure = h('input', { type: 'checkbox', id: 'withdraw-sure' });
  const button = h('button', { type: 'submit', class: 'danger' }, 'End membership');
  const form = h(
    'form',
    { method: 'post', class: 'stack' },
    member ? [h('label', { for: 'withdraw-password' }, 'Your password, to confirm it is you'), password] : null,
    h('label', { class: 'check', for: 'withdraw-sure' }, sure, ' I understand this cannot be undone.'),
    h('div', {}, button),
    status,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!sure.checked) {
      status.className = 'status error';
      status.textContent = 'Please tick the box to confirm.';
      return;
    }
    busy(button, status, async () => {
      await mutate(WITHDRAW, { password: member ? password.value : null, memberId: memberId() });
      onWithdrawn();
    });
  });
  return h(
    'section',
    { class: 'card danger-zone' },
    h('h3', {}, 'End membership'),
    h(
      'p',
      {},
      member
        ? 'Your account closes at once and your information is destroyed. Records the law requires us to keep (such as payments) are stored apart and destroyed when their period ends.'
        : 'The child’s account closes at once and their information is destroyed, except records the law requires us to keep for a period.',
    ),
    form,
  );
}

export async function renderAccount(panel, notice, onWithdrawn) {
  const reload = (message) => renderAccount(panel, message, onWithdrawn);
  const { member } = await read(OPTIONAL.join(' '));
  fill(
    panel,
    h(
      'div',
      { class: 'section-head' },
      h('h2', {}, 'Your data and your account'),
      h('p', { class: 'lead' }, 'Take a copy with you, delete what you no longer want us to keep, or leave.'),
    ),
    notice ? h('p', { class: 'status ok', role: 'status' }, notice) : null,
    h('div', { class: 'grid' }, downloadCard(), deleteCard(member, reload)),
    withdrawCard(onWithdrawn),
  );
}
