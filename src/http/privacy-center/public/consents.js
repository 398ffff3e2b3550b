// "Consents": what the member agreed to, changed in one click, with every receipt kept.
import { mutate } from './api.js';
import { busy, byId, fill, formatDate, formatTime, h, table } from './dom.js';
import { CONSENTS, FIELDS, GIVERS, PURPOSES } from './labels.js';
import { provisionRecipients } from './recipients.js';
import { memberId, read } from './subject.js';

const RECEIPTS = 'consentRequired consents { id purpose recipient policyVersion grantedAt withdrawnAt method givenBy }';
const GRANT =
  'mutation Grant($purpose: String!, $recipient: String, $memberId: ID) { grantConsent(purpose: $purpose, recipient: $recipient, memberId: $memberId) { id } }';
const WITHDRAW =
  'mutation Withdraw($purpose: String!, $recipient: String, $memberId: ID) { withdrawConsent(purpose: $purpose, recipient: $recipient, memberId: $memberId) }';

const activeReceipt = (receipts, purpose, recipient = null) =>
  receipts.find((r) => r.purpose === purpose && (r.recipient ?? null) === recipient && !r.withdrawnAt) ?? null;

function state(receipt) {
  return receipt
    ? h(
        'p',
        { class: 'consent-state' },
        h('span', { class: 'badge on' }, 'On'),
        ` since ${formatDate(receipt.grantedAt)}`,
      )
    : h('p', { class: 'consent-state' }, h('span', { class: 'badge off' }, 'Off'));
}

/** A button that gives or withdraws one consent, then shows the page again. */
function toggle(receipt, purpose, recipient, label, reload) {
  const status = h('p', { class: 'status' });
  const give = !receipt;
  const button = h(
    'button',
    {
      type: 'button',
      class: give ? 'primary' : '',
      'aria-label': `${give ? 'Give consent to' : 'Withdraw consent to'} ${label}`,
    },
    give ? 'Give consent' : 'Withdraw consent',
  );
  button.addEventListener('click', () =>
    busy(button, status, async () => {
      await mutate(give ? GRANT : WITHDRAW, { purpose, recipient, memberId: memberId() });
      await reload(
        give
          ? `You consented to ${label}.`
          : `You withdrew your consent to ${label}. It applies from now on, to everyone.`,
      );
    }),
  );
  return h('div', { class: 'actions' }, button, status);
}

function essentialCard(receipts, required, reload) {
  const receipt = activeReceipt(receipts, 'ESSENTIAL');
  const status = h('p', { class: 'status' });
  let action = null;
  if (required) {
    const button = h('button', { type: 'button', class: 'primary' }, 'Agree to the current policy');
    button.addEventListener('click', () =>
      busy(button, status, async () => {
        await mutate(GRANT, { purpose: 'ESSENTIAL', recipient: null, memberId: memberId() });
        byId('reconsent').hidden = true;
        await reload('Thank you: you agreed to the current privacy policy.');
      }),
    );
    action = h('div', { class: 'actions' }, button, status);
  }
  return h(
    'section',
    { class: 'card consent' },
    h('h3', {}, CONSENTS.ESSENTIAL.title),
    h('p', {}, CONSENTS.ESSENTIAL.text),
    receipt
      ? h(
          'p',
          { class: 'consent-state' },
          h('span', { class: 'badge on' }, 'On'),
          ` under policy version ${receipt.policyVersion}, since ${formatDate(receipt.grantedAt)}`,
        )
      : state(null),
    required ? h('p', { class: 'warning' }, 'Our privacy policy has changed and asks for your agreement again.') : null,
    action,
  );
}

function marketingCard(receipts, reload) {
  const receipt = activeReceipt(receipts, 'MARKETING');
  return h(
    'section',
    { class: 'card consent', id: 'consent-marketing' },
    h('h3', {}, CONSENTS.MARKETING.title),
    h('p', {}, CONSENTS.MARKETING.text),
    state(receipt),
    toggle(receipt, 'MARKETING', null, 'marketing messages', reload),
  );
}

function recipientCard(recipient, receipts, reload) {
  const receipt = activeReceipt(receipts, 'THIRD_PARTY_PROVISION', recipient.clientId);
  const items = recipient.items?.length ? recipient.items.map((f) => FIELDS[f] ?? f).join(', ') : null;
  return h(
    'section',
    { class: 'card consent', data: { recipient: recipient.clientId } },
    h('h3', {}, recipient.name),
    h(
      'dl',
      { class: 'items' },
      recipient.purpose
        ? [h('dt', {}, 'Uses it for'), h('dd', {}, PURPOSES[recipient.purpose] ?? recipient.purpose)]
        : null,
      items ? [h('dt', {}, 'Receives'), h('dd', {}, items)] : null,
      recipient.retention ? [h('dt', {}, 'Keeps it'), h('dd', {}, recipient.retention)] : null,
    ),
    state(receipt),
    toggle(
      receipt,
      'THIRD_PARTY_PROVISION',
      recipient.clientId,
      `giving your information to ${recipient.name}`,
      reload,
    ),
  );
}

export async function renderConsents(panel, notice) {
  const reload = (message) => renderConsents(panel, message);
  const { member } = await read(RECEIPTS);
  const receipts = member.consents ?? [];
  const recipients = await provisionRecipients(receipts);
  const names = new Map(recipients.map((r) => [r.clientId, r.name]));
  fill(
    panel,
    h(
      'div',
      { class: 'section-head' },
      h('h2', {}, 'Your consents'),
      h(
        'p',
        { class: 'lead' },
        'Turn each one on or off. A change applies to everyone at bettra and to our partners from their next request.',
      ),
    ),
    notice ? h('p', { class: 'status ok', role: 'status' }, notice) : null,
    h(
      'div',
      { class: 'grid' },
      essentialCard(receipts, member.consentRequired, reload),
      marketingCard(receipts, reload),
    ),
    h(
      'div',
      { class: 'section-head' },
      h('h2', {}, 'Giving your information to other companies'),
      h(
        'p',
        { class: 'lead' },
        'We give your information to another company only with your consent, and only what is listed.',
      ),
    ),
    recipients.length
      ? h(
          'div',
          { class: 'grid' },
          recipients.map((r) => recipientCard(r, receipts, reload)),
        )
      : h('p', { class: 'empty' }, 'You have not been asked to consent to any company.'),
    h('h3', {}, 'Consent record'),
    table(
      ['Consent', 'Company', 'Policy version', 'Given', 'Withdrawn', 'By'],
      receipts
        .slice()
        .reverse()
        .map((r) => [
          CONSENTS[r.purpose]?.title ?? r.purpose,
          r.recipient ? (names.get(r.recipient) ?? r.recipient) : '',
          String(r.policyVersion),
          formatTime(r.grantedAt),
          r.withdrawnAt ? formatTime(r.withdrawnAt) : '',
          GIVERS[r.givenBy] ?? r.givenBy,
        ]),
      { empty: 'No consent recorded.' },
    ),
  );
}
