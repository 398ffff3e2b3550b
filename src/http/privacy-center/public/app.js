// The privacy center: log in, then four tabs over the member's (or a guardian's child's) data. Everything shown
// comes from /graphql under X-Purpose: SELF_SERVICE, as it would for any other client.
import { call, signOut, whenSessionEnds } from './api.js';
import { byId, fill, h, say } from './dom.js';
import { setUpLogin } from './login.js';
import { renderInfo } from './info.js';
import { renderConsents } from './consents.js';
import { renderHistory } from './history.js';
import { renderAccount } from './account.js';
import { read, reset, session } from './subject.js';

const TABS = {
  info: (panel) => renderInfo(panel),
  consents: (panel) => renderConsents(panel),
  history: (panel) => renderHistory(panel),
  account: (panel) => renderAccount(panel, null, withdrawn),
};
let current = 'info';

function show(view) {
  for (const id of ['login-view', 'center-view', 'goodbye-view']) byId(id).hidden = id !== view;
  byId('account').hidden = view !== 'center-view';
}

async function openTab(name) {
  current = name;
  for (const button of document.querySelectorAll('[data-tab]'))
    button.setAttribute('aria-selected', String(button.dataset.tab === name));
  const panel = byId('panel');
  fill(panel, h('p', { class: 'loading' }, 'Loading…'));
  try {
    await TABS[name](panel);
  } catch (err) {
    if (err?.code !== 'SESSION_ENDED')
      fill(panel, h('p', { class: 'status error', role: 'alert' }, err?.message ?? 'Something went wrong.'));
  }
}

/** A banner when the policy in force asks for agreement again, pointing to the Consents tab. */
async function checkReconsent() {
  const banner = byId('reconsent');
  banner.hidden = true;
  try {
    const { member } = await read('consentRequired');
    if (!member.consentRequired) return;
    const go = h('button', { type: 'button', class: 'primary' }, 'Review and agree');
    go.addEventListener('click', () => openTab('consents'));
    fill(banner, h('span', {}, 'Our privacy policy has changed. Please review it and give your agreement again.'), go);
    banner.hidden = false;
  } catch {
    // The tabs report a failure of their own; the banner is only a hint.
  }
}

function setUpChildPicker() {
  const picker = byId('child-picker');
  const select = byId('child-select');
  picker.hidden = session.kind !== 'GUARDIAN';
  if (picker.hidden) return;
  fill(
    select,
    session.children.map((c) =>
      h('option', { value: c.id, selected: c.id === session.childId }, c.name ?? 'Your child'),
    ),
  );
  // A property, not a listener: logging in again must not add a second one.
  select.onchange = () => {
    session.childId = select.value;
    titleFor();
    checkReconsent();
    openTab(current);
  };
}

function titleFor() {
  const child = session.children.find((c) => c.id === session.childId);
  byId('center-title').textContent =
    session.kind === 'GUARDIAN' ? `Privacy center for ${child?.name ?? 'your child'}` : 'Your privacy center';
}

function signedIn({ name }) {
  byId('signed-in-as').textContent = session.kind === 'GUARDIAN' ? `Guardian · ${name}` : name;
  titleFor();
  setUpChildPicker();
  show('center-view');
  checkReconsent();
  openTab('info');
}

function loggedOut(message) {
  signOut();
  reset();
  fill(byId('panel'));
  show('login-view');
  if (message) say(byId('member-login-status'), message, 'error');
  byId('login-id').focus();
}

function withdrawn() {
  signOut();
  reset();
  fill(byId('panel'));
  show('goodbye-view');
}

async function showOfficer() {
  try {
    const { data } = await call('query Officer { privacyOfficer { name position email } }');
    const o = data?.privacyOfficer;
    if (o)
      fill(
        byId('officer'),
        `Privacy officer: ${o.name}, ${o.position} · `,
        h('a', { href: `mailto:${o.email}` }, o.email),
      );
  } catch {
    // The footer keeps its general line.
  }
}

document.addEventListener('DOMContentLoaded', () => {
  for (const button of document.querySelectorAll('[data-tab]'))
    button.addEventListener('click', () => openTab(button.dataset.tab));
  byId('logout').addEventListener('click', () => loggedOut());
  whenSessionEnds(() => loggedOut('Your session has ended. Please log in again.'));
  setUpLogin(signedIn);
  show('login-view');
  showOfficer();
});
