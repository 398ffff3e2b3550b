// Who may receive a member's information with their consent (§6): the recipients the policy in force lists, and any
// recipient the member consented to under an earlier version that the policy no longer lists.
import { call } from './api.js';

const LISTED = 'query Recipients { privacyPolicy { recipients { clientId name purpose items retention } } }';

/** `[{ clientId, name, purpose, items, retention }]`; purpose, items and retention are null when unknown. */
export async function provisionRecipients(receipts) {
  const listed = await publishedRecipients();
  const known = new Map(listed.map((r) => [r.clientId, r]));
  for (const r of receipts) {
    if (r.purpose === 'THIRD_PARTY_PROVISION' && r.recipient && !known.has(r.recipient)) {
      known.set(r.recipient, { clientId: r.recipient, name: r.recipient, purpose: null, items: null, retention: null });
    }
  }
  return [...known.values()];
}

/** The list of the version in force; none while no version is published. */
async function publishedRecipients() {
  const { data } = await call(LISTED);
  return data?.privacyPolicy?.recipients ?? [];
}
