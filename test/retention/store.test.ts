import { expect } from 'chai';
import { guardianToken, startGateway, type TestGateway } from '../helpers/gateway';
import { clientToken, codes, gql, login, type Caller } from '../helpers/http';
import { memberIds } from '../lifecycle/support';
import { ALL_PERSONAL_FIELDS, legal, registerLawful } from '../lawful-request/support';
import { addPeriod } from '../../src/modules/retention/period';
import { RETENTION } from '../../src/modules/retention/categories';
import {
  ENV,
  RETAINED,
  categoriesOf,
  expectDestroyed,
  liveRelated,
  liveRow,
  ms,
  retained,
  withdraw,
  type RetainedItem,
} from './support';

describe('§5 retention store: kept apart, used for nothing else', () => {
  let t: TestGateway;
  let ids: Record<string, string>;
  let clients: Record<string, string>;
  let tokens: Record<string, string>;
  let aliceBefore: Record<string, unknown>;
  let withdrawnAt: number;
  let suppliedAt: number;
  before(async () => {
    t = await startGateway({ env: ENV });
    ids = await memberIds(t);
    const rows = (await knex()('api_client').select('id', 'client_id')) as { id: string; client_id: string }[];
    clients = Object.fromEntries(rows.map((r) => [r.client_id, r.id]));
    tokens = {};
    for (const who of ['bob', 'cs-agent', 'marketer', 'analyst', 'privacy-officer'])
      tokens[who] = await login(t.url, who);
    for (const who of ['courier', 'pg', 'partner-ads']) tokens[who] = await clientToken(t.url, who);
    aliceBefore = await liveRow(t, ids.alice!);
    expect(await liveRelated(t, ids.alice!)).to.deep.include({ consent: 3, assignment: 2 });
    suppliedAt = Math.max(...(await knex()('assignment').where({ member_id: ids.alice }).pluck('created_at')).map(ms));
    await withdraw(t, 'alice');
    withdrawnAt = ms((await liveRow(t, ids.alice!)).withdrawn_at);
  });
  after(() => t.stop());

  const knex = () => t.gateway.services.knex;
  const retainedRecords = (id: string, caller: Caller) =>
    gql<{ retainedRecords: RetainedItem[] }>(t.url, RETAINED, { id }, caller);
  const officer = () => tokens['privacy-officer']!;

  it('hands alice over at once: CONTRACT_WITHDRAWAL, PAYMENT_SUPPLY and VISIT_LOG (no COMPLAINT: she filed none)', async () => {
    const rows = await retained(t, ids.alice);
    expect(categoriesOf(rows)).to.deep.equal(['CONTRACT_WITHDRAWAL', 'PAYMENT_SUPPLY', 'VISIT_LOG']);
    expect(new Set(rows.map((r) => r.id)).size).to.equal(3);
  });

  it('gives each record its legal basis and expiry: withdrawal + 5 years, last settlement + 5 years, sign-up + 3 months (calendar)', async () => {
    const rows = await retained(t, ids.alice);
    const expected: Record<string, Date> = {
      CONTRACT_WITHDRAWAL: addPeriod(new Date(withdrawnAt), { years: 5 }),
      PAYMENT_SUPPLY: addPeriod(new Date(suppliedAt), { years: 5 }),
      VISIT_LOG: addPeriod(new Date(ms(aliceBefore.created_at)), { months: 3 }),
    };
    for (const r of rows) {
      expect(r.legal_basis, r.category).to.equal(RETENTION[r.category as keyof typeof RETENTION].basis);
      expect(ms(r.expires_at), r.category).to.equal(expected[r.category]!.getTime());
      expect(ms(r.retained_at), r.category).to.be.within(withdrawnAt, Date.now() + 1000);
    }
    expect(rows.find((r) => r.category === 'VISIT_LOG')!.legal_basis).to.match(
      /Communications Secrets Protection Act.*3 months/,
    );
    expect(rows.find((r) => r.category === 'PAYMENT_SUPPLY')!.legal_basis).to.match(/payment and supply.*5 years/);
    expect(rows.find((r) => r.category === 'CONTRACT_WITHDRAWAL')!.legal_basis).to.match(/withdrawal.*5 years/);
  });

  it('seals every payload: no clear value of hers in the retention store, each record under a key of its own', async () => {
    const rows = await retained(t, ids.alice);
    const text = JSON.stringify(rows);
    for (const value of [
      'Alice Kim',
      'alice@example.com',
      '110-123-456789',
      '4111111111111111',
      '203.0.113.10',
      'Firefox',
      '"alice"',
    ]) {
      expect(text, value).to.not.include(value);
    }
    for (const r of rows) {
      expect(r.payload, r.category).to.match(/^v1\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+$/);
      expect(r.wrapped_key, r.category).to.match(/^v1\./);
      expect(r.wrapped_key).to.not.equal(aliceBefore.wrapped_data_key);
    }
    expect(new Set(rows.map((r) => r.wrapped_key)).size).to.equal(rows.length);
  });

  it('destroys the personal columns of her live row and deletes her consents, assignments and guardian rows', async () => {
    expectDestroyed(await liveRow(t, ids.alice!), ids.alice!);
    expect(await liveRelated(t, ids.alice!)).to.deep.equal({
      consent: 0,
      assignment: 0,
      complaint: 0,
      correction_request: 0,
      cookie_preference: 0,
      guardian: 0,
    });
    const live = JSON.stringify(await liveRow(t, ids.alice!));
    for (const value of [
      'Alice Kim',
      'alice@example.com',
      '010-1234-5678',
      'Teheran-ro',
      String(aliceBefore.bank_account_sealed),
    ])
      expect(live).to.not.include(value);
  });

  it('answers NOT_FOUND for her live data, even within a lawful request naming her', async () => {
    const lawful = await registerLawful(t, officer(), { memberIds: [ids.alice!], fields: ALL_PERSONAL_FIELDS });
    const res = await gql(
      t.url,
      'query($id: ID!) { member(id: $id) { name } }',
      { id: ids.alice },
      legal(officer(), lawful.id),
    );
    expect(codes(res)).to.deep.equal(['NOT_FOUND']);
  });

  it('opens the retention store under LEGAL_REQUEST within a lawful request naming her, logged with its basis', async () => {
    const lawful = await registerLawful(t, officer(), {
      memberIds: [ids.alice!],
      fields: ALL_PERSONAL_FIELDS,
      legalBasis: 'Seoul District Court warrant 2026-RET-7',
    });
    const since = Number((await knex()('access_log').max({ m: 'seq' }).first())?.m ?? 0);
    const res = await retainedRecords(ids.alice!, legal(officer(), lawful.id));
    expect(res.errors, JSON.stringify(res.errors)).to.equal(undefined);
    const items = res.data!.retainedRecords;
    expect(categoriesOf(items)).to.deep.equal(['CONTRACT_WITHDRAWAL', 'PAYMENT_SUPPLY', 'VISIT_LOG']);
    const by = Object.fromEntries(items.map((i) => [i.category, i]));
    expect(by.CONTRACT_WITHDRAWAL!.data).to.deep.include({
      loginId: 'alice',
      name: 'Alice Kim',
      email: 'alice@example.com',
      withdrawnAt: new Date(withdrawnAt).toISOString(),
    });
    expect(by.PAYMENT_SUPPLY!.data).to.deep.include({
      name: 'Alice Kim',
      method: 'CARD',
      cardNumber: '************1111',
    });
    expect(JSON.stringify(by.PAYMENT_SUPPLY!.data), 'never a full card or account number').to.not.match(
      /4111111111111111|110-123-456789/,
    );
    expect(by.PAYMENT_SUPPLY!.data).to.not.have.property('bankAccount');
    const supplies = by.PAYMENT_SUPPLY!.data.supplies as { consigneeId: string; kind: string }[];
    expect(supplies.map((s) => s.consigneeId)).to.include(clients.pg);
    expect(by.VISIT_LOG!.data).to.deep.include({ signupIp: '203.0.113.10', browser: 'Firefox 132' });
    expect(by.VISIT_LOG!.expiresAt).to.equal(
      addPeriod(new Date(ms(aliceBefore.created_at)), { months: 3 }).toISOString(),
    );
    expect(by.VISIT_LOG!.legalBasis).to.equal(RETENTION.VISIT_LOG.basis);

    const logged = await knex()('access_log').select('*').where('seq', '>', since);
    expect(logged).to.have.length(1);
    expect(logged[0]).to.deep.include({ member_id: ids.alice, purpose: 'LEGAL_REQUEST', action: 'VIEW' });
    expect(logged[0].legal_basis).to.include('2026-RET-7');
    expect(logged[0].legal_basis).to.include(lawful.id);
  });

  it('gives LEGAL_REQUEST nothing for her under a lawful request that names only bob', async () => {
    const lawful = await registerLawful(t, officer(), { memberIds: [ids.bob!], fields: ALL_PERSONAL_FIELDS });
    const res = await retainedRecords(ids.alice!, legal(officer(), lawful.id));
    expect(res.errors).to.equal(undefined);
    expect(res.data!.retainedRecords).to.deep.equal([]);
  });

  it('gives LEGAL_REQUEST no payment values under a lawful request naming her for her name only', async () => {
    // The request's field list bounds what a LEGAL_REQUEST read may return (live reads: others PURPOSE_DENIED).
    const lawful = await registerLawful(t, officer(), { memberIds: [ids.alice!], fields: ['name'] });
    const res = await retainedRecords(ids.alice!, legal(officer(), lawful.id));
    const text = JSON.stringify(res);
    expect(text, 'card number outside the request').to.not.include('4111111111111111');
    expect(text, 'bank account outside the request').to.not.include('110-123-456789');
    expect(text, 'email outside the request').to.not.include('alice@example.com');
  });

  it('gives pg (PAYMENT_SETTLEMENT) only her PAYMENT_SUPPLY record, the one it settled', async () => {
    const res = await retainedRecords(ids.alice!, { token: tokens.pg, purpose: 'PAYMENT_SETTLEMENT' });
    expect(res.errors, JSON.stringify(res.errors)).to.equal(undefined);
    expect(res.data!.retainedRecords.map((i) => i.category)).to.deep.equal(['PAYMENT_SUPPLY']);
    expect(res.data!.retainedRecords[0]!.data).to.deep.include({ method: 'CARD', cardNumber: '************1111' });
    const logged = await knex()('access_log')
      .first('*')
      .where({ member_id: ids.alice, accessor_id: clients.pg })
      .orderBy('seq', 'desc');
    expect(logged).to.deep.include({ action: 'PROVIDE', purpose: 'PAYMENT_SETTLEMENT' });
  });

  it('records in the provision ledger what pg received from the retention store', async () => {
    const before = Number(
      (await knex()('provision').count({ n: '*' }).where({ member_id: ids.alice, recipient_id: clients.pg }).first())
        ?.n,
    );
    const res = await retainedRecords(ids.alice!, { token: tokens.pg, purpose: 'PAYMENT_SETTLEMENT' });
    expect(res.data!.retainedRecords).to.have.length(1);
    const after = Number(
      (await knex()('provision').count({ n: '*' }).where({ member_id: ids.alice, recipient_id: clients.pg }).first())
        ?.n,
    );
    expect(after, 'a provision row for the payment record that left to pg').to.equal(before + 1);
  });

  it('refuses every other purpose with PURPOSE_DENIED, whoever declares it (courier under ORDER_FULFILLMENT included)', async () => {
    const callers: [string, Caller][] = [
      ['bob SELF_SERVICE', { token: tokens.bob, purpose: 'SELF_SERVICE' }],
      ['cs-agent MEMBER_MANAGEMENT', { token: tokens['cs-agent'], purpose: 'MEMBER_MANAGEMENT' }],
      ['privacy-officer MEMBER_MANAGEMENT', { token: officer(), purpose: 'MEMBER_MANAGEMENT' }],
      ['cs-agent ORDER_FULFILLMENT', { token: tokens['cs-agent'], purpose: 'ORDER_FULFILLMENT' }],
      ['courier ORDER_FULFILLMENT', { token: tokens.courier, purpose: 'ORDER_FULFILLMENT' }],
      ['marketer MARKETING', { token: tokens.marketer, purpose: 'MARKETING' }],
      ['partner-ads MARKETING', { token: tokens['partner-ads'], purpose: 'MARKETING' }],
      ['analyst SERVICE_DEVELOPMENT', { token: tokens.analyst, purpose: 'SERVICE_DEVELOPMENT' }],
    ];
    const since = Number((await knex()('access_log').max({ m: 'seq' }).first())?.m ?? 0);
    for (const [who, caller] of callers) {
      const res = await retainedRecords(ids.alice!, caller);
      expect(codes(res), who).to.deep.equal(['PURPOSE_DENIED']);
      expect(res.data ?? null, who).to.equal(null);
      expect(JSON.stringify(res), who).to.not.match(/Alice|4111|110-123/);
    }
    expect(codes(await retainedRecords(ids.alice!, { token: tokens.bob })), 'no purpose').to.deep.equal([
      'PURPOSE_REQUIRED',
    ]);
    expect(codes(await retainedRecords(ids.alice!, {})), 'anonymous').to.deep.equal(['PURPOSE_REQUIRED']);
    const leaked = await knex()('access_log').select('fields').where('seq', '>', since).where({ member_id: ids.alice });
    expect(JSON.stringify(leaked)).to.not.include('retained:');
  });

  it('keeps no payment record of a member nothing was settled for, though a card was on file; pg gets nothing of him', async () => {
    const bob = tokens.bob!;
    const card = await gql(
      t.url,
      'mutation { updateMyProfile(input: { cardNumber: "5500000000000004" }) { id } }',
      {},
      { token: bob, purpose: 'SELF_SERVICE' },
    );
    expect(card.errors).to.equal(undefined);
    await withdraw(t, 'bob');
    expect(categoriesOf(await retained(t, ids.bob))).to.deep.equal(['CONTRACT_WITHDRAWAL', 'VISIT_LOG']);
    const pg = await retainedRecords(ids.bob!, { token: tokens.pg, purpose: 'PAYMENT_SETTLEMENT' });
    expect(pg.errors).to.equal(undefined);
    expect(pg.data!.retainedRecords).to.deep.equal([]);
    const lawful = await registerLawful(t, officer(), { memberIds: [ids.bob!], fields: ALL_PERSONAL_FIELDS });
    const law = await retainedRecords(ids.bob!, legal(officer(), lawful.id));
    expect(categoriesOf(law.data!.retainedRecords)).to.deep.equal(['CONTRACT_WITHDRAWAL', 'VISIT_LOG']);
    expect(JSON.stringify(law.data)).to.not.include('5500000000000004');
  });

  it('hands over a child withdrawn by the guardian: guardian rows deleted, the guardian’s consent kept in the contract record', async () => {
    const guardian = await guardianToken(t, 'soyeon.park@example.com');
    expect(await liveRelated(t, ids.minji!)).to.deep.include({ guardian: 1, consent: 1 });
    const res = await gql(
      t.url,
      'mutation($id: ID) { withdrawMembership(memberId: $id) }',
      { id: ids.minji },
      { token: guardian, purpose: 'SELF_SERVICE' },
    );
    expect(res.errors, JSON.stringify(res.errors)).to.equal(undefined);
    expectDestroyed(await liveRow(t, ids.minji!), ids.minji!);
    expect(await liveRelated(t, ids.minji!)).to.deep.equal({
      consent: 0,
      assignment: 0,
      complaint: 0,
      correction_request: 0,
      cookie_preference: 0,
      guardian: 0,
    });
    expect(JSON.stringify(await knex()('guardian').select('*'))).to.not.include('soyeon.park@example.com');
    expect(categoriesOf(await retained(t, ids.minji))).to.deep.equal(['CONTRACT_WITHDRAWAL', 'VISIT_LOG']);
    const lawful = await registerLawful(t, officer(), { memberIds: [ids.minji!], fields: ALL_PERSONAL_FIELDS });
    const law = await retainedRecords(ids.minji!, legal(officer(), lawful.id));
    const contract = law.data!.retainedRecords.find((i) => i.category === 'CONTRACT_WITHDRAWAL')!;
    expect(contract.data).to.deep.include({ loginId: 'minji', name: 'Minji Park' });
    expect((contract.data.consents as { givenBy: string }[]).map((c) => c.givenBy)).to.deep.equal(['GUARDIAN']);
  });
});
