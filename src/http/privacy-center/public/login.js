// The two ways in: a member's login ID and password, or a guardian's one-time code.
import { call, mutate, signIn, signOut } from './api.js';
import { busy, byId, say } from './dom.js';
import { session } from './subject.js';

const LOGIN =
  'mutation Login($loginId: String!, $password: String!) { login(loginId: $loginId, password: $password) { accessToken } }';
const SEND_CODE = 'mutation SendCode($contact: String!) { requestGuardianCode(contact: $contact) }';
const GUARDIAN_LOGIN =
  'mutation GuardianLogin($contact: String!, $code: String!) { guardianLogin(contact: $contact, code: $code) { accessToken } }';

/** Wires the forms; `onIn({ name })` runs once a member or guardian is logged in and the page may load. */
export function setUpLogin(onIn) {
  const memberForm = byId('member-login');
  const guardianForm = byId('guardian-login');
  const tabs = { member: byId('as-member'), guardian: byId('as-guardian') };
  const choose = (which) => {
    memberForm.hidden = which !== 'member';
    guardianForm.hidden = which !== 'guardian';
    for (const [k, b] of Object.entries(tabs)) b.setAttribute('aria-selected', String(k === which));
  };
  tabs.member.addEventListener('click', () => choose('member'));
  tabs.guardian.addEventListener('click', () => choose('guardian'));

  memberForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const status = byId('member-login-status');
    const password = byId('login-password');
    busy(memberForm.querySelector('button[type=submit]'), status, async () => {
      const { login } = await mutate(LOGIN, { loginId: byId('login-id').value.trim(), password: password.value });
      password.value = '';
      signIn(login.accessToken);
      const { data, errors } = await call('query Who { me { id name } }');
      if (!data?.me || errors.length > 0) {
        signOut();
        say(status, 'This page is for members. Staff accounts cannot use it.', 'error');
        return;
      }
      Object.assign(session, { kind: 'MEMBER', children: [], childId: null });
      status.textContent = '';
      onIn({ name: data.me.name });
    });
  });

  byId('send-code').addEventListener('click', (event) => {
    const status = byId('guardian-login-status');
    busy(event.currentTarget, status, async () => {
      await mutate(SEND_CODE, { contact: byId('guardian-contact').value.trim() });
      byId('code-step').hidden = false;
      byId('guardian-code').focus();
      say(status, 'If this contact belongs to a guardian, a code is on its way. It is valid for 15 minutes.');
    });
  });

  guardianForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const status = byId('guardian-login-status');
    busy(guardianForm.querySelector('button[type=submit]'), status, async () => {
      const contact = byId('guardian-contact').value.trim();
      const { guardianLogin } = await mutate(GUARDIAN_LOGIN, { contact, code: byId('guardian-code').value.trim() });
      byId('guardian-code').value = '';
      signIn(guardianLogin.accessToken);
      const { myChildren } = await mutate('query Children { myChildren { id name status } }');
      if (myChildren.length === 0) {
        signOut();
        say(status, 'No child is linked to this contact any more.', 'error');
        return;
      }
      Object.assign(session, { kind: 'GUARDIAN', children: myChildren, childId: myChildren[0].id });
      status.textContent = '';
      onIn({ name: contact });
    });
  });
}
