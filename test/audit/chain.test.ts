import { expect } from 'chai';
import fc from 'fast-check';
import { GENESIS, GENESIS_HASH, canonical, hashOf, link, type AccessRecord } from '../../src/audit/chain';

const record = (over: Partial<AccessRecord> = {}): AccessRecord => ({
  requestId: 'r1', at: new Date('2026-11-01T10:00:00Z'), accessorId: 'a1', accessorKind: 'STAFF', accessorRole: 'CS_AGENT',
  accessorName: 'Agent', clientIp: '127.0.0.1', memberId: 'm1', action: 'VIEW', purpose: 'MEMBER_MANAGEMENT',
  legalBasis: null, fields: ['name', 'email'], denied: { address: 'PURPOSE_DENIED' }, operationName: 'Q', ...over,
});

describe('§10 access-log chain', () => {
  it('links each record to the hash of the one before, starting from the given head', () => {
    const [a, b] = link([record(), record({ memberId: 'm2' })], GENESIS);
    expect(a!.prevHash).to.equal(GENESIS_HASH);
    expect(b!.prevHash).to.equal(a!.hash);
    expect([a!.seq, b!.seq]).to.deep.equal([1, 2]);
    expect(link([record()], { seq: 41, hash: a!.hash })[0]).to.include({ seq: 42, prevHash: a!.hash });
    expect(a!.hash).to.match(/^[0-9a-f]{64}$/);
  });

  it('hashes a canonical form: field order of sets and maps does not matter, every value does', () => {
    const h = hashOf(record(), GENESIS_HASH);
    expect(hashOf(record({ fields: ['email', 'name'] }), GENESIS_HASH)).to.equal(h);
    expect(hashOf(record({ fields: ['name'] }), GENESIS_HASH)).to.not.equal(h);
    expect(hashOf(record({ at: new Date('2026-11-01T10:00:00.001Z') }), GENESIS_HASH)).to.not.equal(h);
    expect(hashOf(record(), 'f'.repeat(64))).to.not.equal(h);
    expect(canonical(record(), GENESIS_HASH)).to.not.include('undefined');
  });

  it('links with exactly the hashes of the canonical encoding, whatever runs of requests and field sets it gets', () => {
    const text = fc.option(fc.string(), { nil: null });
    const arbitrary = fc.record({
      requestId: fc.constantFrom('r1', 'r2'), at: fc.constantFrom(new Date(0), new Date('2026-11-01T10:00:00.123Z')),
      accessorId: fc.constantFrom('a1', 'a"2'), accessorKind: fc.constantFrom('STAFF', 'PARTNER'), accessorRole: text,
      accessorName: fc.string(), clientIp: fc.constantFrom('::1', '10.0.0.1'), memberId: text,
      action: fc.constantFrom('VIEW' as const, 'PROVIDE' as const), purpose: text, legalBasis: text,
      fields: fc.uniqueArray(fc.constantFrom('name', 'email', 'phone', 'a,b', '\u0000x')),
      denied: fc.dictionary(fc.constantFrom('address', 'phone', 'name'), fc.constantFrom('PURPOSE_DENIED', 'NO_CONSENT')),
      operationName: text,
    });
    fc.assert(fc.property(fc.array(arbitrary, { maxLength: 12 }), (records) => {
      let prev = 'a'.repeat(64);
      link(records, { seq: 7, hash: prev }).forEach((c, i) => {
        expect(c.prevHash).to.equal(prev);
        expect(c.hash).to.equal(hashOf(records[i]!, prev));
        expect(c.seq).to.equal(8 + i);
        prev = c.hash;
      });
    }));
  });
});
