// "Your information": every item held, as the API answers it (payment details masked), and corrections.
import { mutate } from './api.js';
import { busy, fill, formatDate, formatDay, h, table } from './dom.js';
import { CORRECTION_STATUSES, DENIALS, FIELDS, STATUSES, VALUES } from './labels.js';
import { memberId, read, session } from './subject.js';

const GROUPS = [
  ['Account', ['loginId', 'name', 'status']],
  ['Contact', ['email', 'phone']],
  ['Delivery', ['address', 'deliveryArea']],
  ['Personal details', ['birthDate', 'gender', 'ageBand']],
  ['Payment', ['bankAccount', 'cardNumber']],
  ['Legal guardian', ['guardianName', 'guardianContact']],
  ['Collected at sign-up', ['signupIp', 'browser', 'os', 'inflowRoute']],
];
const PERSONAL = GROUPS.flatMap(([, fields]) => fields).filter((f) => f !== 'status');

/** Items a correction may be asked for (the gateway's list: payment details are replaced, not corrected). */
const CORRECTABLE = ['name', 'email', 'phone', 'address', 'deliveryArea', 'gender', 'birthDate'];
const CORRECTIONS = 'corrections { id field newValue reason status requestedAt resolvedAt }';
const REQUEST = `mutation RequestCorrection($field: String!, $newValue: String!, $reason: String!, $memberId: ID) {
  requestCorrection(field: $field, newValue: $newValue, reason: $reason, memberId: $memberId) { id } }`;
const CONFIRM =
  'mutation ConfirmCorrection($id: ID!, $password: String!) { completeMyCorrection(id: $id, password: $password) { id } }';

function value(member, denied, field) {
  if (denied[field]) return h('span', { class: 'muted' }, `Not shown (${DENIALS[denied[field]] ?? denied[field]})`);
  const v = member[field];
  if (v == null || v === '') return h('span', { class: 'muted' }, 'Not given');
  if (field === 'status') return STATUSES[v] ?? v;
  if (field === 'birthDate' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return formatDay(v);
  if (field === 'ageBand' && /^\d+S$/.test(v)) return `${v.slice(0, -1)}s`;
  return VALUES[field]?.[v] ?? v;
}

function group([title, fields], member, denied) {
  // The guardian group appears only for a member who has one.
  if (title === 'Legal guardian' && !member.guardianName && !denied.guardianName) return null;
  return h(
    'section',
    { class: 'card' },
    h('h3', {}, title),
    h(
      'dl',
      { class: 'items' },
      fields.flatMap((f) => [h('dt', {}, FIELDS[f]), h('dd', { data: { field: f } }, value(member, denied, f))]),
    ),
  );
}

function correctionForm(reload) {
  const status = h('p', { class: 'status' });
  const field = h(
    'select',
    { id: 'correction-field', name: 'field' },
    CORRECTABLE.map((f) => h('option', { value: f }, FIELDS[f])),
  );
  const newValue = h('input', { id: 'correction-value', name: 'newValue', required: true, maxlength: 300 });
  const reason = h('textarea', { id: 'correction-reason', name: 'reason', rows: 2, maxlength: 1000, required: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Send request');
  const form = h(
    'form',
    { class: 'stack narrow', novalidate: true, method: 'post' },
    h('label', { for: 'correction-field' }, 'Item'),
    field,
    h('label', { for: 'correction-value' }, 'Correct value'),
    newValue,
    h('label', { for: 'correction-reason' }, 'What is wrong'),
    reason,
    h('div', {}, submit),
    status,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(submit, status, async () => {
      await mutate(REQUEST, {
        field: field.value,
        newValue: newValue.value,
        reason: reason.value,
        memberId: memberId(),
      });
      await reload('Your request was sent. Until it is settled, the item is not used for anything else.');
    });
  });
  return form;
}

function confirmCell(correction, reload) {
  if (correction.status !== 'OPEN') return correction.resolvedAt ? formatDate(correction.resolvedAt) : '';
  if (session.kind !== 'MEMBER') return h('span', { class: 'muted' }, 'Customer service will review it');
  const password = h('input', {
    type: 'password',
    autocomplete: 'current-password',
    'aria-label': 'Your password',
    placeholder: 'Your password',
  });
  const button = h('button', { type: 'submit' }, 'Confirm');
  const status = h('p', { class: 'status' });
  const form = h('form', { class: 'inline', method: 'post' }, password, button, status);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(button, status, async () => {
      await mutate(CONFIRM, { id: correction.id, password: password.value });
      await reload('The correction is done. Everyone who received the old value is told to update it.');
    });
  });
  return form;
}

export async function renderInfo(panel, notice) {
  const reload = async (message) => {
    await renderInfo(panel, message);
  };
  const { member, denied } = await read(`status ${PERSONAL.join(' ')} ${CORRECTIONS}`);
  const corrections = (member.corrections ?? []).slice().reverse();
  fill(
    panel,
    h(
      'div',
      { class: 'section-head' },
      h('h2', {}, 'The information we hold'),
      h(
        'p',
        { class: 'lead' },
        `Exactly what bettra keeps about ${session.kind === 'GUARDIAN' ? 'your child' : 'you'}. Payment details are masked: only the last digits are shown, even here.`,
      ),
    ),
    notice ? h('p', { class: 'status ok', role: 'status' }, notice) : null,
    h(
      'div',
      { class: 'grid two' },
      GROUPS.map((g) => group(g, member, denied)),
    ),
    h(
      'div',
      { class: 'section-head' },
      h('h2', {}, 'Ask for a correction'),
      h(
        'p',
        { class: 'lead' },
        session.kind === 'MEMBER'
          ? 'Tell us what is wrong. You can confirm the change yourself with your password, or customer service will check it.'
          : 'Tell us what is wrong. Customer service will check it and correct it.',
      ),
    ),
    h('section', { class: 'card' }, correctionForm(reload)),
    h('h3', {}, 'Your correction requests'),
    table(
      ['Item', 'Correct value', 'Reason', 'Requested', 'Status', 'Settled'],
      corrections.map((c) => [
        FIELDS[c.field] ?? c.field,
        c.newValue ?? '',
        c.reason,
        formatDate(c.requestedAt),
        h('span', { class: `badge ${c.status.toLowerCase()}` }, CORRECTION_STATUSES[c.status] ?? c.status),
        confirmCell(c, reload),
      ]),
      { empty: 'You have not asked for any correction.' },
    ),
  );
}
