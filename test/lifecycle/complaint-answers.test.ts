import { expect } from 'chai';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { codes, gql, login } from '../helpers/http';

const SUBMIT =
  'mutation Submit($s: String!, $b: String!, $c: String) { submitComplaint(subject: $s, body: $b, contact: $c) { id } }';
const ANSWER = 'mutation Answer($id: ID!, $a: String!) { answerComplaint(id: $id, answer: $a) { status } }';

describe('§11 a visitor’s complaint is answered at the contact given, through the notifier, throttled, with nothing the visitor wrote', () => {
  let t: TestGateway;
  let po: string;
  before(async () => {
    t = await startGateway({ env: { JOBS_INTERVAL_SECONDS: '0' } });
    po = await login(t.url, 'privacy-officer');
  });
  after(() => t.stop());
  const knex = () => t.gateway.services.knex;
  const messagesTo = (to: string) => knex()('notification').select('subject', 'body').where({ recipient: to });
  const file = async (contact: string | null, subject: string, body: string, token?: string) => {
    const res = await gql<{ submitComplaint: { id: string } }>(
      t.url,
      SUBMIT,
      { s: subject, b: body, c: contact },
      {
        token,
      },
    );
    expect(res.errors, JSON.stringify(res.errors)).to.equal(undefined);
    return res.data!.submitComplaint.id;
  };
  const answer = (id: string, a: string) => gql(t.url, ANSWER, { id, a }, { token: po, purpose: 'MEMBER_MANAGEMENT' });

  it('sends the officer’s answer to the visitor’s contact, and neither the subject nor the body they wrote', async () => {
    const id = await file('visitor@example.com', 'Buy cheap pills at spam.example', 'Visit spam.example now');
    expect((await answer(id, 'We found no data about you.')).errors).to.equal(undefined);
    const sent = await messagesTo('visitor@example.com');
    expect(sent).to.have.length(1);
    expect(sent[0]!.body).to.equal('We found no data about you.');
    expect(JSON.stringify(sent)).to.not.include('spam.example');
  });

  it('sends nothing for a member’s complaint: she reads the answer in me { complaints }', async () => {
    const alice = await login(t.url, 'alice');
    const before = Number((await knex()('notification').count({ n: '*' }).first())?.n);
    const id = await file(null, 'Mail', 'Too many', alice);
    expect((await answer(id, 'Unsubscribed you.')).errors).to.equal(undefined);
    expect(Number((await knex()('notification').count({ n: '*' }).first())?.n)).to.equal(before);
  });

  it('throttles answers to one contact like every message: the 4th within 15 minutes is RATE_LIMITED and sends nothing', async () => {
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await file('target@example.com', `Complaint ${i}`, 'text'));
    for (const id of ids.slice(0, 3)) expect((await answer(id, 'Answered.')).errors).to.equal(undefined);
    expect(codes(await answer(ids[3]!, 'Answered.'))).to.deep.equal(['RATE_LIMITED']);
    expect(await messagesTo('target@example.com')).to.have.length(3);
    expect((await knex()('complaint').first('status').where({ id: ids[3] })).status).to.equal('OPEN');
  });
});
