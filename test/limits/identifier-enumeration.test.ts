import { expect } from 'chai';
import { startGateway, DEMO_PASSWORD, type TestGateway } from '../helpers/gateway';
import { codes, gql, login, type Caller } from '../helpers/http';
import { adultForm, counts, memberIds, signUp, SIGNUP_TABLES, yearsAgo } from '../lifecycle/support';
import { handOver } from '../../src/modules/retention/handover';

/**
 * §10 Enumeration through uniqueness: sign-up, a profile change and a completed correction answer CONFLICT for a
 * login id or e-mail another account holds. Those answers are throttled per address (10 per 15 minutes) and per
 * principal (5), reserved before the check so a concurrent burst gets no more; each CONFLICT writes an access-log
 * row of action CONFLICT naming no member; staff ids are never an answer; a withdrawn member's identifiers are free
 * once her hand-over is done.
 */

const PER_ADDRESS = 10;
const PER_PRINCIPAL = 5;
const BURST = 60;

const from = (address: string, caller: Caller = {}): Caller => ({
  ...caller,
  headers: { ...caller.headers, 'x-forwarded-for': address },
});

const tally = (all: string[]) =>
  all.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c]: (acc[c] ?? 0) + 1 }), {});

interface ConflictRow {
  member_id: string | null;
  accessor_kind: string;
  accessor_id: string;
  client_ip: string;
  fields: string | string[];
}
const fieldsOf = (r: ConflictRow): string[] => (typeof r.fields === 'string' ? JSON.parse(r.fields) : r.fields);

describe('§10 enumeration through uniqueness: CONFLICT answers throttled, logged, namespaced and released', () => {
  let t: TestGateway;
  let ids: Record<string, string>;
  before(async () => {
    t = await startGateway();
    ids = await memberIds(t);
  });
  after(() => t?.stop());

  const conflictRows = async (address: string): Promise<ConflictRow[]> =>
    (await t.gateway.services
      .knex('access_log')
      .select('*')
      .where({ action: 'CONFLICT', client_ip: address })) as ConflictRow[];

  it(`signUp: a burst of ${BURST} taken e-mails from one address answers exactly ${PER_ADDRESS} CONFLICT, each with a row naming no member, the rest RATE_LIMITED`, async () => {
    const address = '198.51.100.7';
    const before = await counts(t, SIGNUP_TABLES);
    const burst = await Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        signUp(t, adultForm({ loginId: `prober${i}`, email: 'alice@example.com' }), from(address)),
      ),
    );
    const seen = tally(burst.flatMap(codes));
    expect(seen, 'answers').to.deep.equal({ CONFLICT: PER_ADDRESS, RATE_LIMITED: BURST - PER_ADDRESS });
    const rows = await conflictRows(address);
    expect(rows).to.have.length(PER_ADDRESS);
    for (const r of rows) {
      expect(r.member_id).to.equal(null);
      expect(r.accessor_kind).to.equal('ANONYMOUS');
      expect(fieldsOf(r)).to.deep.equal(['email', 'loginId']);
    }
    expect(await counts(t, SIGNUP_TABLES)).to.deep.equal({ ...before, access_log: before.access_log! + PER_ADDRESS });
    // Once spent, even a free identifier is refused from that address: the answer tells nothing either way.
    const free = await signUp(t, adultForm({ loginId: 'fresh1', email: 'fresh1@example.com' }), from(address));
    expect(codes(free)).to.deep.equal(['RATE_LIMITED']);
    expect(free.errors![0]!.extensions!.retryAfter).to.be.a('number');
    // Another address is not affected, and a sign-up that conflicts with nothing spends nothing.
    for (let i = 0; i < PER_ADDRESS + 2; i++) {
      const ok = await signUp(
        t,
        adultForm({ loginId: `fresh-b${i}`, email: `fresh-b${i}@example.com` }),
        from('198.51.100.8'),
      );
      expect(ok.data?.signUp?.outcome, JSON.stringify(ok.errors)).to.equal('ACTIVE');
    }
  });

  it(`updateMyProfile: a stolen token gets ${PER_PRINCIPAL} CONFLICT answers whatever address it uses, the rest RATE_LIMITED`, async () => {
    const bob = { token: await login(t.url, 'bob'), purpose: 'SELF_SERVICE' };
    const UPDATE = 'mutation($input: ProfileInput!) { updateMyProfile(input: $input) { id } }';
    const burst = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        gql(t.url, UPDATE, { input: { email: 'alice@example.com' } }, from(`203.0.113.${i + 1}`, bob)),
      ),
    );
    expect(tally(burst.flatMap(codes))).to.deep.equal({ CONFLICT: PER_PRINCIPAL, RATE_LIMITED: 20 - PER_PRINCIPAL });
    const rows = (await t.gateway.services
      .knex('access_log')
      .select('*')
      .where({ action: 'CONFLICT', accessor_id: ids.bob })) as ConflictRow[];
    expect(rows).to.have.length(PER_PRINCIPAL);
    expect(rows.map((r) => [r.member_id, fieldsOf(r)])).to.deep.equal(
      Array.from({ length: PER_PRINCIPAL }, () => [null, ['email']]),
    );
    // A change naming no identifier is not throttled.
    const phone = await gql(t.url, UPDATE, { input: { phone: '010-2222-3333' } }, bob);
    expect(phone.errors).to.equal(undefined);
  });

  it('completeMyCorrection of an e-mail another member holds is throttled and logged as CONFLICT too', async () => {
    const minji = { token: await login(t.url, 'minji'), purpose: 'SELF_SERVICE' };
    const REQUEST = 'mutation($v: String!) { requestCorrection(field: "email", newValue: $v, reason: "mine") { id } }';
    const COMPLETE = 'mutation($id: ID!, $p: String!) { completeMyCorrection(id: $id, password: $p) { id } }';
    const req = await gql<{ requestCorrection: { id: string } }>(t.url, REQUEST, { v: 'alice@example.com' }, minji);
    expect(req.errors).to.equal(undefined);
    const id = req.data!.requestCorrection.id;
    const answers = [];
    for (let i = 0; i < PER_PRINCIPAL + 2; i++)
      answers.push(...codes(await gql(t.url, COMPLETE, { id, p: DEMO_PASSWORD }, from(`192.0.2.${i + 1}`, minji))));
    expect(answers).to.deep.equal([
      ...Array.from({ length: PER_PRINCIPAL }, () => 'CONFLICT'),
      'RATE_LIMITED',
      'RATE_LIMITED',
    ]);
    const rows = (await t.gateway.services
      .knex('access_log')
      .select('*')
      .where({ action: 'CONFLICT', accessor_id: ids.minji })) as ConflictRow[];
    expect(rows.map(fieldsOf)).to.deep.equal(Array.from({ length: PER_PRINCIPAL }, () => ['email']));
  });

  it('a staff login id is never an answer: sign-up takes it, and the namespaces stay apart', async () => {
    const res = await signUp(
      t,
      adultForm({ loginId: 'privacy-officer', email: 'po-twin@example.com' }),
      from('198.51.100.20'),
    );
    expect(res.data?.signUp?.outcome, JSON.stringify(res.errors)).to.equal('ACTIVE');
    expect(await conflictRows('198.51.100.20')).to.have.length(0);
  });

  it('a withdrawn member’s identifiers answer CONFLICT until her hand-over, and are free after it', async () => {
    const address = '198.51.100.30';
    const form = { loginId: 'leaver', email: 'leaver@example.com', password: 'leaver-secret-pass' };
    expect((await signUp(t, adultForm(form), from(address))).data?.signUp?.outcome).to.equal('ACTIVE');
    const { knex, keys, clock } = t.gateway.services;
    const leaver = (await knex('member').first('id').where({ login_id: 'leaver' })).id as string;
    // Withdrawn, hand-over not yet done (as when it failed and waits for the next retention run).
    await knex('member').where({ id: leaver }).update({ status: 'WITHDRAWN', withdrawn_at: clock.now() });
    const again = { loginId: 'leaver2', email: 'leaver@example.com', birthDate: yearsAgo(30) };
    expect(codes(await signUp(t, adultForm(again), from(address)))).to.deep.equal(['CONFLICT']);
    await handOver(knex, keys.masterKey, leaver, clock.now());
    const byEmail = await signUp(t, adultForm(again), from(address));
    expect(byEmail.data?.signUp?.outcome, JSON.stringify(byEmail.errors)).to.equal('ACTIVE');
    const byLoginId = await signUp(t, adultForm({ ...form, email: 'leaver-new@example.com' }), from(address));
    expect(byLoginId.data?.signUp?.outcome, JSON.stringify(byLoginId.errors)).to.equal('ACTIVE');
  });

  it('withdrawing through the API hands over at once: the e-mail and login id are free right after', async () => {
    const address = '198.51.100.31';
    const form = { loginId: 'quitter', email: 'quitter@example.com', password: 'quitter-secret-pass' };
    expect((await signUp(t, adultForm(form), from(address))).data?.signUp?.outcome).to.equal('ACTIVE');
    const token = await login(t.url, 'quitter', form.password);
    const out = await gql(
      t.url,
      'mutation($p: String) { withdrawMembership(password: $p) }',
      { p: form.password },
      { token, purpose: 'SELF_SERVICE' },
    );
    expect(out.errors).to.equal(undefined);
    const back = await signUp(t, adultForm(form), from(address));
    expect(back.data?.signUp?.outcome, JSON.stringify(back.errors)).to.equal('ACTIVE');
  });
});
