import { expect } from 'chai';
import type { Knex } from '@mikro-orm/knex';
import type { JWK } from 'jose';
import { signingKeyDirectory } from '../../src/crypto/signing-keys';
import { newSigningJwk } from '../../src/crypto/generate-keys';

describe('signing-key directory cache', () => {
  let rows: { kid: string; public_jwk: string; superseded_at: unknown }[];
  let reads: number;
  let failing: boolean;
  let now: number;
  /** Only what the directory asks of the database: every row of signing_key. */
  const knex = (() => ({
    select: async () => {
      reads++;
      if (failing) throw new Error('database unreachable');
      return rows;
    },
  })) as unknown as Knex;
  const row = async (): Promise<JWK> => {
    const { d: _d, ...pub } = await newSigningJwk(new Date());
    rows.push({ kid: pub.kid!, public_jwk: JSON.stringify(pub), superseded_at: null });
    return pub;
  };
  const directory = () =>
    signingKeyDirectory(knex, { maxAgeMs: 30_000, unknownKidIntervalMs: 5_000, monotonicMs: () => now });

  beforeEach(() => {
    rows = [];
    reads = 0;
    failing = false;
    now = 1_000_000;
  });

  it('reads the table once, then again only when its copy is older than the maximum age', async () => {
    const known = await row();
    const d = directory();
    expect((await d.find(known.kid!))?.jwk.x).to.equal(known.x);
    now += 29_000;
    await d.find(known.kid!);
    await d.list();
    expect(reads).to.equal(1);
    now += 1_000;
    await d.find(known.kid!);
    expect(reads).to.equal(2);
  });

  it('reads again for an unknown kid at most once per interval, however many are sprayed', async () => {
    await row();
    const d = directory();
    await d.list();
    for (let i = 0; i < 100; i++) expect(await d.find(`made-up-${i}`)).to.equal(undefined);
    expect(reads, 'the first unknown kid reads at once, the others wait').to.equal(2);
    const added = await row();
    now += 4_999;
    expect(await d.find(added.kid!)).to.equal(undefined);
    now += 1;
    expect((await d.find(added.kid!))?.jwk.kid).to.equal(added.kid);
    expect(reads).to.equal(3);
  });

  it('keeps serving the keys it knows while the database is unreachable', async () => {
    const known = await row();
    const d = directory();
    await d.list();
    failing = true;
    now += 60_000;
    expect((await d.find(known.kid!))?.jwk.kid).to.equal(known.kid);
    expect(await d.find('made-up')).to.equal(undefined);
  });

  it('shares one read among concurrent lookups', async () => {
    const known = await row();
    const d = directory();
    await Promise.all(Array.from({ length: 20 }, () => d.find(known.kid!)));
    expect(reads).to.equal(1);
  });
});
