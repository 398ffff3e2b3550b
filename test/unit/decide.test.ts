import { expect } from 'chai';
import { decide } from '../../src/policy/decide';
import { consignee, guardian, member, partner, staff, state, withProvisionTo } from './principals';

const cs = staff('CS_AGENT', ['MEMBER_MANAGEMENT', 'ORDER_FULFILLMENT']);
const marketer = staff('MARKETER', ['MARKETING']);

describe('§3 decide: whether a principal, for a purpose, may read one field of one member', () => {
  it('lets a member read every field of her own, and answers NOT_FOUND for anyone else’s', () => {
    expect(decide(member('m-1'), 'SELF_SERVICE', 'bankAccount', state())).to.equal('ALLOW');
    expect(decide(member('m-2'), 'SELF_SERVICE', 'name', state())).to.equal('NOT_FOUND');
  });

  it('lets a guardian read a child’s data only when that child is theirs', () => {
    expect(decide(guardian(['m-1']), 'SELF_SERVICE', 'phone', state({ under14: true }))).to.equal('ALLOW');
    expect(decide(guardian(['m-9']), 'SELF_SERVICE', 'phone', state({ under14: true }))).to.equal('NOT_FOUND');
  });

  it('asks for a purpose before anything else is weighed', () => {
    expect(decide(cs, null, 'name', state())).to.equal('PURPOSE_REQUIRED');
  });

  it('answers a withdrawn member as one that does not exist, whatever the purpose', () => {
    expect(decide(member('m-1'), 'SELF_SERVICE', 'name', state({ status: 'WITHDRAWN' }))).to.equal('NOT_FOUND');
    expect(decide(cs, null, 'name', state({ status: 'WITHDRAWN' }))).to.equal('NOT_FOUND');
  });

  it('keeps a category out of a purpose that does not list it (payment under MEMBER_MANAGEMENT)', () => {
    expect(decide(cs, 'MEMBER_MANAGEMENT', 'email', state())).to.equal('ALLOW');
    expect(decide(cs, 'MEMBER_MANAGEMENT', 'bankAccount', state())).to.equal('PURPOSE_DENIED');
  });

  it('gives a partner or consignee only the fields registered for it', () => {
    const courier = consignee('courier', ['name', 'phone', 'address'], ['ORDER_FULFILLMENT']);
    expect(decide(courier, 'ORDER_FULFILLMENT', 'address', state())).to.equal('ALLOW');
    expect(decide(courier, 'ORDER_FULFILLMENT', 'email', state())).to.equal('PURPOSE_DENIED');
  });

  it('requires marketing consent for MARKETING, and provision consent to that partner for a partner', () => {
    expect(decide(marketer, 'MARKETING', 'email', state())).to.equal('CONSENT_MISSING');
    expect(decide(marketer, 'MARKETING', 'email', state({ consents: new Set(['ESSENTIAL', 'MARKETING']) }))).to.equal(
      'ALLOW',
    );
    const ads = partner('partner-ads', ['email']);
    expect(decide(ads, 'MARKETING', 'email', state({ consents: new Set(['ESSENTIAL', 'MARKETING']) }))).to.equal(
      'CONSENT_MISSING',
    );
    expect(decide(ads, 'MARKETING', 'email', state({ consents: withProvisionTo('partner-ads') }))).to.equal('ALLOW');
    expect(decide(ads, 'MARKETING', 'email', state({ consents: withProvisionTo('other-partner') }))).to.equal(
      'CONSENT_MISSING',
    );
  });

  it('withholds a child whose guardian has not consented from everyone but the child’s own side', () => {
    const pending = state({ under14: true, guardianVerified: false });
    expect(decide(cs, 'MEMBER_MANAGEMENT', 'name', pending)).to.equal('GUARDIAN_CONSENT_REQUIRED');
    expect(decide(cs, 'MEMBER_MANAGEMENT', 'name', state({ status: 'PENDING_GUARDIAN' }))).to.equal(
      'GUARDIAN_CONSENT_REQUIRED',
    );
    expect(decide(cs, 'MEMBER_MANAGEMENT', 'name', state({ under14: true, guardianVerified: true }))).to.equal('ALLOW');
  });

  it('holds a field under correction from every purpose but SELF_SERVICE', () => {
    const held = state({ fieldsOnHold: new Set(['phone']) });
    expect(decide(cs, 'MEMBER_MANAGEMENT', 'phone', held)).to.equal('UNDER_CORRECTION');
    expect(decide(cs, 'MEMBER_MANAGEMENT', 'name', held)).to.equal('ALLOW');
    expect(decide(member('m-1'), 'SELF_SERVICE', 'phone', held)).to.equal('ALLOW');
  });

  it('opens under LEGAL_REQUEST only the members and fields the lawful request names', () => {
    const officer = staff('PRIVACY_OFFICER', ['MEMBER_MANAGEMENT', 'LEGAL_REQUEST']);
    const lawful = { id: 'lr-1', memberIds: ['m-1'], fields: ['name'] };
    expect(decide(officer, 'LEGAL_REQUEST', 'name', state(), lawful)).to.equal('ALLOW');
    expect(decide(officer, 'LEGAL_REQUEST', 'email', state(), lawful)).to.equal('PURPOSE_DENIED');
    expect(decide(officer, 'LEGAL_REQUEST', 'name', state({ id: 'm-2' }), lawful)).to.equal('PURPOSE_DENIED');
    expect(decide(officer, 'LEGAL_REQUEST', 'name', state(), null)).to.equal('PURPOSE_DENIED');
  });

  it('reports the purpose before the consent when both fail, so the reason names what to change first', () => {
    expect(decide(marketer, 'MARKETING', 'bankAccount', state())).to.equal('PURPOSE_DENIED');
  });
});
