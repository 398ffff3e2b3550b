import { createHmac } from 'node:crypto';
import { fingerprint as fingerprintOf, fingerprintKeys } from '../../src/modules/provision/fingerprint-keys';
import { retentionOnce } from '../../src/jobs';
import { expect } from 'chai';
import { lawfulRequestFor, startGateway, type TestGateway } from '../helpers/gateway';
import { clientToken, codes, gql, login } from '../helpers/http';
import { errorSet, memberIds } from '../lifecycle/support';
import { ALL_PERSONAL_FIELDS, ms } from '../lawful-request/support';
import { dialectOf } from '../../src/db/orm';

type ProvisionRow = {
  id: string;
  recipient_id: string;
  recipient_kind: string;
  member_id: string;
  fields: unknown;
  fingerprints: unknown;
  purpose: string;
  at: unknown;
  request_id: string;
};

const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

/** Alice's values in clear (seed): none may ever sit in the ledger. Short or hex-like values are left out (a hex
 * fingerprint could contain them by chance). */
const ALICE_VALUES = [
  'Alice Kim',
  'alice@example.com',
  '010-1234-5678',
  '1 Teheran-ro, Gangnam-gu, Seoul',
  '110-123-456789',
  '4111111111111111',
  'FEMALE',
];

describe('§6 provision ledger', () => {
  let t: TestGateway;
  let ids: Record<string, string>;
  let clients: Record<string, string>;
  let tokens: Record<string, string>;
  before(async () => {
    t = await startGateway({ env: { JOBS_INTERVAL_SECONDS: '0', RETENTION_INTERVAL_MINUTES: '0' } });
    ids = await memberIds(t);
    const rows = (await knex()('api_client').select('id', 'client_id')) as { id: string; client_id: string }[];
    clients = Object.fromEntries(rows.map((r) => [r.client_id, r.id]));
    tokens = {};
    for (const who of ['alice', 'bob', 'cs-agent', 'marketer', 'privacy-officer', 'analyst'])
      tokens[who] = await login(t.url, who);
    for (const who of ['courier', 'pg', 'partner-ads', 'hosting']) tokens[who] = await clientToken(t.url, who);
  });
  after(() => t.stop());

  const knex = () => t.gateway.services.knex;
  const as = (who: string, purpose?: string) => ({ token: tokens[who]!, purpose });
  const readAlice = (fields: string, caller: { token: string; purpose?: string; headers?: Record<string, string> }) =>
    gql<{ member: Record<string, string | null> }>(
      t.url,
      `query Read($id: ID!) { member(id: $id) { ${fields} } }`,
      { id: ids.alice },
      caller,
    );
  const provisionRows = async (): Promise<ProvisionRow[]> => (await knex()('provision').select('*')) as ProvisionRow[];
  const rowsSince = async (before: ProvisionRow[]) => {
    const seen = new Set(before.map((r) => r.id));
    return (await provisionRows()).filter((r) => !seen.has(r.id));
  };
  /** The member's own fingerprint key, from her data key (the test holds the master key, as the gateway does). */
  const memberKey = async (memberId: string) =>
    (await fingerprintKeys(knex(), t.gateway.services.keys.masterKey, [memberId])).get(memberId);
  let aliceKey: Buffer;
  const fingerprint = (memberId: string, field: string, value: string) => {
    expect(memberId).to.equal(ids.alice);
    return fingerprintOf(aliceKey, memberId, field, value);
  };
  before(async () => {
    aliceKey = (await memberKey(ids.alice!))!;
  });

  it('records what the courier received: recipient, member, fields, purpose, time, request id and a keyed fingerprint per value', async () => {
    const before = await provisionRows();
    const started = Date.now();
    const res = await readAlice('name phone address email', as('courier', 'ORDER_FULFILLMENT'));
    expect(res.data!.member).to.deep.equal({
      name: 'Alice Kim',
      phone: '010-1234-5678',
      address: '1 Teheran-ro, Gangnam-gu, Seoul',
      email: null,
    });
    expect(errorSet(res)).to.deep.equal(['member.email PURPOSE_DENIED']);

    const rows = await rowsSince(before);
    expect(rows).to.have.length(1);
    const row = rows[0]!;
    expect(row).to.deep.include({
      recipient_id: clients.courier,
      recipient_kind: 'CONSIGNEE',
      member_id: ids.alice,
      purpose: 'ORDER_FULFILLMENT',
    });
    expect(json<string[]>(row.fields).sort()).to.deep.equal(['address', 'name', 'phone']);
    expect(ms(row.at)).to.be.within(started - 1000, Date.now() + 1000);
    const logged = await knex()('access_log')
      .first('request_id', 'action')
      .where({ member_id: ids.alice, accessor_id: clients.courier })
      .orderBy('seq', 'desc');
    expect(logged).to.deep.equal({ request_id: row.request_id, action: 'PROVIDE' });

    const prints = json<Record<string, string>>(row.fingerprints);
    expect(Object.keys(prints).sort()).to.deep.equal(['address', 'name', 'phone']);
    for (const [field, value] of Object.entries(res.data!.member)) {
      if (value === null) continue;
      expect(prints[field], field).to.match(/^[0-9a-f]{64}$/);
      expect(prints[field], `${field} fingerprint proves the value sent`).to.equal(
        fingerprint(ids.alice!, field, value),
      );
    }
  });

  it('records what a partner received under MARKETING, list reads included', async () => {
    const before = await provisionRows();
    const res = await gql<{ members: { edges: { node: Record<string, string> }[] } }>(
      t.url,
      '{ members(first: 10) { edges { node { id name email phone gender } } } }',
      {},
      as('partner-ads', 'MARKETING'),
    );
    expect(res.errors).to.equal(undefined);
    expect(res.data!.members.edges.map((e) => e.node.id)).to.deep.equal([ids.alice]);
    const rows = await rowsSince(before);
    expect(rows.map((r) => [r.recipient_id, r.recipient_kind, r.member_id, r.purpose])).to.deep.equal([
      [clients['partner-ads'], 'PARTNER', ids.alice, 'MARKETING'],
    ]);
    expect(json<string[]>(rows[0]!.fields).sort()).to.deep.equal(['email', 'gender', 'name', 'phone']);
    expect(json<Record<string, string>>(rows[0]!.fingerprints).phone).to.equal(
      fingerprint(ids.alice!, 'phone', '010-1234-5678'),
    );
  });

  it('records payment values the settling consignee received in full, as fingerprints of what was sent', async () => {
    const before = await provisionRows();
    const res = await readAlice('name bankAccount cardNumber', as('pg', 'PAYMENT_SETTLEMENT'));
    expect(res.data!.member).to.deep.equal({
      name: 'Alice Kim',
      bankAccount: '110-123-456789',
      cardNumber: '4111111111111111',
    });
    const rows = await rowsSince(before);
    expect(rows).to.have.length(1);
    expect(rows[0]).to.deep.include({
      recipient_id: clients.pg,
      recipient_kind: 'CONSIGNEE',
      member_id: ids.alice,
      purpose: 'PAYMENT_SETTLEMENT',
    });
    const prints = json<Record<string, string>>(rows[0]!.fingerprints);
    expect(prints.cardNumber).to.equal(fingerprint(ids.alice!, 'cardNumber', '4111111111111111'));
    expect(prints.bankAccount).to.equal(fingerprint(ids.alice!, 'bankAccount', '110-123-456789'));
  });

  it('never holds a value in clear: no name, phone, email, address or payment value anywhere in the provision table', async () => {
    const rows = await provisionRows();
    expect(rows.length).to.be.greaterThan(2);
    const text = JSON.stringify(rows);
    for (const value of ALICE_VALUES) expect(text, value).to.not.include(value);
    for (const r of rows) {
      for (const print of Object.values(json<Record<string, string>>(r.fingerprints)))
        expect(print).to.match(/^[0-9a-f]{64}$/);
    }
  });

  it('writes no provision row for staff reads, the member’s own reads, or a recipient’s read that returned no value', async () => {
    const before = await provisionRows();
    const lawful = await lawfulRequestFor(t, [ids.alice!]);
    const reads = [
      await readAlice('name email phone', as('cs-agent', 'MEMBER_MANAGEMENT')),
      await readAlice('name phone address', as('cs-agent', 'ORDER_FULFILLMENT')),
      await readAlice('name email', as('marketer', 'MARKETING')),
      await readAlice('name phone bankAccount', {
        token: tokens['privacy-officer']!,
        purpose: 'LEGAL_REQUEST',
        headers: { 'x-legal-basis': lawful },
      }),
      await gql(t.url, '{ me { name phone } }', {}, as('alice', 'SELF_SERVICE')),
      await gql(t.url, '{ memberStatistics { total } }', {}, as('analyst', 'SERVICE_DEVELOPMENT')),
    ];
    for (const r of reads) expect(r.errors, JSON.stringify(r.errors)).to.equal(undefined);
    // Recipients that received nothing: not assigned (NOT_FOUND), not entrusted (PURPOSE_DENIED), no purpose at all.
    expect(
      codes(
        await gql(
          t.url,
          'query($id: ID!) { member(id: $id) { name } }',
          { id: ids.bob },
          as('courier', 'ORDER_FULFILLMENT'),
        ),
      ),
    ).to.deep.equal(['NOT_FOUND']);
    expect(codes(await readAlice('email loginId', as('courier', 'ORDER_FULFILLMENT')))).to.deep.equal([
      'PURPOSE_DENIED',
      'PURPOSE_DENIED',
    ]);
    expect(codes(await readAlice('name', as('hosting', 'ORDER_FULFILLMENT')))).to.deep.equal(['FORBIDDEN_PURPOSE']);
    expect(await rowsSince(before)).to.deep.equal([]);
  });

  it('shows alice which third parties and consignees received what (me.provisions), and nothing of staff reads', async () => {
    type Item = { recipientName: string; recipientKind: string; fields: string[]; purpose: string; at: string };
    const res = await gql<{ me: { provisions: Item[] } }>(
      t.url,
      '{ me { provisions { recipientName recipientKind fields purpose at } } }',
      {},
      as('alice', 'SELF_SERVICE'),
    );
    expect(res.errors).to.equal(undefined);
    const items = res.data!.me.provisions;
    const summary = items
      .map((i) => `${i.recipientName}|${i.recipientKind}|${i.purpose}|${[...i.fields].sort().join(',')}`)
      .sort();
    expect(summary).to.deep.equal([
      'Courier Co.|CONSIGNEE|ORDER_FULFILLMENT|address,name,phone',
      'Partner Ads Co.|PARTNER|MARKETING|email,gender,name,phone',
      'Payment Gateway Co.|CONSIGNEE|PAYMENT_SETTLEMENT|bankAccount,cardNumber,name',
    ]);
    const rows = await knex()('provision').select('at').where({ member_id: ids.alice });
    expect(items.map((i) => i.at).sort()).to.deep.equal(
      rows.map((r: { at: unknown }) => new Date(ms(r.at)).toISOString()).sort(),
    );
    expect(JSON.stringify(items)).to.not.match(/Customer Service|Marketing Manager|Hana Yoon|STAFF/);

    const bob = await gql<{ me: { provisions: Item[] } }>(
      t.url,
      '{ me { provisions { recipientName } } }',
      {},
      as('bob', 'SELF_SERVICE'),
    );
    expect(bob.data!.me.provisions).to.deep.equal([]);
  });

  it('keeps the provision list to the member herself (SELF_SERVICE only)', async () => {
    const cs = await readAlice('provisions { recipientName }', as('cs-agent', 'MEMBER_MANAGEMENT'));
    expect(codes(cs)).to.deep.equal(['PURPOSE_DENIED']);
    const courier = await readAlice('provisions { recipientName }', as('courier', 'ORDER_FULFILLMENT'));
    expect(codes(courier)).to.deep.equal(['PURPOSE_DENIED']);
    const bob = await readAlice('provisions { recipientName }', as('bob', 'SELF_SERVICE'));
    expect(codes(bob)).to.deep.equal(['NOT_FOUND']);
    expect(JSON.stringify([cs, courier, bob])).to.not.include('Courier Co.');
  });

  it('publishes in `consignees` exactly what each consignee can read: its entrusted fields, every other field PURPOSE_DENIED', async () => {
    type Consignee = { name: string; task: string | null; entrustedFields: string[] };
    const res = await gql<{ consignees: Consignee[] }>(t.url, '{ consignees { name task entrustedFields } }');
    expect(res.errors).to.equal(undefined);
    const listed = res.data!.consignees;
    expect(listed.map((c) => c.name).sort()).to.deep.equal([
      'Courier Co.',
      'NHN Commerce Co., Ltd.',
      'Payment Gateway Co.',
    ]);
    expect(listed.find((c) => c.name === 'Courier Co.')!.entrustedFields.sort()).to.deep.equal([
      'address',
      'name',
      'phone',
    ]);

    const registered = (await knex()('api_client')
      .select('client_id', 'name', 'allowed_purposes')
      .where({ kind: 'CONSIGNEE' })) as { client_id: string; name: string; allowed_purposes: unknown }[];
    for (const consignee of listed) {
      const client = registered.find((r) => r.name === consignee.name)!;
      const purposes = json<string[]>(client.allowed_purposes);
      if (purposes.length === 0) {
        // Listed, reads nothing: it may not declare any purpose at all.
        for (const purpose of ['ORDER_FULFILLMENT', 'PAYMENT_SETTLEMENT']) {
          const denied = await readAlice('name', as(client.client_id, purpose));
          expect(denied.status, consignee.name).to.equal(403);
          expect(codes(denied)).to.deep.equal(['FORBIDDEN_PURPOSE']);
        }
        expect(consignee.entrustedFields).to.deep.equal([]);
        continue;
      }
      for (const purpose of purposes) {
        const read = await readAlice(ALL_PERSONAL_FIELDS.join(' '), as(client.client_id, purpose));
        const member = read.data!.member;
        const returned = Object.keys(member)
          .filter((f) => member[f] !== null)
          .sort();
        expect(returned, `${consignee.name} under ${purpose} reads exactly its entrusted fields`).to.deep.equal(
          [...consignee.entrustedFields].sort(),
        );
        const errors = (read.errors ?? []).map((e) => `${String(e.path?.at(-1))} ${String(e.extensions?.code)}`).sort();
        const others = ALL_PERSONAL_FIELDS.filter((f) => !consignee.entrustedFields.includes(f)).sort();
        expect(errors, consignee.name).to.deep.equal(others.map((f) => `${f} PURPOSE_DENIED`));
      }
    }
  });

  it('withholds what a recipient would receive, AUDIT_UNAVAILABLE, when its ledger rows cannot be written', async () => {
    const sqlite = dialectOf(t.config) === 'sqlite';
    const block = sqlite
      ? ["CREATE TRIGGER block_ledger BEFORE INSERT ON provision BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"]
      : [
          "CREATE FUNCTION block_ledger() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$ LANGUAGE plpgsql",
          'CREATE TRIGGER block_ledger BEFORE INSERT ON provision FOR EACH ROW EXECUTE FUNCTION block_ledger()',
        ];
    const unblock = sqlite
      ? ['DROP TRIGGER block_ledger']
      : ['DROP TRIGGER block_ledger ON provision', 'DROP FUNCTION block_ledger()'];
    const before = await provisionRows();
    for (const sql of block) await knex().raw(sql);
    try {
      const res = await readAlice('id name phone', as('courier', 'ORDER_FULFILLMENT'));
      expect(res.data!.member).to.deep.equal({ id: ids.alice, name: null, phone: null });
      expect(errorSet(res)).to.deep.equal(['member.name AUDIT_UNAVAILABLE', 'member.phone AUDIT_UNAVAILABLE']);
      // Staff reads write no ledger row: the same block leaves them alone.
      const staff = await readAlice('name', as('cs-agent', 'MEMBER_MANAGEMENT'));
      expect(staff.data!.member).to.deep.equal({ name: 'Alice Kim' });
    } finally {
      for (const sql of unblock) await knex().raw(sql);
    }
    expect(await rowsSince(before)).to.deep.equal([]);
    const again = await readAlice('name', as('courier', 'ORDER_FULFILLMENT'));
    expect(again.data!.member).to.deep.equal({ name: 'Alice Kim' });
  });

  it('§5 once her data is destroyed, no one can confirm a guessed value against her ledger rows, not even with the master key', async () => {
    const read = await readAlice('phone', as('courier', 'ORDER_FULFILLMENT'));
    expect(read.data!.member.phone).to.equal('010-1234-5678');
    const rows = (await provisionRows()).filter((r) => r.member_id === ids.alice && r.recipient_id === clients.courier);
    const print = json<Record<string, string>>(rows.at(-1)!.fingerprints).phone!;
    expect(print).to.equal(fingerprint(ids.alice!, 'phone', '010-1234-5678'));
    // What a master-key holder could compute before: a key derived from the master key alone.
    const masterDerived = createHmac('sha256', t.gateway.services.keys.masterKey)
      .update('provision-fingerprints')
      .digest();
    expect(fingerprintOf(masterDerived, ids.alice!, 'phone', '010-1234-5678')).to.not.equal(print);

    const bye = await gql(
      t.url,
      'mutation { withdrawMembership(password: "demo-password") }',
      {},
      as('alice', 'SELF_SERVICE'),
    );
    expect(bye.errors, JSON.stringify(bye.errors)).to.equal(undefined);
    await retentionOnce(t.gateway.services);
    expect((await knex()('member').first('wrapped_data_key').where({ id: ids.alice })).wrapped_data_key).to.equal(null);
    expect(await memberKey(ids.alice!), 'her fingerprint key is gone with her data key').to.equal(undefined);
  });
});
