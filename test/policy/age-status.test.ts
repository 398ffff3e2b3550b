import { expect } from 'chai';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { clientToken, codes, gql, login, type Caller } from '../helpers/http';
import { errorSet, memberIds, yearsAgo } from '../lifecycle/support';

/**
 * §3 §10 A member waiting for her guardian's consent (PENDING_GUARDIAN) is under 14: the status, and the
 * GUARDIAN_CONSENT_REQUIRED code on her fields, state an age. A principal whose purpose reads no ages (order
 * fulfilment, marketing, a consignee, a partner) can read nothing about her either, so it does not reach her at
 * all: she is absent from its lists and `member(id)` answers as for a withdrawn member. Member management and
 * lawful requests, which read ages, still see her status.
 */

const LIST = '{ members(first: 100) { edges { node { id status } } } }';
const ONE = 'query($id: ID!) { member(id: $id) { id status name } }';

describe('§3 §10 lists do not reveal a status that implies age to a purpose that reads no ages', () => {
  let t: TestGateway;
  let ids: Record<string, string>;
  let cs: string;
  before(async () => {
    t = await startGateway();
    ids = await memberIds(t);
    cs = await login(t.url, 'cs-agent');
    const admin = { token: await login(t.url, 'admin'), purpose: 'ADMINISTRATION' };
    // bob has a delivery entrusted to the courier, then his birth date is corrected to under 14.
    const work = await gql(
      t.url,
      'mutation($m: ID!) { entrustWork(clientId: "courier", memberId: $m, kind: "DELIVERY", taskReference: "order-7") { id } }',
      { m: ids.bob },
      admin,
    );
    expect(work.errors).to.equal(undefined);
    const bob = { token: await login(t.url, 'bob'), purpose: 'SELF_SERVICE' };
    const req = await gql<{ requestCorrection: { id: string } }>(
      t.url,
      'mutation($v: String!) { requestCorrection(field: "birthDate", newValue: $v, reason: "typo") { id } }',
      { v: yearsAgo(12) },
      bob,
    );
    const done = await gql(
      t.url,
      'mutation($id: ID!) { completeCorrection(id: $id) { status } }',
      { id: req.data!.requestCorrection.id },
      { token: cs, purpose: 'MEMBER_MANAGEMENT' },
    );
    expect(codes(done)).to.deep.equal([]);
    expect((await t.gateway.services.knex('member').first('status').where({ id: ids.bob })).status).to.equal(
      'PENDING_GUARDIAN',
    );
  });
  after(() => t?.stop());

  const listed = async (caller: Caller) => {
    const res = await gql<{ members: { edges: { node: { id: string; status: string } }[] } }>(t.url, LIST, {}, caller);
    expect(res.errors ?? []).to.deep.equal([]);
    return res.data!.members.edges.map((e) => e.node);
  };

  it('the courier with work for bob, the CS agent fulfilling orders and the marketer list no pending child', async () => {
    const courier = { token: await clientToken(t.url, 'courier'), purpose: 'ORDER_FULFILLMENT' };
    const readers: [string, Caller][] = [
      ['courier', courier],
      ['cs-agent ORDER_FULFILLMENT', { token: cs, purpose: 'ORDER_FULFILLMENT' }],
      ['marketer', { token: await login(t.url, 'marketer'), purpose: 'MARKETING' }],
    ];
    for (const [who, caller] of readers) {
      const nodes = await listed(caller);
      expect(
        nodes.filter((n) => n.status === 'PENDING_GUARDIAN'),
        who,
      ).to.deep.equal([]);
      expect(
        nodes.map((n) => n.id),
        who,
      ).not.to.include.members([ids.bob, ids.jun]);
    }
  });

  it('member(id) of a pending child answers like a withdrawn member’s to a purpose that reads no ages', async () => {
    const callers: Caller[] = [
      { token: await clientToken(t.url, 'courier'), purpose: 'ORDER_FULFILLMENT' },
      { token: cs, purpose: 'ORDER_FULFILLMENT' },
      { token: await login(t.url, 'marketer'), purpose: 'MARKETING' },
    ];
    for (const caller of callers) {
      const pending = await gql(t.url, ONE, { id: ids.bob }, caller);
      const withdrawn = await gql(t.url, ONE, { id: ids.carol }, caller);
      expect(pending.data).to.deep.equal(withdrawn.data);
      expect(errorSet(pending)).to.deep.equal(errorSet(withdrawn));
      expect(JSON.stringify(pending)).not.to.match(/PENDING_GUARDIAN|GUARDIAN_CONSENT_REQUIRED/);
    }
  });

  it('member management, which reads ages, still sees the pending status', async () => {
    const nodes = await listed({ token: cs, purpose: 'MEMBER_MANAGEMENT' });
    expect(nodes.filter((n) => n.status === 'PENDING_GUARDIAN').map((n) => n.id)).to.have.members([ids.bob, ids.jun]);
  });
});
