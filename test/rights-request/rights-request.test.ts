import { expect } from 'chai';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { clientToken, codes, gql, login, type Caller } from '../helpers/http';
import { expectError, memberIds } from '../lifecycle/support';
import { jsonList } from '../../src/db/json-list';

const RECORD = `mutation Record($m: ID!, $r: String!, $c: String!) {
  recordRightsRequest(memberId: $m, right: $r, channel: $c, identityVerifiedBy: "callback to the phone on file", reference: "CALL-2026-001", dueAt: null) {
    id memberId right channel status dueAt overdue recordedBy
  }
}`;
const EXECUTE = `mutation Execute($id: ID!, $field: String, $newValue: String, $purpose: String, $recipient: String) {
  executeRightsRequest(id: $id, field: $field, newValue: $newValue, purpose: $purpose, recipient: $recipient) { request { id status executedBy } export }
}`;
const LIST = 'query($overdueOnly: Boolean) { rightsRequests(overdueOnly: $overdueOnly) { id right overdue } }';
type Item = {
  id: string;
  memberId: string;
  right: string;
  status: string;
  dueAt: string;
  overdue: boolean;
  recordedBy: string;
};

describe('§7 §13 rights exercised through staff: recorded, executed as self-service, logged with the staff member as accessor', () => {
  let t: TestGateway;
  let current: Date;
  const clock = { now: () => new Date(current) };
  let ids: Record<string, string>;
  let cs: string;
  let csId: string;
  before(async () => {
    current = new Date();
    t = await startGateway({ clock, env: { JOBS_INTERVAL_SECONDS: '0', RETENTION_INTERVAL_MINUTES: '0' } });
    ids = await memberIds(t);
    cs = await login(t.url, 'cs-agent');
    csId = (await t.gateway.services.knex('staff').first('id').where({ login_id: 'cs-agent' })).id;
  });
  after(() => t.stop());

  const asCs = (): Caller => ({ token: cs, purpose: 'MEMBER_MANAGEMENT' });
  const record = async (member: string, right: string, caller: Caller = asCs()) => {
    const res = await gql<{ recordRightsRequest: Item }>(
      t.url,
      RECORD,
      { m: ids[member], r: right, c: 'PHONE' },
      caller,
    );
    expect(res.errors, JSON.stringify(res.errors)).to.equal(undefined);
    return res.data!.recordRightsRequest;
  };
  const execute = (id: string, args: Record<string, unknown> = {}) =>
    gql<{
      executeRightsRequest: { request: { status: string; executedBy: string }; export: Record<string, unknown> | null };
    }>(t.url, EXECUTE, { id, ...args }, asCs());
  const newestRow = async (memberId: string) => {
    const row = await t.gateway.services
      .knex('access_log')
      .first('accessor_id', 'accessor_role', 'action', 'fields')
      .where({ member_id: memberId })
      .orderBy('seq', 'desc');
    return { ...row, fields: jsonList(row.fields) };
  };

  it('§7 records a request with a due date 10 days out, listed for review; staff of other roles are refused', async () => {
    const item = await record('alice', 'EXPORT');
    expect(item).to.deep.include({
      memberId: ids.alice,
      right: 'EXPORT',
      channel: 'PHONE',
      status: 'OPEN',
      overdue: false,
      recordedBy: csId,
    });
    expect(Date.parse(item.dueAt) - current.getTime()).to.equal(10 * 86_400_000);
    const listed = await gql<{ rightsRequests: { id: string }[] }>(t.url, LIST, {}, asCs());
    expect(listed.data!.rightsRequests.map((r) => r.id)).to.include(item.id);
    const marketer = await login(t.url, 'marketer');
    expect(
      codes(
        await gql(t.url, RECORD, { m: ids.alice, r: 'EXPORT', c: 'PHONE' }, { token: marketer, purpose: 'MARKETING' }),
      ),
    ).to.deep.equal(['FORBIDDEN']);
    expectError(
      await gql(t.url, RECORD, { m: ids.alice, r: 'FORGET_ME', c: 'PHONE' }, asCs()),
      'BAD_USER_INPUT',
      'right',
    );
    expectError(
      await gql(t.url, RECORD, { m: ids.alice, r: 'EXPORT', c: 'PIGEON' }, asCs()),
      'BAD_USER_INPUT',
      'channel',
    );
  });

  it('§7 executes an export as self-service does, logged as the CS agent’s DOWNLOAD and shown in the member’s history', async () => {
    const item = await record('alice', 'EXPORT');
    const res = await execute(item.id);
    expect(codes(res)).to.deep.equal([]);
    expect(res.data!.executeRightsRequest.request).to.deep.equal({
      id: item.id,
      status: 'COMPLETED',
      executedBy: csId,
    });
    expect((res.data!.executeRightsRequest.export!.profile as Record<string, unknown>).name).to.equal('Alice Kim');
    const rows = await t.gateway.services
      .knex('access_log')
      .select('accessor_id', 'action')
      .where({
        member_id: ids.alice,
        request_id: (
          await t.gateway.services
            .knex('access_log')
            .first('request_id')
            .where({ member_id: ids.alice, action: 'DOWNLOAD' })
        ).request_id,
      });
    expect(rows).to.deep.include({ accessor_id: csId, action: 'DOWNLOAD' });
    expect(codes(await execute(item.id))).to.deep.equal(['CONFLICT']);
    const alice = await login(t.url, 'alice');
    const history = await gql<{
      me: { accessHistory: { edges: { node: { accessorKind: string; action: string; purpose: string } }[] } };
    }>(
      t.url,
      '{ me { accessHistory(first: 50) { edges { node { accessorKind action purpose } } } } }',
      {},
      { token: alice, purpose: 'SELF_SERVICE' },
    );
    expect(history.data!.me.accessHistory.edges.map((e) => e.node)).to.deep.include({
      accessorKind: 'STAFF',
      action: 'DOWNLOAD',
      purpose: 'MEMBER_MANAGEMENT',
    });
  });

  it('§7 executes a correction: the value applies at once, the CS agent is the accessor', async () => {
    const item = await record('bob', 'CORRECTION');
    expectError(await execute(item.id, { field: 'password', newValue: 'x' }), 'BAD_USER_INPUT', 'field');
    expect(codes(await execute(item.id, { field: 'phone', newValue: '010-4444-5555' }))).to.deep.equal([]);
    expect((await t.gateway.services.knex('member').first('phone').where({ id: ids.bob })).phone).to.equal(
      '010-4444-5555',
    );
    expect(await newestRow(ids.bob!)).to.deep.include({
      accessor_id: csId,
      accessor_role: 'CS_AGENT',
      action: 'CHANGE',
      fields: ['rightsRequest:CORRECTION'],
    });
  });

  it('§7 withdraws one consent, and stops processing by withdrawing every optional consent', async () => {
    const marketer = await login(t.url, 'marketer');
    const one = await record('alice', 'WITHDRAW_CONSENT');
    expectError(await execute(one.id, { purpose: 'ESSENTIAL' }), 'BAD_USER_INPUT', 'purpose');
    expect(codes(await execute(one.id, { purpose: 'MARKETING' }))).to.deep.equal([]);
    const read = await gql(
      t.url,
      'query($id: ID!) { member(id: $id) { name } }',
      { id: ids.alice },
      { token: marketer, purpose: 'MARKETING' },
    );
    expect(codes(read)).to.deep.equal(['CONSENT_MISSING']);
    const stop = await record('alice', 'STOP_PROCESSING');
    expect(codes(await execute(stop.id))).to.deep.equal([]);
    const open = await t.gateway.services
      .knex('consent')
      .select('purpose')
      .where({ member_id: ids.alice })
      .whereNull('withdrawn_at');
    expect(open.map((c: { purpose: string }) => c.purpose)).to.not.include.members([
      'MARKETING',
      'THIRD_PARTY_PROVISION',
    ]);
    const partner = await clientToken(t.url, 'partner-ads');
    expect(
      codes(
        await gql(
          t.url,
          'query($id: ID!) { member(id: $id) { name } }',
          { id: ids.alice },
          { token: partner, purpose: 'MARKETING' },
        ),
      ),
    ).to.deep.equal(['NOT_FOUND']);
  });

  it('§7 lists a request still open after its due date as overdue, and executes a membership withdrawal', async () => {
    const item = await record('bob', 'WITHDRAW_MEMBERSHIP');
    expect(
      (await gql<{ rightsRequests: unknown[] }>(t.url, LIST, { overdueOnly: true }, asCs())).data!.rightsRequests,
    ).to.deep.equal([]);
    const start = current;
    current = new Date(start.getTime() + 11 * 86_400_000);
    const overdue = await gql<{ rightsRequests: { id: string; right: string; overdue: boolean }[] }>(
      t.url,
      LIST,
      { overdueOnly: true },
      asCs(),
    );
    expect(overdue.data!.rightsRequests).to.deep.include({ id: item.id, right: 'WITHDRAW_MEMBERSHIP', overdue: true });
    expect(codes(await execute(item.id))).to.deep.equal([]);
    expect((await t.gateway.services.knex('member').first('status').where({ id: ids.bob })).status).to.equal(
      'WITHDRAWN',
    );
    expect(await newestRow(ids.bob!)).to.deep.include({
      accessor_id: csId,
      action: 'CHANGE',
      fields: ['rightsRequest:WITHDRAW_MEMBERSHIP'],
    });
    current = start;
  });
});
