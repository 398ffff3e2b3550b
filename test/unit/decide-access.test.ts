import { expect } from 'chai';
import { ANONYMOUS, type Principal } from '../../src/auth/principal';
import { decideAccess, type Asker } from '../../src/policy/decide';
import type { Decision } from '../../src/policy/decision';
import { describeMemberField } from '../../src/policy/describe';
import { explainAccess } from '../../src/policy/explain';
import { fieldPolicy, type FieldAccess } from '../../src/policy/field-policy';
import { readableUnder } from '../../src/policy/hypothetical';
import { inWords } from '../../src/policy/in-words';
import type { Purpose } from '../../src/policy/purposes';
import { consignee, guardian, member, partner, staff, state } from './principals';

const cs = staff('CS_AGENT', ['MEMBER_MANAGEMENT', 'ORDER_FULFILLMENT']);
const officer = staff('PRIVACY_OFFICER', ['MEMBER_MANAGEMENT', 'LEGAL_REQUEST']);
const asking = (principal: Principal, purpose: Purpose | null): Asker => ({ principal, purpose, lawful: null });
const entry = (type: string, field: string): FieldAccess => fieldPolicy[type]![field]!;
const why = (d: Decision): string => `${d.allowed ? 'ALLOW' : d.code} ${d.reason}`;

describe('§3 decideAccess: the one answer the shield enforces and explainAccess and the descriptions read back', () => {
  it('refuses a purpose the principal may not declare before looking at the field, even a public one', () => {
    expect(why(decideAccess(entry('Query', 'privacyPolicy'), asking(cs, 'MARKETING'), null))).to.equal(
      'FORBIDDEN_PURPOSE FORBIDDEN_PURPOSE',
    );
    expect(why(decideAccess(entry('Query', 'privacyPolicy'), asking(ANONYMOUS, null), null))).to.equal('ALLOW OPEN');
  });

  it('tells an anonymous caller to log in and a logged-in one of the wrong kind or role that it is forbidden', () => {
    const me = entry('Query', 'me');
    expect(why(decideAccess(me, asking(ANONYMOUS, null), null))).to.equal('UNAUTHENTICATED UNAUTHENTICATED');
    expect(why(decideAccess(me, asking(cs, null), null))).to.equal('FORBIDDEN WRONG_PRINCIPAL');
    expect(why(decideAccess(me, asking(member(), null), null))).to.equal('ALLOW PRINCIPAL');
    const logs = entry('Query', 'accessLogs');
    expect(why(decideAccess(logs, asking(ANONYMOUS, null), null))).to.equal('UNAUTHENTICATED UNAUTHENTICATED');
    expect(why(decideAccess(logs, asking(cs, 'MEMBER_MANAGEMENT'), null))).to.equal('FORBIDDEN WRONG_ROLE');
  });

  it('asks staff in the right role for a purpose, then for one the field names', () => {
    const logs = entry('Query', 'accessLogs');
    expect(why(decideAccess(logs, asking(officer, null), null))).to.equal('PURPOSE_REQUIRED PURPOSE_REQUIRED');
    expect(why(decideAccess(logs, asking(officer, 'LEGAL_REQUEST'), null))).to.equal('ALLOW STAFF_ROLE');
    const stats = entry('Query', 'memberStatistics');
    expect(why(decideAccess(stats, asking(cs, 'MEMBER_MANAGEMENT'), null))).to.equal(
      'PURPOSE_DENIED PURPOSE_NOT_LISTED',
    );
  });

  it('opens a member’s own records to her and her guardian only, and answers anyone else NOT_FOUND', () => {
    const consents = entry('Member', 'consents');
    expect(why(decideAccess(consents, asking(member('m-1'), 'SELF_SERVICE'), state()))).to.equal('ALLOW OWN_DATA');
    expect(why(decideAccess(consents, asking(guardian(['m-1']), 'SELF_SERVICE'), state()))).to.equal('ALLOW OWN_DATA');
    expect(why(decideAccess(consents, asking(member('m-2'), 'SELF_SERVICE'), state()))).to.equal('NOT_FOUND NOT_FOUND');
    expect(why(decideAccess(consents, asking(cs, 'MEMBER_MANAGEMENT'), state()))).to.equal(
      'PURPOSE_DENIED PURPOSE_NOT_LISTED',
    );
  });

  it('refuses a member’s field NOT_FOUND when there is no member state to decide on (fail closed)', () => {
    expect(why(decideAccess(entry('Member', 'name'), asking(member('m-1'), 'SELF_SERVICE'), null))).to.equal(
      'NOT_FOUND NOT_FOUND',
    );
    expect(why(decideAccess(entry('Member', 'consents'), asking(member('m-1'), 'SELF_SERVICE'), null))).to.equal(
      'NOT_FOUND NOT_FOUND',
    );
    expect(why(decideAccess(entry('Member', 'name'), asking(member('m-1'), 'SELF_SERVICE'), state()))).to.equal(
      'ALLOW OWN_DATA',
    );
  });

  it('words every refusal behind NOT_FOUND alike: the message never tells a withdrawn member from a stranger', () => {
    const name = entry('Member', 'name');
    const withdrawn = decideAccess(name, asking(cs, 'MEMBER_MANAGEMENT'), state({ status: 'WITHDRAWN' }));
    const stranger = decideAccess(name, asking(member('m-2'), 'SELF_SERVICE'), state());
    expect(inWords(withdrawn, name, asking(cs, 'MEMBER_MANAGEMENT'))).to.equal(
      inWords(stranger, name, asking(member('m-2'), 'SELF_SERVICE')),
    );
  });
});

describe('§3 what the rules allow at all: readableUnder, explainAccess, the schema descriptions', () => {
  it('lists the purposes someone can read a field under', () => {
    expect(readableUnder(entry('Member', 'bankAccount'))).to.deep.equal([
      'SELF_SERVICE',
      'PAYMENT_SETTLEMENT',
      'LEGAL_REQUEST',
    ]);
    expect(readableUnder(entry('Member', 'ageBand'))).to.include('SERVICE_DEVELOPMENT');
    expect(readableUnder(entry('Member', 'name'))).not.to.include('SERVICE_DEVELOPMENT');
    expect(readableUnder(entry('Query', 'accessLogs'))).to.deep.equal(['MEMBER_MANAGEMENT', 'LEGAL_REQUEST']);
    expect(readableUnder(entry('Member', 'consents'))).to.deep.equal(['SELF_SERVICE']);
  });

  it('explains a LEGAL_REQUEST read as allowed for what the lawful request names', () => {
    const e = explainAccess(officer, 'Member', 'name', 'LEGAL_REQUEST');
    expect(e).to.include({ allowed: true, code: null, category: 'IDENTITY' });
    expect(e.reason).to.include('lawful request');
  });

  it('explains a refusal with the code the shield would give and the rule behind it', () => {
    const courier = consignee('courier', ['name', 'phone'], ['ORDER_FULFILLMENT']);
    expect(explainAccess(courier, 'Member', 'email', 'ORDER_FULFILLMENT')).to.include({
      allowed: false,
      code: 'PURPOSE_DENIED',
      reason: 'email is not among the fields entrusted to this consignee.',
    });
    expect(explainAccess(ANONYMOUS, 'Query', 'accessLogs', null)).to.include({ code: 'UNAUTHENTICATED' });
    expect(explainAccess(partner('ads', ['email']), 'Member', 'email', 'MARKETING')).to.include({ allowed: true });
    expect(explainAccess(partner('ads', ['email']), 'Member', 'email', 'MARKETING').reason).to.include(
      'MARKETING and PROVISION_TO_CLIENT',
    );
  });

  it('describes a field by the purposes that read it, with the consents each needs, partners’ own marked', () => {
    expect(describeMemberField('email')).to.equal(
      'Personal data, category CONTACT. Readable under: SELF_SERVICE; MEMBER_MANAGEMENT (consent: ESSENTIAL); ' +
        'ORDER_FULFILLMENT (consent: ESSENTIAL); MARKETING (consent: MARKETING, PROVISION_TO_CLIENT (partners)); ' +
        'LEGAL_REQUEST. Null with an error code when denied.',
    );
    expect(describeMemberField('cardNumber')).to.include(
      'Masked to the last 4 characters except under PAYMENT_SETTLEMENT.',
    );
    expect(describeMemberField('deliveryArea')).to.include('SERVICE_DEVELOPMENT');
  });
});
