import { expect } from 'chai';
import { purposesFor } from '../../src/policy/purposes';
import { memberScope, subjectOf } from '../../src/policy/scope';
import { ANONYMOUS } from '../../src/auth/principal';
import { StaffRole } from '../../src/modules/staff';
import { consignee, guardian, member, partner, staff } from './principals';

const now = new Date('2026-01-01T00:00:00Z');

describe('§3 purposesFor: the purposes a principal may declare', () => {
  it('gives members and guardians SELF_SERVICE only', () => {
    expect(purposesFor({ kind: 'MEMBER', role: null })).to.deep.equal(['SELF_SERVICE']);
    expect(purposesFor({ kind: 'GUARDIAN', role: null })).to.deep.equal(['SELF_SERVICE']);
  });

  it('gives staff the purposes of their role, and a staff member without a role none', () => {
    expect(purposesFor({ kind: 'STAFF', role: StaffRole.CS_AGENT })).to.deep.equal([
      'MEMBER_MANAGEMENT',
      'ORDER_FULFILLMENT',
    ]);
    expect(purposesFor({ kind: 'STAFF', role: StaffRole.PRIVACY_OFFICER })).to.deep.equal([
      'MEMBER_MANAGEMENT',
      'LEGAL_REQUEST',
    ]);
    expect(purposesFor({ kind: 'STAFF', role: StaffRole.ADMIN })).to.deep.equal(['ADMINISTRATION']);
    expect(purposesFor({ kind: 'STAFF', role: null })).to.deep.equal([]);
  });

  it('lets a client’s registration narrow the table but never widen it', () => {
    expect(purposesFor({ kind: 'CONSIGNEE', role: null }, ['ORDER_FULFILLMENT'])).to.deep.equal(['ORDER_FULFILLMENT']);
    expect(purposesFor({ kind: 'CONSIGNEE', role: null }, ['MARKETING', 'LEGAL_REQUEST'])).to.deep.equal([]);
    expect(purposesFor({ kind: 'PARTNER', role: null }, ['MARKETING', 'PAYMENT_SETTLEMENT'])).to.deep.equal([
      'MARKETING',
    ]);
    expect(purposesFor({ kind: 'PARTNER', role: null })).to.deep.equal([]);
  });

  it('gives an anonymous caller nothing', () => {
    expect(purposesFor(ANONYMOUS)).to.deep.equal([]);
  });
});

describe('§10 memberScope: which members a principal can reach at all under a purpose', () => {
  it('reaches nobody without a purpose, or with one the principal may not declare', () => {
    expect(memberScope(member('m-1'), null, null, now)).to.deep.equal({ kind: 'NONE' });
    expect(memberScope(member('m-1'), 'MEMBER_MANAGEMENT', null, now)).to.deep.equal({ kind: 'NONE' });
  });

  it('reaches a member herself, and a guardian their verified children', () => {
    expect(memberScope(member('m-1'), 'SELF_SERVICE', null, now)).to.deep.equal({ kind: 'IDS', ids: ['m-1'] });
    expect(memberScope(guardian(['c-1', 'c-2']), 'SELF_SERVICE', null, now)).to.deep.equal({
      kind: 'IDS',
      ids: ['c-1', 'c-2'],
    });
  });

  it('reaches every member for customer service, none for statistics or administration', () => {
    expect(memberScope(staff('CS_AGENT', ['MEMBER_MANAGEMENT']), 'MEMBER_MANAGEMENT', null, now)).to.deep.equal({
      kind: 'ALL',
    });
    expect(memberScope(staff('ANALYST', ['SERVICE_DEVELOPMENT']), 'SERVICE_DEVELOPMENT', null, now)).to.deep.equal({
      kind: 'NONE',
    });
    expect(memberScope(staff('ADMIN', ['ADMINISTRATION']), 'ADMINISTRATION', null, now)).to.deep.equal({
      kind: 'NONE',
    });
  });

  it('reaches under LEGAL_REQUEST only the members the lawful request names, and nobody without one', () => {
    const officer = staff('PRIVACY_OFFICER', ['LEGAL_REQUEST']);
    const lawful = { id: 'lr-1', memberIds: ['m-3'], fields: ['name'] };
    expect(memberScope(officer, 'LEGAL_REQUEST', lawful, now)).to.deep.equal({ kind: 'IDS', ids: ['m-3'] });
    expect(memberScope(officer, 'LEGAL_REQUEST', null, now)).to.deep.equal({ kind: 'NONE' });
  });

  it('reaches for a partner the members who consented to provision to it, for a consignee those entrusted now, neither reaching a pending child', () => {
    expect(memberScope(partner('partner-ads', ['email']), 'MARKETING', null, now)).to.deep.equal({
      kind: 'PROVISION_CONSENTED',
      clientId: 'partner-ads',
      withoutPendingChildren: true,
    });
    const courier = consignee('courier', ['name'], ['ORDER_FULFILLMENT']);
    expect(memberScope(courier, 'ORDER_FULFILLMENT', null, now)).to.deep.equal({
      kind: 'ASSIGNED',
      consigneeId: courier.id,
      at: now,
      withoutPendingChildren: true,
    });
  });
});

describe('§13 subjectOf: whose data a self-service action is about', () => {
  it('is the member herself, whether or not she names herself, and nobody when she names another', () => {
    expect(subjectOf(member('m-1'), null)).to.equal('m-1');
    expect(subjectOf(member('m-1'), 'm-1')).to.equal('m-1');
    expect(subjectOf(member('m-1'), 'm-2')).to.equal(null);
  });

  it('is a guardian’s child only when named and theirs; a guardian has no data of their own here', () => {
    expect(subjectOf(guardian(['c-1']), 'c-1')).to.equal('c-1');
    expect(subjectOf(guardian(['c-1']), 'c-2')).to.equal(null);
    expect(subjectOf(guardian(['c-1']), null)).to.equal(null);
  });

  it('is nobody for staff, clients and anonymous callers', () => {
    expect(subjectOf(staff('CS_AGENT', ['MEMBER_MANAGEMENT']), 'm-1')).to.equal(null);
    expect(subjectOf(partner('partner-ads', []), 'm-1')).to.equal(null);
    expect(subjectOf(ANONYMOUS, 'm-1')).to.equal(null);
  });
});
