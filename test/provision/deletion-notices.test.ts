import { expect } from 'chai';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { clientToken, gql, login } from '../helpers/http';
import { memberIds } from '../lifecycle/support';

const NOTICES = '{ correctionNotices { noticeId memberId field change correctedAt } }';
const DELETE = 'mutation Delete($fields: [String!]!) { deleteMyOptionalItems(fields: $fields) { phone } }';

type Notice = { noticeId: string; memberId: string; field: string; change: string; correctedAt: string };

describe('§13 deleting an optional item notifies every recipient that received it, like a correction', () => {
  let t: TestGateway;
  let ids: Record<string, string>;
  const tokens: Record<string, string> = {};
  before(async () => {
    t = await startGateway({ env: { JOBS_INTERVAL_SECONDS: '0', RETENTION_INTERVAL_MINUTES: '0' } });
    ids = await memberIds(t);
    for (const who of ['courier', 'partner-ads']) tokens[who] = await clientToken(t.url, who);
    tokens.alice = await login(t.url, 'alice');
  });
  after(() => t.stop());

  const notices = async (who: string): Promise<Notice[]> => {
    const res = await gql<{ correctionNotices: Notice[] }>(t.url, NOTICES, {}, { token: tokens[who] });
    expect(res.errors, JSON.stringify(res.errors)).to.equal(undefined);
    return res.data!.correctionNotices;
  };

  it('the courier receives alice’s phone, partner-ads only her name', async () => {
    const read = (who: string, purpose: string, fields: string) =>
      gql(
        t.url,
        `query($id: ID!) { member(id: $id) { ${fields} } }`,
        { id: ids.alice },
        { token: tokens[who], purpose },
      );
    expect((await read('courier', 'ORDER_FULFILLMENT', 'name phone')).errors).to.equal(undefined);
    expect((await read('partner-ads', 'MARKETING', 'name')).errors).to.equal(undefined);
  });

  it('after alice deletes her phone, the courier gets a DELETED notice for it and partner-ads none', async () => {
    const res = await gql<{ deleteMyOptionalItems: { phone: string | null } }>(
      t.url,
      DELETE,
      { fields: ['phone'] },
      { token: tokens.alice, purpose: 'SELF_SERVICE' },
    );
    expect(res.errors, JSON.stringify(res.errors)).to.equal(undefined);
    expect(res.data!.deleteMyOptionalItems.phone).to.equal(null);
    const courier = await notices('courier');
    expect(courier.map(({ memberId, field, change }) => ({ memberId, field, change }))).to.deep.equal([
      { memberId: ids.alice, field: 'phone', change: 'DELETED' },
    ]);
    expect(await notices('partner-ads')).to.deep.equal([]);
  });

  it('deleting an item no recipient received notifies no one', async () => {
    const res = await gql(t.url, DELETE, { fields: ['gender'] }, { token: tokens.alice, purpose: 'SELF_SERVICE' });
    expect(res.errors, JSON.stringify(res.errors)).to.equal(undefined);
    expect(await notices('courier')).to.have.length(1);
    expect(await notices('partner-ads')).to.deep.equal([]);
  });
});
