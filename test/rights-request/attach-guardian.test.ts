import { expect } from 'chai';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { codes, gql, login, type Caller } from '../helpers/http';
import { latestCode, memberIds } from '../lifecycle/support';
import { jsonList } from '../../src/db/json-list';

const RECORD = `mutation($m: ID!) {
  recordRightsRequest(memberId: $m, right: "ATTACH_GUARDIAN", channel: "PHONE", identityVerifiedBy: "family certificate sent by e-mail", reference: "CALL-77", dueAt: null) { id }
}`;
const EXECUTE = `mutation($id: ID!, $n: String, $c: String) {
  executeRightsRequest(id: $id, guardianName: $n, guardianContact: $c) { request { status executedBy } }
}`;
const CONFIRM =
  'mutation($contact: String!, $code: String!) { confirmGuardianConsent(contact: $contact, code: $code) { childId status } }';

describe('§13 §7 staff attach a guardian: a CS agent records and executes ATTACH_GUARDIAN, logged with the staff member as accessor', () => {
  let t: TestGateway;
  let ids: Record<string, string>;
  let cs: Caller;
  let csId: string;
  before(async () => {
    t = await startGateway({ env: { JOBS_INTERVAL_SECONDS: '0', RETENTION_INTERVAL_MINUTES: '0' } });
    ids = await memberIds(t);
    cs = { token: await login(t.url, 'cs-agent'), purpose: 'MEMBER_MANAGEMENT' };
    csId = (await t.gateway.services.knex('staff').first('id').where({ login_id: 'cs-agent' })).id;
  });
  after(() => t.stop());
  const knex = () => t.gateway.services.knex;
  const record = async (memberId: string, caller: Caller = cs) => {
    const res = await gql<{ recordRightsRequest: { id: string } }>(t.url, RECORD, { m: memberId }, caller);
    expect(res.errors, JSON.stringify(res.errors)).to.equal(undefined);
    return res.data!.recordRightsRequest.id;
  };

  it('requires the guardian’s name and contact, and changes nothing without them', async () => {
    const id = await record(ids.jun!);
    expect(codes(await gql(t.url, EXECUTE, { id, n: 'Hana Choi' }, cs))).to.deep.equal(['BAD_USER_INPUT']);
    expect(codes(await gql(t.url, EXECUTE, { id, n: 'Hana Choi', c: 'not a contact' }, cs))).to.deep.equal([
      'BAD_USER_INPUT',
    ]);
    expect((await knex()('rights_request').first('status').where({ id })).status).to.equal('OPEN');
  });

  it('names the guardian a parent gave by phone for jun (pending): replaces the unverified one, sends them a code, logs the staff member', async () => {
    const id = (await knex()('rights_request').first('id').where({ member_id: ids.jun })).id as string;
    const res = await gql<{ executeRightsRequest: { request: { status: string; executedBy: string } } }>(
      t.url,
      EXECUTE,
      { id, n: 'Hana Choi', c: 'hana.choi@example.com' },
      cs,
    );
    expect(res.errors, JSON.stringify(res.errors)).to.equal(undefined);
    expect(res.data!.executeRightsRequest.request).to.deep.equal({ status: 'COMPLETED', executedBy: csId });
    const guardians = await knex()('guardian').select('name', 'contact', 'verified_at').where({ child_id: ids.jun });
    expect(guardians.map((g) => [g.name, g.contact, g.verified_at])).to.deep.equal([
      ['Hana Choi', 'hana.choi@example.com', null],
    ]);
    const row = await knex()('access_log')
      .first('accessor_id', 'accessor_kind', 'action', 'fields')
      .where({ member_id: ids.jun, action: 'INPUT' })
      .orderBy('seq', 'desc');
    expect(row.accessor_id).to.equal(csId);
    expect(row.accessor_kind).to.equal('STAFF');
    expect(jsonList(row.fields)).to.have.members(['guardianName', 'guardianContact']);
  });

  it('the guardian’s consent with that code makes jun ACTIVE', async () => {
    const code = await latestCode(t, 'hana.choi@example.com');
    const res = await gql<{ confirmGuardianConsent: { childId: string; status: string } }>(t.url, CONFIRM, {
      contact: 'hana.choi@example.com',
      code,
    });
    expect(res.errors, JSON.stringify(res.errors)).to.equal(undefined);
    expect(res.data!.confirmGuardianConsent).to.deep.equal({ childId: ids.jun, status: 'ACTIVE' });
  });

  it('refuses while a verified guardian is on record (CONFLICT), and a marketer cannot record it', async () => {
    const id = await record(ids.minji!);
    expect(codes(await gql(t.url, EXECUTE, { id, n: 'Someone Else', c: 'someone@example.com' }, cs))).to.deep.equal([
      'CONFLICT',
    ]);
    const marketer = { token: await login(t.url, 'marketer'), purpose: 'MARKETING' };
    expect(codes(await gql(t.url, RECORD, { m: ids.minji }, marketer))).to.deep.equal(['FORBIDDEN']);
  });
});
