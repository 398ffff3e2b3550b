import { expect } from 'chai';
import { clientToken, gql, login } from '../helpers/http';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { retentionOnce } from '../../src/jobs';
import { CODE_REMOVED } from '../../src/modules/retention/lapsed';
import { DAY, ENV } from './support';

const COMPLAIN =
  'mutation Complain($contact: String) { submitComplaint(subject: "My data", body: "Why?", contact: $contact) { id } }';

describe('§4 §5 records of the gateway’s own periods are destroyed when they end, in calendar periods from their last step', () => {
  let t: TestGateway;
  // 31 January: 3 months later is 30 April (the month has no 31st), not 90 days later.
  const t0 = Date.parse('2026-01-31T10:00:00Z');
  let current = new Date(t0);
  const clock = { now: () => new Date(current) };
  const knex = () => t.gateway.services.knex;
  const run = async (at: string | number) => {
    current = new Date(at);
    return retentionOnce(t.gateway.services);
  };
  let visitorComplaint: string;
  let memberComplaint: string;
  let visitorId: string;
  let codeMessage: string;

  before(async () => {
    t = await startGateway({ clock, env: ENV });
    const visitor = await gql<{ submitComplaint: { id: string } }>(t.url, COMPLAIN, { contact: 'visitor@example.com' });
    visitorComplaint = visitor.data!.submitComplaint.id;
    const alice = await login(t.url, 'alice');
    const own = await gql<{ submitComplaint: { id: string } }>(
      t.url,
      COMPLAIN,
      {},
      { token: alice, purpose: 'SELF_SERVICE' },
    );
    memberComplaint = own.data!.submitComplaint.id;
    const cookie = await gql<{ setCookiePreferences: { visitorId: string } }>(
      t.url,
      'mutation { setCookiePreferences(personalised: true) { visitorId } }',
    );
    visitorId = cookie.data!.setCookiePreferences.visitorId;
    await gql(t.url, 'mutation { requestGuardianCode(contact: "soyeon.park@example.com") }');
    await t.gateway.services.notifier.flush(current);
    codeMessage = (await knex()('notification').first('id').where({ recipient: 'soyeon.park@example.com' })).id;
    const partner = await clientToken(t.url, 'partner-ads');
    const read = await gql(
      t.url,
      '{ members(first: 5) { edges { node { name } } } }',
      {},
      {
        token: partner,
        purpose: 'MARKETING',
      },
    );
    expect(read.errors, JSON.stringify(read.errors)).to.equal(undefined);
    // The officer answers ten days later: the visitor's complaint runs from that last step.
    current = new Date(t0 + 10 * DAY);
    const officer = await login(t.url, 'privacy-officer');
    const answered = await gql(
      t.url,
      'mutation Answer($id: ID!) { answerComplaint(id: $id, answer: "We checked.") { status } }',
      { id: visitorComplaint },
      { token: officer, purpose: 'MEMBER_MANAGEMENT' },
    );
    expect(answered.errors, JSON.stringify(answered.errors)).to.equal(undefined);
    current = new Date(t0);
  });
  after(() => t.stop());

  const notification = () => knex()('notification').first('body', 'carries_code', 'sent_at').where({ id: codeMessage });
  const complaint = (id: string) => knex()('complaint').first('id').where({ id });

  it('removes the plain code text from a message after NOTIFICATION_CODE_MINUTES (60), keeping the message', async () => {
    expect((await notification()).body).to.match(/\d{6}/);
    expect((await run(t0 + 59 * 60_000)).lapsed.codeTextsRemoved).to.equal(0);
    expect((await run(t0 + 61 * 60_000)).lapsed.codeTextsRemoved).to.be.greaterThan(0);
    const row = await notification();
    expect(row.body).to.equal(CODE_REMOVED);
    expect(row.sent_at).to.not.equal(null);
  });

  it('destroys a delivered message NOTIFICATION_MONTHS (3) calendar months after sending: 30 April, not 90 days', async () => {
    await run('2026-04-30T09:59:00Z');
    expect(await notification()).to.not.equal(undefined);
    expect((await run('2026-04-30T10:01:00Z')).notificationsPurged).to.be.greaterThan(0);
    expect(await notification()).to.equal(undefined);
  });

  it('destroys a visitor’s cookie choice VISITOR_COOKIE_MONTHS (12) after it was set', async () => {
    const choice = () => knex()('cookie_preference').first('id').where({ visitor_id: visitorId });
    await run('2027-01-31T09:59:00Z');
    expect(await choice()).to.not.equal(undefined);
    expect((await run('2027-01-31T10:01:00Z')).lapsed.visitorCookiesDestroyed).to.equal(1);
    expect(await choice()).to.equal(undefined);
  });

  it('purges provision-ledger rows after the access-record period (ACCESS_LOG_RETENTION_DAYS)', async () => {
    const ledger = () => knex()('provision').count({ n: '*' }).first();
    await run(t0 + 729 * DAY);
    expect(Number((await ledger())?.n)).to.be.greaterThan(0);
    expect((await run(t0 + 731 * DAY)).lapsed.provisionsPurged).to.be.greaterThan(0);
    expect(Number((await ledger())?.n)).to.equal(0);
  });

  it('destroys a visitor’s complaint and contact VISITOR_COMPLAINT_MONTHS (36) after its last step, not its filing; a member’s stays with her', async () => {
    // Three years after filing, but not after the answer.
    expect((await run('2029-02-09T10:00:00Z')).lapsed.visitorComplaintsDestroyed).to.equal(0);
    expect(await complaint(visitorComplaint)).to.not.equal(undefined);
    expect((await run('2029-02-10T10:01:00Z')).lapsed.visitorComplaintsDestroyed).to.equal(1);
    expect(await complaint(visitorComplaint)).to.equal(undefined);
    expect(await complaint(memberComplaint)).to.not.equal(undefined);
  });

  it('states each period in the generated policy’s retention section', async () => {
    const res = await gql<{ privacyPolicy: { text: string } }>(t.url, '{ privacyPolicy { text } }');
    const text = res.data!.privacyPolicy.text;
    expect(text).to.include('Complaints of visitors who are not members');
    expect(text).to.include('3 years after the last step');
    expect(text).to.include('1 year after the last choice');
    expect(text).to.include('3 months after sending (the text of a code: 60 minutes)');
  });
});
