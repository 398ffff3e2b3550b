import { memberFieldCategory, type PersonalField } from './categories';
import { requiredConsents, showsPaymentInFull } from './decide';
import { fieldPolicy } from './field-policy';
import { decideAtBest, declaring, readableUnder } from './hypothetical';
import { PURPOSES, type Purpose } from './purposes';

/** A purpose that opens the field, with the consents it needs of the member; those only partners need say so. */
function reader(field: PersonalField, purpose: Purpose): string {
  const access = fieldPolicy.Member![field]!;
  const askers = declaring(purpose).filter((who) => decideAtBest(access, who, purpose).allowed);
  const others = askers.filter((who) => who.kind !== 'PARTNER');
  const consents = [...new Set(askers.flatMap((who) => requiredConsents(who.kind, purpose)))].map((c) =>
    others.every((who) => requiredConsents(who.kind, purpose).includes(c)) ? c : `${c} (partners)`,
  );
  return consents.length ? `${purpose} (consent: ${consents.join(', ')})` : purpose;
}

/** The schema description of a personal field, from the decisions the shield makes, so Sandbox shows the rule. */
export function describeMemberField(field: PersonalField): string {
  const category = memberFieldCategory[field];
  const readers = readableUnder(fieldPolicy.Member![field]!).map((p) => reader(field, p));
  const masking =
    category === 'PAYMENT'
      ? ` Masked to the last 4 characters except under ${PURPOSES.filter(showsPaymentInFull).join(', ')}.`
      : '';
  return `Personal data, category ${category}. Readable under: ${readers.join('; ')}.${masking} Null with an error code when denied.`;
}
