import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { gql, login } from '../helpers/http';
import { verifyChain } from '../../src/audit/verify';
import { ipDigester } from '../../src/audit/ip-digest';
import { retentionOnce } from '../../src/jobs';
import { adultForm, signUp } from '../lifecycle/support';
import { DAY, ENV } from './support';

describe('§4 visit records (member and visitor addresses) are kept 3 months; the chain still verifies without them', () => {
  let t: TestGateway;
  let current: Date;
  const clock = { now: () => new Date(current) };
  let t0: number;
  let firstSeq: number;
  before(async () => {
    current = new Date();
    t0 = current.getTime();
    t = await startGateway({ clock, env: ENV });
    firstSeq = Number((await knex()('access_log').max({ m: 'seq' }).first())?.m ?? 0) + 1;
  });
  after(() => t.stop());

  const knex = () => t.gateway.services.knex;
  const rowsSince = (seq: number) =>
    knex()('access_log')
      .select('seq', 'accessor_kind', 'client_ip', 'ip_digest')
      .where('seq', '>=', seq)
      .orderBy('seq');
  let visitorId: string;

  it('writes each new row with the keyed digest of its address beside the address', async () => {
    const alice = await login(t.url, 'alice');
    expect((await gql(t.url, '{ me { name } }', {}, { token: alice, purpose: 'SELF_SERVICE' })).errors).to.equal(
      undefined,
    );
    const cs = await login(t.url, 'cs-agent');
    expect(
      (
        await gql(
          t.url,
          '{ members(first: 5) { edges { node { name } } } }',
          {},
          { token: cs, purpose: 'MEMBER_MANAGEMENT' },
        )
      ).data,
    ).to.not.equal(null);
    const res = await signUp(t, adultForm({ loginId: 'visitor1', email: 'visitor1@example.com' }));
    expect(res.errors).to.equal(undefined);
    visitorId = res.data!.signUp.memberId!;
    const rows = await rowsSince(firstSeq);
    expect(rows.map((r) => r.accessor_kind)).to.include.members(['MEMBER', 'STAFF']);
    const digest = ipDigester(
      createHmac('sha256', t.gateway.services.keys.masterKey).update('access-log-client-ip').digest(),
    );
    for (const r of rows) {
      expect(r.client_ip).to.not.equal('');
      expect(r.ip_digest).to.equal(digest(r.client_ip));
    }
    expect((await knex()('member').first('signup_ip').where({ id: visitorId })).signup_ip).to.not.equal(null);
  });

  it('keeps every address before 3 months have passed', async () => {
    current = new Date(t0 + 89 * DAY);
    const report = await retentionOnce(t.gateway.services);
    expect(report.addressesErased).to.equal(0);
    for (const r of await rowsSince(firstSeq)) expect(r.client_ip).to.not.equal('');
  });

  it('after 3 months erases member, guardian and visitor addresses (log rows and sign-up address), keeps staff and client ones, and the chain verifies', async () => {
    current = new Date(t0 + 91 * DAY);
    const report = await retentionOnce(t.gateway.services);
    expect(report.addressesErased).to.be.greaterThan(1);
    const rows = await rowsSince(firstSeq);
    for (const r of rows) {
      if (['MEMBER', 'GUARDIAN', 'ANONYMOUS'].includes(r.accessor_kind))
        expect(r.client_ip, `row ${r.seq}`).to.equal('');
      else expect(r.client_ip, `row ${r.seq}`).to.not.equal('');
      expect(r.ip_digest).to.match(/^[0-9a-f]{64}$/);
    }
    expect((await knex()('member').first('signup_ip').where({ id: visitorId })).signup_ip).to.equal(null);
    const verified = await verifyChain(knex(), t.gateway.services.keys.verifyKey);
    expect(verified.ok, JSON.stringify(verified)).to.equal(true);
  });

  it('erasing what the hash does cover (the digest) is still caught', async () => {
    const row = (await rowsSince(firstSeq))[0]!;
    await knex()('access_log')
      .where({ seq: row.seq })
      .update({ ip_digest: 'f'.repeat(64) });
    const verified = await verifyChain(knex(), t.gateway.services.keys.verifyKey);
    expect(verified).to.include({ ok: false, brokenAt: Number(row.seq) });
  });
});
