import { memberFieldCategory, type PersonalField } from './categories';
import { PURPOSES } from './purposes';
import { purposeTable } from './table';

/** The schema description of a personal field, derived from the table so Sandbox shows the rule that applies. */
export function describeMemberField(field: PersonalField): string {
  const category = memberFieldCategory[field];
  const readers = PURPOSES.filter((p) => {
    const rule = purposeTable[p];
    return rule.categories.includes(category) && (!rule.onlyFields || rule.onlyFields.includes(field));
  }).map((p) => {
    const rule = purposeTable[p];
    const consents = [...rule.consents, ...(rule.partnerConsents ?? []).map((c) => `${c} (partners)`)];
    return consents.length ? `${p} (consent: ${consents.join(', ')})` : p;
  });
  const masking = category === 'PAYMENT' ? ' Masked to the last 4 characters except under PAYMENT_SETTLEMENT.' : '';
  return `Personal data, category ${category}. Readable under: ${readers.join('; ')}.${masking} Null with an error code when denied.`;
}
