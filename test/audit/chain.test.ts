import { expect } from 'chai';
import fc from 'fast-check';
import { GENESIS, GENESIS_HASH, canonical, hashOf, link, type AccessRecord } from '../../src/audit/chain';
import { ipDigester } from '../../src/audit/ip-digest';

const record = (over: Partial<AccessRecord> = {}): AccessRecord => ({
  requestId: 'r1',
  at: new Date('2026-11-01T10:00:00Z'),
  accessorId: 'a1',
  accessorKind: 'STAFF',
  accessorRole: 'CS_AGENT',
  accessorName: 'Agent',
  clientIp: '127.0.0.1',
  memberId: 'm1',
  action: 'VIEW',
  purpose: 'MEMBER_MANAGEMENT',
  legalBasis: null,
  fields: ['name', 'email'],
  denied: { address: 'PURPOSE_DENIED' },
  operationName: 'Q',
  ...over,
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
      requestId: fc.constantFrom('r1', 'r2'),
      at: fc.constantFrom(new Date(0), new Date('2026-11-01T10:00:00.123Z')),
      accessorId: fc.constantFrom('a1', 'a"2'),
      accessorKind: fc.constantFrom('STAFF', 'PARTNER'),
      accessorRole: text,
      accessorName: fc.string(),
      clientIp: fc.constantFrom('::1', '10.0.0.1'),
      memberId: text,
      action: fc.constantFrom('VIEW' as const, 'PROVIDE' as const),
      purpose: text,
      legalBasis: text,
      fields: fc.uniqueArray(fc.constantFrom('name', 'email', 'phone', 'a,b', '\u0000x')),
      denied: fc.dictionary(
        fc.constantFrom('address', 'phone', 'name'),
        fc.constantFrom('PURPOSE_DENIED', 'NO_CONSENT'),
      ),
      operationName: text,
    });
    const digest = ipDigester(Buffer.alloc(32, 7));
    fc.assert(
      fc.property(fc.array(arbitrary, { maxLength: 12 }), fc.boolean(), (records, v2) => {
        let prev = 'a'.repeat(64);
        link(records, { seq: 7, hash: prev }, v2 ? digest : null).forEach((c, i) => {
          expect(c.prevHash).to.equal(prev);
          expect(c.ipDigest).to.equal(v2 ? digest(records[i]!.clientIp) : null);
          expect(c.hash).to.equal(hashOf({ ...records[i]!, ipDigest: c.ipDigest }, prev));
          expect(c.seq).to.equal(8 + i);
          prev = c.hash;
        });
      }),
    );
  });

  describe('§4 visit records: the chain commits to a keyed digest of the address, so the address can be erased', () => {
    const digest = ipDigester(Buffer.alloc(32, 1));

    it('a v2 row hashes the digest in place of the address: erasing the address keeps the hash, changing the digest breaks it', () => {
      const [c] = link([record()], GENESIS, digest);
      expect(c!.ipDigest)
        .to.equal(digest('127.0.0.1'))
        .and.to.match(/^[0-9a-f]{64}$/);
      expect(canonical(c!, GENESIS_HASH)).to.not.include('127.0.0.1');
      expect(hashOf({ ...c!, clientIp: '' }, GENESIS_HASH)).to.equal(c!.hash);
      expect(hashOf({ ...c!, ipDigest: digest('10.0.0.9') }, GENESIS_HASH)).to.not.equal(c!.hash);
      expect(ipDigester(Buffer.alloc(32, 2))('127.0.0.1')).to.not.equal(c!.ipDigest);
    });

    it('a row without a digest (written before) hashes as v1, over the address, exactly as it always did', () => {
      const [old] = link([record()], GENESIS);
      expect(old!.ipDigest).to.equal(null);
      expect(canonical(record(), GENESIS_HASH).startsWith('["v1",')).to.equal(true);
      expect(hashOf({ ...record(), ipDigest: null }, GENESIS_HASH))
        .to.equal(old!.hash)
        .and.to.equal(hashOf(record(), GENESIS_HASH));
      expect(hashOf({ ...record(), clientIp: '' }, GENESIS_HASH)).to.not.equal(old!.hash);
      const [next] = link([record({ requestId: 'r2' })], { seq: 1, hash: old!.hash }, digest);
      expect(hashOf(next!, old!.hash)).to.equal(next!.hash);
    });
  });
});
