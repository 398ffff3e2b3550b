import { expect } from 'chai';
import { namedFieldsOnly } from '../../src/modules/lawful-request/named-fields';

// The filter retainedRecords applies inside a lawful request (§6); the resolver lives in the retention module.
describe('§6 a lawful request sees only the fields it names in a retained record, nested sections included', () => {
  const record = {
    loginId: 'alice',
    name: 'Alice Kim',
    email: 'alice@example.com',
    joinedAt: '2026-01-01T00:00:00.000Z',
    consents: [{ purpose: 'MARKETING', givenBy: 'SELF' }],
    supplies: [{ consigneeId: 'c1', name: 'Alice Kim', bankAccount: '110-123' }],
    complaints: [{ subject: 'late parcel', body: 'call me on 010-1234-5678' }],
    profile: { phone: '010-1234-5678', address: '1 Sejong-daero' },
  };

  const facts = {
    joinedAt: '2026-01-01T00:00:00.000Z',
    consents: [{ purpose: 'MARKETING', givenBy: 'SELF' }],
    complaints: [{ subject: 'late parcel', body: 'call me on 010-1234-5678' }],
  };

  it("§6 keeps of the personal fields only the named ones, at every depth, with the record's own facts", () => {
    expect(namedFieldsOnly(record, ['name'])).to.deep.equal({
      ...facts,
      name: 'Alice Kim',
      supplies: [{ consigneeId: 'c1', name: 'Alice Kim' }],
    });
    expect(namedFieldsOnly(record, ['phone', 'bankAccount'])).to.deep.equal({
      ...facts,
      supplies: [{ consigneeId: 'c1', bankAccount: '110-123' }],
      profile: { phone: '010-1234-5678' },
    });
  });

  it('§6 leaves no personal field the request does not name', () => {
    expect(namedFieldsOnly(record, ['gender'])).to.deep.equal({ ...facts, supplies: [{ consigneeId: 'c1' }] });
  });
});
