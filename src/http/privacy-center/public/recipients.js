// Who may receive a member's information with their consent (§6). The published policy's structured list is used
// when this gateway's schema has it; otherwise the recipients named on the member's own consent receipts.
import { call } from './api.js';

const LISTED = 'query Recipients { privacyPolicy { recipients { clientId name purpose items retention } } }';

/** `[{ clientId, name, purpose, items, retention }]`; purpose, items and retention are null when unknown. */
export async function provisionRecipients(receipts) {
  const listed = await publishedRecipients();
  const known = new Map((listed ?? []).map((r) => [r.clientId, r]));
  for (const r of receipts) {
    if (r.purpose === 'THIRD_PARTY_PROVISION' && r.recipient && !known.has(r.recipient)) {
      known.set(r.recipient, { clientId: r.recipient, name: r.recipient, purpose: null, items: null, retention: null });
    }
  }
  return [...known.values()];
}

/** The policy's list, or null when the schema has no such field (an older gateway): that is no error to show. */
async function publishedRecipients() {
  try {
    const { data, errors } = await call(LISTED);
    const list = data?.privacyPolicy?.recipients;
    return errors.length === 0 && Array.isArray(list) ? list : null;
  } catch {
    return null;
  }
}
