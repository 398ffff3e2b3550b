import { expect } from 'chai';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { codes, gql, login } from '../helpers/http';
import { counts, expectError, memberIds } from './support';
import { jsonList } from '../../src/db/json-list';

const SUBMIT =
  'mutation Submit($s: String!, $b: String!, $c: String) { submitComplaint(subject: $s, body: $b, contact: $c) { id subject body contact status answer createdAt answeredAt } }';
const LIST = 'query List($status: String) { complaints(status: $status) { id subject contact status answer } }';
const ANSWER =
  'mutation Answer($id: ID!, $a: String!) { answerComplaint(id: $id, answer: $a) { id status answer answeredAt } }';
const CLOSE = 'mutation Close($id: ID!) { closeComplaint(id: $id) { id status answer } }';

type Complaint = {
  id: string;
  subject: string;
  body: string;
  contact: string | null;
  status: string;
  answer: string | null;
  createdAt: string;
  answeredAt: string | null;
};

describe('§11 lifecycle: complaints', () => {
  let t: TestGateway;
  let ids: Record<string, string>;
  let alice: string;
  let po: string;
  let mine: Complaint;
  let visitor: Complaint;
  before(async () => {
    t = await startGateway();
    ids = await memberIds(t);
    [alice, po] = await Promise.all([login(t.url, 'alice'), login(t.url, 'privacy-officer')]);
  });
  after(() => t.stop());

  const knex = () => t.gateway.services.knex;
  const asPo = () => ({ token: po, purpose: 'MEMBER_MANAGEMENT' });
  const newestRow = async () => {
    const row = await knex()('access_log').first('member_id', 'accessor_id', 'action', 'fields').orderBy('seq', 'desc');
    return { ...row, fields: jsonList(row.fields) };
  };
  const myComplaints = async (token: string) =>
    (
      await gql<{ me: { complaints: Complaint[] } }>(
        t.url,
        '{ me { complaints { id subject status answer } } }',
        {},
        { token, purpose: 'SELF_SERVICE' },
      )
    ).data!.me.complaints;

  it('files a member’s complaint against the member', async () => {
    const res = await gql<{ submitComplaint: Complaint }>(
      t.url,
      SUBMIT,
      { s: 'Marketing emails', b: 'I keep getting them after opting out.' },
      { token: alice },
    );
    expect(res.errors).to.equal(undefined);
    mine = res.data!.submitComplaint;
    expect(mine).to.deep.include({
      subject: 'Marketing emails',
      body: 'I keep getting them after opting out.',
      contact: null,
      status: 'OPEN',
      answer: null,
      answeredAt: null,
    });
    expect((await knex()('complaint').first('member_id').where({ id: mine.id })).member_id).to.equal(ids.alice);
    expect(await newestRow()).to.deep.include({
      member_id: ids.alice,
      accessor_id: ids.alice,
      action: 'INPUT',
      fields: ['complaint'],
    });
    expect(await myComplaints(alice)).to.deep.equal([
      { id: mine.id, subject: 'Marketing emails', status: 'OPEN', answer: null },
    ]);
  });

  it('files an anonymous visitor’s complaint with the contact to answer', async () => {
    const res = await gql<{ submitComplaint: Complaint }>(t.url, SUBMIT, {
      s: 'CCTV at the shop',
      b: 'Who sees the footage?',
      c: 'Visitor@Example.com',
    });
    expect(res.errors).to.equal(undefined);
    visitor = res.data!.submitComplaint;
    expect(visitor).to.deep.include({ contact: 'visitor@example.com', status: 'OPEN' });
    expect((await knex()('complaint').first('member_id').where({ id: visitor.id })).member_id).to.equal(null);
    expect(await newestRow()).to.deep.include({ member_id: null, action: 'INPUT', fields: ['complaint', 'contact'] });
  });

  for (const [what, vars, field] of [
    ['from a visitor without a contact', { s: 'No contact', b: 'Answer me somehow' }, 'contact'],
    [
      'from a visitor with a contact that is neither email nor phone',
      { s: 'Bad contact', b: 'x', c: 'my house' },
      'contact',
    ],
    ['with an empty subject', { s: '  ', b: 'Body', c: 'v@example.com' }, 'subject'],
    ['with an empty body', { s: 'Subject', b: '', c: 'v@example.com' }, 'body'],
    ['with a subject over 200 characters', { s: 's'.repeat(201), b: 'Body', c: 'v@example.com' }, 'subject'],
  ] as const) {
    it(`refuses a complaint ${what} (BAD_USER_INPUT naming ${field}), storing nothing`, async () => {
      const before = await counts(t);
      expectError(await gql(t.url, SUBMIT, vars), 'BAD_USER_INPUT', field);
      expect(await counts(t)).to.deep.equal(before);
    });
  }

  it('lists complaints only to the privacy officer', async () => {
    const res = await gql<{ complaints: Complaint[] }>(t.url, LIST, {}, asPo());
    expect(res.errors).to.equal(undefined);
    expect(res.data!.complaints.map((c) => c.id)).to.deep.equal([mine.id, visitor.id]);
    const open = await gql<{ complaints: Complaint[] }>(t.url, LIST, { status: 'OPEN' }, asPo());
    expect(open.data!.complaints).to.have.length(2);
    const cs = await login(t.url, 'cs-agent');
    expect(codes(await gql(t.url, LIST, {}, { token: cs, purpose: 'MEMBER_MANAGEMENT' }))).to.deep.equal(['FORBIDDEN']);
    expect(codes(await gql(t.url, LIST, {}, { token: alice, purpose: 'SELF_SERVICE' }))).to.deep.equal(['FORBIDDEN']);
    expect(codes(await gql(t.url, LIST, {}))).to.deep.equal(['UNAUTHENTICATED']);
  });

  it('logs the officer’s reading of complaints: a row for the member, one without a member for the visitor', async () => {
    const since = Number((await knex()('access_log').max({ m: 'seq' }).first())?.m ?? 0);
    await gql(t.url, LIST, {}, asPo());
    const rows = await knex()('access_log')
      .select('member_id', 'action', 'fields', 'accessor_role', 'operation_name')
      .where('seq', '>', since)
      .orderBy('seq');
    expect(
      rows.map((r) => [r.member_id, r.action, jsonList(r.fields), r.accessor_role, r.operation_name]),
    ).to.have.deep.members([
      [ids.alice, 'VIEW', ['complaints'], 'PRIVACY_OFFICER', 'List'],
      [null, 'VIEW', ['complaints'], 'PRIVACY_OFFICER', 'List'],
    ]);
  });

  it('does not let anyone but the privacy officer answer or close', async () => {
    const cs = await login(t.url, 'cs-agent');
    const before = await knex()('complaint').select('*').orderBy('id');
    expect(
      codes(await gql(t.url, ANSWER, { id: mine.id, a: 'Sorry' }, { token: cs, purpose: 'MEMBER_MANAGEMENT' })),
    ).to.deep.equal(['FORBIDDEN']);
    expect(codes(await gql(t.url, CLOSE, { id: mine.id }, { token: alice, purpose: 'SELF_SERVICE' }))).to.deep.equal([
      'FORBIDDEN',
    ]);
    expect(codes(await gql(t.url, CLOSE, { id: mine.id }))).to.deep.equal(['UNAUTHENTICATED']);
    expect(await knex()('complaint').select('*').orderBy('id')).to.deep.equal(before);
  });

  it('answers the member’s complaint, which the member then sees', async () => {
    const res = await gql<{ answerComplaint: Complaint }>(
      t.url,
      ANSWER,
      { id: mine.id, a: 'We removed you from every list.' },
      asPo(),
    );
    expect(res.errors).to.equal(undefined);
    expect(res.data!.answerComplaint).to.deep.include({
      id: mine.id,
      status: 'ANSWERED',
      answer: 'We removed you from every list.',
    });
    expect(res.data!.answerComplaint.answeredAt).to.be.a('string');
    const logged = await knex()('access_log').first('member_id', 'action', 'fields').orderBy('seq', 'desc');
    expect([logged.member_id, logged.action, jsonList(logged.fields)]).to.deep.equal([
      ids.alice,
      'CHANGE',
      ['complaints'],
    ]);
    expect(await myComplaints(alice)).to.deep.equal([
      { id: mine.id, subject: 'Marketing emails', status: 'ANSWERED', answer: 'We removed you from every list.' },
    ]);
  });

  it('refuses an empty answer and changes nothing', async () => {
    const before = await knex()('complaint').first('*').where({ id: visitor.id });
    expectError(await gql(t.url, ANSWER, { id: visitor.id, a: ' ' }, asPo()), 'BAD_USER_INPUT', 'answer');
    expect(await knex()('complaint').first('*').where({ id: visitor.id })).to.deep.equal(before);
  });

  it('closes the complaint; a closed complaint can be neither answered nor closed again', async () => {
    const res = await gql<{ closeComplaint: Complaint }>(t.url, CLOSE, { id: mine.id }, asPo());
    expect(res.data!.closeComplaint).to.deep.include({
      id: mine.id,
      status: 'CLOSED',
      answer: 'We removed you from every list.',
    });
    expect(await myComplaints(alice)).to.deep.equal([
      { id: mine.id, subject: 'Marketing emails', status: 'CLOSED', answer: 'We removed you from every list.' },
    ]);
    const before = await knex()('complaint').first('*').where({ id: mine.id });
    expect(codes(await gql(t.url, CLOSE, { id: mine.id }, asPo()))).to.deep.equal(['NOT_FOUND']);
    expect(codes(await gql(t.url, ANSWER, { id: mine.id, a: 'Reopened?' }, asPo()))).to.deep.equal(['NOT_FOUND']);
    expect(await knex()('complaint').first('*').where({ id: mine.id })).to.deep.equal(before);
    expect(codes(await gql(t.url, CLOSE, { id: '00000000-0000-0000-0000-000000000000' }, asPo()))).to.deep.equal([
      'NOT_FOUND',
    ]);
    const open = await gql<{ complaints: Complaint[] }>(t.url, LIST, { status: 'OPEN' }, asPo());
    expect(open.data!.complaints.map((c) => c.id)).to.deep.equal([visitor.id]);
  });

  it('shows a member only their own complaints', async () => {
    const bob = await login(t.url, 'bob');
    expect(await myComplaints(bob)).to.deep.equal([]);
    const cs = await login(t.url, 'cs-agent');
    const res = await gql(
      t.url,
      'query($id: ID!) { member(id: $id) { complaints { id } } }',
      { id: ids.alice },
      { token: cs, purpose: 'MEMBER_MANAGEMENT' },
    );
    expect(codes(res)).to.deep.equal(['PURPOSE_DENIED']);
    expect(JSON.stringify(res)).to.not.include(mine.id);
  });
});
