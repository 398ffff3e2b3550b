import { expect } from 'chai';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { clientToken, codes, gql, login } from '../helpers/http';
import { counts, errorSet, expectError, memberIds } from './support';

const GRANT =
  'mutation Grant($p: String!, $r: String) { grantConsent(purpose: $p, recipient: $r) { id purpose recipient policyVersion grantedAt withdrawnAt method givenBy } }';
const WITHDRAW = 'mutation Withdraw($p: String!, $r: String) { withdrawConsent(purpose: $p, recipient: $r) }';
const HISTORY = '{ me { consents { purpose recipient policyVersion grantedAt withdrawnAt method givenBy } } }';
const READ = 'query Read($id: ID!) { member(id: $id) { name email } }';

type Receipt = {
  purpose: string;
  recipient: string | null;
  policyVersion: number;
  grantedAt: string;
  withdrawnAt: string | null;
  method: string;
  givenBy: string;
};

describe('§1 §6 lifecycle: consents', () => {
  let t: TestGateway;
  let ids: Record<string, string>;
  let alice: string;
  let bob: string;
  let marketer: string;
  let partner: string;
  before(async () => {
    t = await startGateway();
    ids = await memberIds(t);
    [alice, bob, marketer] = await Promise.all([login(t.url, 'alice'), login(t.url, 'bob'), login(t.url, 'marketer')]);
    partner = await clientToken(t.url, 'partner-ads');
  });
  after(() => t.stop());

  const self = (token: string) => ({ token, purpose: 'SELF_SERVICE' });
  const history = async (token: string) =>
    (await gql<{ me: { consents: Receipt[] } }>(t.url, HISTORY, {}, self(token))).data!.me.consents;

  it('bob grants MARKETING and the marketer, with a token issued before, reads his email on its next request', async () => {
    const before = await gql<{ member: { name: string | null; email: string | null } }>(
      t.url,
      READ,
      { id: ids.bob },
      { token: marketer, purpose: 'MARKETING' },
    );
    expect(before.data!.member).to.deep.equal({ name: null, email: null });
    expect(errorSet(before)).to.deep.equal(['member.email CONSENT_MISSING', 'member.name CONSENT_MISSING']);

    const res = await gql<{ grantConsent: Receipt }>(t.url, GRANT, { p: 'MARKETING' }, self(bob));
    expect(res.errors).to.equal(undefined);
    expect(res.data!.grantConsent).to.deep.include({
      purpose: 'MARKETING',
      recipient: null,
      policyVersion: 1,
      withdrawnAt: null,
      method: 'SETTINGS',
      givenBy: 'SELF',
    });
    expect(Date.parse(res.data!.grantConsent.grantedAt)).to.be.closeTo(Date.now(), 60_000);

    const after = await gql<{ member: { name: string; email: string } }>(
      t.url,
      READ,
      { id: ids.bob },
      { token: marketer, purpose: 'MARKETING' },
    );
    expect(after.errors).to.equal(undefined);
    expect(after.data!.member).to.deep.equal({ name: 'Bob Lee', email: 'bob@example.com' });
  });

  it('bob withdraws MARKETING and the marketer loses his email on its next request', async () => {
    const res = await gql<{ withdrawConsent: number }>(t.url, WITHDRAW, { p: 'MARKETING' }, self(bob));
    expect(res.errors).to.equal(undefined);
    expect(res.data!.withdrawConsent).to.equal(1);
    const after = await gql(t.url, READ, { id: ids.bob }, { token: marketer, purpose: 'MARKETING' });
    expect(errorSet(after)).to.deep.equal(['member.email CONSENT_MISSING', 'member.name CONSENT_MISSING']);
    expect(JSON.stringify(after)).to.not.include('bob@example.com');
  });

  it('shows bob the whole history, the withdrawn receipt included', async () => {
    const receipts = await history(bob);
    const marketing = receipts.filter((r) => r.purpose === 'MARKETING');
    expect(marketing).to.have.length(1);
    expect(marketing[0]).to.deep.include({ method: 'SETTINGS', givenBy: 'SELF', policyVersion: 1 });
    expect(marketing[0]!.withdrawnAt).to.be.a('string');
    expect(Date.parse(marketing[0]!.withdrawnAt!)).to.be.at.least(Date.parse(marketing[0]!.grantedAt));
    const essential = receipts.filter((r) => r.purpose === 'ESSENTIAL');
    expect(essential).to.have.length(1);
    expect(essential[0]).to.deep.include({
      method: 'SIGNUP_FORM',
      givenBy: 'SELF',
      withdrawnAt: null,
      policyVersion: 1,
    });
  });

  it('alice withdraws provision to partner-ads and partner-ads can no longer reach her at all', async () => {
    const before = await gql<{ member: { name: string } }>(
      t.url,
      READ,
      { id: ids.alice },
      { token: partner, purpose: 'MARKETING' },
    );
    expect(before.data!.member.name).to.equal('Alice Kim');

    const res = await gql<{ withdrawConsent: number }>(
      t.url,
      WITHDRAW,
      { p: 'THIRD_PARTY_PROVISION', r: 'partner-ads' },
      self(alice),
    );
    expect(res.data!.withdrawConsent).to.equal(1);

    const one = await gql(t.url, READ, { id: ids.alice }, { token: partner, purpose: 'MARKETING' });
    expect(codes(one)).to.deep.equal(['NOT_FOUND']);
    expect(JSON.stringify(one)).to.not.include('Alice');
    const list = await gql<{ members: { edges: unknown[] } }>(
      t.url,
      '{ members(first: 10) { edges { node { id name } } } }',
      {},
      { token: partner, purpose: 'MARKETING' },
    );
    expect(list.data!.members.edges).to.deep.equal([]);
    // The marketer is not a partner: alice's MARKETING consent still stands for it.
    const staff = await gql<{ member: { email: string } }>(
      t.url,
      READ,
      { id: ids.alice },
      { token: marketer, purpose: 'MARKETING' },
    );
    expect(staff.data!.member.email).to.equal('alice@example.com');
    const receipt = (await history(alice)).find((r) => r.purpose === 'THIRD_PARTY_PROVISION')!;
    expect(receipt.recipient).to.equal('partner-ads');
    expect(receipt.withdrawnAt).to.be.a('string');
  });

  it('alice grants provision to partner-ads again and partner-ads reaches her again', async () => {
    const res = await gql<{ grantConsent: Receipt }>(
      t.url,
      GRANT,
      { p: 'THIRD_PARTY_PROVISION', r: 'partner-ads' },
      self(alice),
    );
    expect(res.data!.grantConsent).to.deep.include({
      purpose: 'THIRD_PARTY_PROVISION',
      recipient: 'partner-ads',
      method: 'SETTINGS',
      givenBy: 'SELF',
      withdrawnAt: null,
    });
    const one = await gql<{ member: { name: string } }>(
      t.url,
      READ,
      { id: ids.alice },
      { token: partner, purpose: 'MARKETING' },
    );
    expect(one.data!.member.name).to.equal('Alice Kim');
    expect((await history(alice)).filter((r) => r.purpose === 'THIRD_PARTY_PROVISION')).to.have.length(2);
  });

  it('refuses to withdraw ESSENTIAL (only withdrawal of the membership ends it) and changes nothing', async () => {
    const receipts = await history(alice);
    const before = await counts(t);
    expectError(await gql(t.url, WITHDRAW, { p: 'ESSENTIAL' }, self(alice)), 'BAD_USER_INPUT', 'purpose');
    expect(await counts(t)).to.deep.equal(before);
    expect(await history(alice)).to.deep.equal(receipts);
    const cs = await login(t.url, 'cs-agent');
    const read = await gql<{ member: { name: string } }>(
      t.url,
      READ,
      { id: ids.alice },
      { token: cs, purpose: 'MEMBER_MANAGEMENT' },
    );
    expect(read.data!.member.name).to.equal('Alice Kim');
  });

  for (const [what, vars, field] of [
    ['an unknown purpose', { p: 'SPAM' }, 'purpose'],
    ['OPTIONAL_ITEMS', { p: 'OPTIONAL_ITEMS' }, 'purpose'],
    ['provision to an unknown partner', { p: 'THIRD_PARTY_PROVISION', r: 'no-such-partner' }, 'recipient'],
    ['provision to a consignee', { p: 'THIRD_PARTY_PROVISION', r: 'courier' }, 'recipient'],
    ['provision without a recipient', { p: 'THIRD_PARTY_PROVISION' }, 'recipient'],
    ['a recipient on MARKETING', { p: 'MARKETING', r: 'partner-ads' }, 'recipient'],
  ] as const) {
    it(`refuses to grant ${what} (BAD_USER_INPUT naming ${field}) and changes nothing`, async () => {
      const before = await counts(t);
      expectError(await gql(t.url, GRANT, vars, self(bob)), 'BAD_USER_INPUT', field);
      expect(await counts(t)).to.deep.equal(before);
    });
  }

  it('is not open to staff or anonymous callers', async () => {
    const cs = await login(t.url, 'cs-agent');
    expect(
      codes(await gql(t.url, GRANT, { p: 'MARKETING' }, { token: cs, purpose: 'MEMBER_MANAGEMENT' })),
    ).to.deep.equal(['FORBIDDEN']);
    expect(codes(await gql(t.url, WITHDRAW, { p: 'MARKETING' }))).to.deep.equal(['UNAUTHENTICATED']);
  });
});
