import { expect } from 'chai';
import { namedFieldsOnly } from '../../src/modules/lawful-request/named-fields';

// The filter retainedRecords applies inside a lawful request (§6); the resolver lives in the retention module.
describe('§6 a lawful request sees only the fields it names in a retained record, nested sections included', () => {
  const record = {
    loginId: 'alice', name: 'Alice Kim', email: 'alice@example.com', joinedAt: '2026-01-01T00:00:00.000Z',
    consents: [{ purpose: 'MARKETING', givenBy: 'SELF' }],
    supplies: [{ consigneeId: 'c1', name: 'Alice Kim', bankAccount: '110-123' }],
    complaints: [{ subject: 'late parcel', body: 'call me on 010-1234-5678' }],
    profile: { phone: '010-1234-5678', address: '1 Sejong-daero' },
  };

  it('§6 keeps named fields at every depth and nothing else', () => {
    expect(namedFieldsOnly(record, ['name'])).to.deep.equal({ name: 'Alice Kim', supplies: [{ name: 'Alice Kim' }] });
    expect(namedFieldsOnly(record, ['phone', 'bankAccount'])).to.deep.equal({ supplies: [{ bankAccount: '110-123' }], profile: { phone: '010-1234-5678' } });
  });

  it('§6 returns nothing when the request names no field the record holds', () => {
    expect(namedFieldsOnly(record, ['gender'])).to.deep.equal({});
  });
});
