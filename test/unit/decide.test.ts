import { expect } from 'chai';
import { decide } from '../../src/policy/decide';
import type { Decision } from '../../src/policy/decision';
import { consignee, guardian, member, partner, staff, state, withProvisionTo } from './principals';

const cs = staff('CS_AGENT', ['MEMBER_MANAGEMENT', 'ORDER_FULFILLMENT']);
const marketer = staff('MARKETER', ['MARKETING']);

/** A decision as "CODE reason" ("ALLOW reason" when granted): what a read gets and which rule gave it. */
const why = (d: Decision): string => `${d.allowed ? 'ALLOW' : d.code} ${d.reason}`;

describe('§3 decide: whether a principal, for a purpose, may read one field of one member, and why', () => {
  it('lets a member read every field of her own, and answers NOT_FOUND for anyone else’s', () => {
    expect(why(decide(member('m-1'), 'SELF_SERVICE', 'bankAccount', state()))).to.equal('ALLOW OWN_DATA');
    expect(why(decide(member('m-2'), 'SELF_SERVICE', 'name', state()))).to.equal('NOT_FOUND NOT_FOUND');
  });

  it('lets a guardian read a child’s data only when that child is theirs', () => {
    expect(why(decide(guardian(['m-1']), 'SELF_SERVICE', 'phone', state({ under14: true })))).to.equal(
      'ALLOW OWN_DATA',
    );
    expect(why(decide(guardian(['m-9']), 'SELF_SERVICE', 'phone', state({ under14: true })))).to.equal(
      'NOT_FOUND NOT_FOUND',
    );
  });

  it('asks for a purpose before anything else is weighed', () => {
    expect(why(decide(cs, null, 'name', state()))).to.equal('PURPOSE_REQUIRED PURPOSE_REQUIRED');
  });

  it('answers a withdrawn member as one that does not exist, whatever the purpose', () => {
    expect(why(decide(member('m-1'), 'SELF_SERVICE', 'name', state({ status: 'WITHDRAWN' })))).to.equal(
      'NOT_FOUND NOT_FOUND',
    );
    expect(why(decide(cs, null, 'name', state({ status: 'WITHDRAWN' })))).to.equal('NOT_FOUND NOT_FOUND');
  });

  it('grants a purpose what its category covers, and names the category rule when it does not', () => {
    expect(why(decide(cs, 'MEMBER_MANAGEMENT', 'email', state()))).to.equal('ALLOW PURPOSE');
    expect(why(decide(cs, 'MEMBER_MANAGEMENT', 'bankAccount', state()))).to.equal(
      'PURPOSE_DENIED CATEGORY_NOT_COVERED',
    );
  });

  it('tells a field outside the few a purpose reads of a category from a category it does not read', () => {
    const analyst = staff('ANALYST', ['SERVICE_DEVELOPMENT']);
    expect(why(decide(analyst, 'SERVICE_DEVELOPMENT', 'ageBand', state()))).to.equal('ALLOW PURPOSE');
    expect(why(decide(analyst, 'SERVICE_DEVELOPMENT', 'birthDate', state()))).to.equal(
      'PURPOSE_DENIED FIELD_NOT_COVERED',
    );
    expect(why(decide(analyst, 'SERVICE_DEVELOPMENT', 'name', state()))).to.equal(
      'PURPOSE_DENIED CATEGORY_NOT_COVERED',
    );
  });

  it('gives a partner or consignee only the fields registered for it, and says so', () => {
    const courier = consignee('courier', ['name', 'phone', 'address'], ['ORDER_FULFILLMENT']);
    expect(why(decide(courier, 'ORDER_FULFILLMENT', 'address', state()))).to.equal('ALLOW PURPOSE');
    expect(why(decide(courier, 'ORDER_FULFILLMENT', 'email', state()))).to.equal('PURPOSE_DENIED NOT_ENTRUSTED');
    expect(why(decide(courier, 'ORDER_FULFILLMENT', 'bankAccount', state()))).to.equal(
      'PURPOSE_DENIED CATEGORY_NOT_COVERED',
    );
  });

  it('requires marketing consent for MARKETING, and provision consent to that partner for a partner', () => {
    const marketing = state({ consents: new Set(['ESSENTIAL', 'MARKETING']) });
    expect(why(decide(marketer, 'MARKETING', 'email', state()))).to.equal('CONSENT_MISSING CONSENT_MISSING');
    expect(why(decide(marketer, 'MARKETING', 'email', marketing))).to.equal('ALLOW PURPOSE');
    const ads = partner('partner-ads', ['email']);
    expect(why(decide(ads, 'MARKETING', 'email', marketing))).to.equal('CONSENT_MISSING CONSENT_MISSING');
    expect(why(decide(ads, 'MARKETING', 'email', state({ consents: withProvisionTo('partner-ads') })))).to.equal(
      'ALLOW PURPOSE',
    );
    expect(why(decide(ads, 'MARKETING', 'email', state({ consents: withProvisionTo('other-partner') })))).to.equal(
      'CONSENT_MISSING CONSENT_MISSING',
    );
  });

  it('withholds a child whose guardian has not consented from everyone but the child’s own side', () => {
    const pending = state({ under14: true, guardianVerified: false });
    const required = 'GUARDIAN_CONSENT_REQUIRED GUARDIAN_CONSENT_REQUIRED';
    expect(why(decide(cs, 'MEMBER_MANAGEMENT', 'name', pending))).to.equal(required);
    expect(why(decide(cs, 'MEMBER_MANAGEMENT', 'name', state({ status: 'PENDING_GUARDIAN' })))).to.equal(required);
    expect(why(decide(cs, 'MEMBER_MANAGEMENT', 'name', state({ under14: true, guardianVerified: true })))).to.equal(
      'ALLOW PURPOSE',
    );
    expect(why(decide(member('m-1'), 'SELF_SERVICE', 'name', pending))).to.equal('ALLOW OWN_DATA');
  });

  it('holds a field under correction from every purpose but SELF_SERVICE', () => {
    const held = state({ fieldsOnHold: new Set(['phone']) });
    expect(why(decide(cs, 'MEMBER_MANAGEMENT', 'phone', held))).to.equal('UNDER_CORRECTION UNDER_CORRECTION');
    expect(why(decide(cs, 'MEMBER_MANAGEMENT', 'name', held))).to.equal('ALLOW PURPOSE');
    expect(why(decide(member('m-1'), 'SELF_SERVICE', 'phone', held))).to.equal('ALLOW OWN_DATA');
  });

  it('opens under LEGAL_REQUEST only the members and fields the lawful request names', () => {
    const officer = staff('PRIVACY_OFFICER', ['MEMBER_MANAGEMENT', 'LEGAL_REQUEST']);
    const lawful = { id: 'lr-1', memberIds: ['m-1'], fields: ['name'] };
    const outside = 'PURPOSE_DENIED NOT_IN_LAWFUL_REQUEST';
    expect(why(decide(officer, 'LEGAL_REQUEST', 'name', state(), lawful))).to.equal('ALLOW PURPOSE');
    expect(why(decide(officer, 'LEGAL_REQUEST', 'email', state(), lawful))).to.equal(outside);
    expect(why(decide(officer, 'LEGAL_REQUEST', 'name', state({ id: 'm-2' }), lawful))).to.equal(outside);
    expect(why(decide(officer, 'LEGAL_REQUEST', 'name', state(), null))).to.equal(outside);
  });

  it('reports the purpose before the consent when both fail, so the reason names what to change first', () => {
    expect(why(decide(marketer, 'MARKETING', 'bankAccount', state()))).to.equal('PURPOSE_DENIED CATEGORY_NOT_COVERED');
  });

  it('answers the same reason with the same value: deciding allocates nothing', () => {
    expect(decide(cs, 'MEMBER_MANAGEMENT', 'email', state())).to.equal(
      decide(cs, 'MEMBER_MANAGEMENT', 'name', state()),
    );
    expect(decide(cs, null, 'name', state())).to.equal(decide(marketer, null, 'email', state()));
  });
});
