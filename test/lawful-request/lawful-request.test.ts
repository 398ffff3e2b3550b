import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { clientToken, codes, gql, login, type Caller } from '../helpers/http';
import { errorSet, memberIds } from '../lifecycle/support';
import { APPROVE, AUTHORITY, REGISTER, legal, ms, registerLawful, type LawfulRequestItem } from './support';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('§6 lawful requests', () => {
  let t: TestGateway;
  let current: Date;
  const clock = { now: () => new Date(current) };
  let ids: Record<string, string>;
  let tokens: Record<string, string>;
  let officerId: string;
  let warrant: LawfulRequestItem;
  const WARRANT_REF = 'Seoul District Court warrant 2026-GO-1234';
  before(async () => {
    current = new Date();
    t = await startGateway({ clock, env: { JOBS_INTERVAL_SECONDS: '0', RETENTION_INTERVAL_MINUTES: '0' } });
    ids = await memberIds(t);
    tokens = {};
    for (const who of ['alice', 'cs-agent', 'marketer', 'privacy-officer']) tokens[who] = await login(t.url, who);
    tokens.courier = await clientToken(t.url, 'courier');
    officerId = (await knex()('staff').first('id').where({ login_id: 'privacy-officer' })).id;
  });
  after(() => t.stop());

  const knex = () => t.gateway.services.knex;
  const officer = () => tokens['privacy-officer']!;
  const asOfficer: Caller = {
    get token() {
      return tokens['privacy-officer'];
    },
    purpose: 'MEMBER_MANAGEMENT',
  };
  const count = async () => Number((await knex()('lawful_request').count({ n: '*' }).first())?.n);
  const read = (id: string, fields: string, caller: Caller) =>
    gql<{ member: Record<string, string | null> }>(
      t.url,
      `query LegalRead($id: ID!) { member(id: $id) { ${fields} } }`,
      { id },
      caller,
    );
  const input = (overrides: Record<string, unknown> = {}) => ({
    authority: AUTHORITY,
    legalBasis: WARRANT_REF,
    memberIds: [ids.alice],
    fields: ['name', 'email'],
    validFrom: new Date(current.getTime() - HOUR).toISOString(),
    validUntil: new Date(current.getTime() + DAY).toISOString(),
    ...overrides,
  });

  it('lets the privacy officer register a request: authority, basis, members, fields, validity', async () => {
    const res = await gql<{ registerLawfulRequest: LawfulRequestItem }>(t.url, REGISTER, input(), asOfficer);
    expect(res.errors, JSON.stringify(res.errors)).to.equal(undefined);
    warrant = res.data!.registerLawfulRequest;
    expect(warrant.id).to.match(/^[0-9a-f-]{36}$/);
    expect(warrant).to.deep.include({
      authority: AUTHORITY,
      legalBasis: WARRANT_REF,
      memberIds: [ids.alice],
      fields: ['name', 'email'],
    });
    expect(warrant.validFrom).to.equal(input().validFrom);
    const row = await knex()('lawful_request').first('*').where({ id: warrant.id });
    expect(row.registered_by).to.equal(officerId);
    expect(ms(row.valid_until)).to.equal(Date.parse(warrant.validUntil));
    const listed = await gql<{ lawfulRequests: LawfulRequestItem[] }>(
      t.url,
      '{ lawfulRequests { id legalBasis status } }',
      {},
      asOfficer,
    );
    expect(listed.data!.lawfulRequests).to.deep.equal([
      { id: warrant.id, legalBasis: WARRANT_REF, status: 'PENDING_APPROVAL' },
    ]);
    // Usable only once a second person approves it (§6; test/lawful-request/approval.test.ts).
    const approved = await gql<{ approveLawfulRequest: LawfulRequestItem }>(
      t.url,
      APPROVE,
      { id: warrant.id },
      { token: await login(t.url, 'admin'), purpose: 'ADMINISTRATION' },
    );
    expect(approved.errors, JSON.stringify(approved.errors)).to.equal(undefined);
    warrant = { ...warrant, ...approved.data!.approveLawfulRequest };
  });

  it('refuses registration to anyone but the privacy officer (FORBIDDEN; UNAUTHENTICATED without a token) and stores nothing', async () => {
    const before = await count();
    const callers: [string, Caller, string][] = [
      ['cs-agent', { token: tokens['cs-agent'], purpose: 'MEMBER_MANAGEMENT' }, 'FORBIDDEN'],
      ['marketer', { token: tokens.marketer, purpose: 'MARKETING' }, 'FORBIDDEN'],
      ['alice', { token: tokens.alice, purpose: 'SELF_SERVICE' }, 'FORBIDDEN'],
      ['courier', { token: tokens.courier, purpose: 'ORDER_FULFILLMENT' }, 'FORBIDDEN'],
      ['anonymous', {}, 'UNAUTHENTICATED'],
    ];
    for (const [who, caller, code] of callers) {
      const res = await gql(t.url, REGISTER, input(), caller);
      expect(codes(res), who).to.deep.equal([code]);
      expect(res.data ?? null, who).to.equal(null);
    }
    expect(
      codes(
        await gql(t.url, '{ lawfulRequests { id } }', {}, { token: tokens['cs-agent'], purpose: 'MEMBER_MANAGEMENT' }),
      ),
    ).to.deep.equal(['FORBIDDEN']);
    expect(await count()).to.equal(before);
  });

  it('refuses bad input with BAD_USER_INPUT and stores nothing', async () => {
    const before = await count();
    const from = input().validFrom;
    const bad: [string, Record<string, unknown>][] = [
      ['an unknown field', { fields: ['name', 'shoeSize'] }],
      ['a credential', { fields: ['password'] }],
      ['a non-personal Member field', { fields: ['accessHistory'] }],
      ['no fields', { fields: [] }],
      ['validUntil equal to validFrom', { validFrom: from, validUntil: from }],
      ['validUntil before validFrom', { validFrom: from, validUntil: new Date(Date.parse(from) - 1000).toISOString() }],
      ['a validFrom that is no time', { validFrom: 'next tuesday' }],
      ['a validUntil that is no time', { validUntil: '' }],
      ['no members', { memberIds: [] }],
    ];
    for (const [what, overrides] of bad) {
      const res = await gql(t.url, REGISTER, input(overrides), asOfficer);
      expect(codes(res), what).to.deep.equal(['BAD_USER_INPUT']);
    }
    expect(await count()).to.equal(before);
  });

  it('refuses a LEGAL_REQUEST read with no, an unknown or a malformed X-Legal-Basis: FORBIDDEN_PURPOSE, HTTP 403, no data', async () => {
    const headers: [string, Record<string, string>][] = [
      ['no header', {}],
      ['an empty header', { 'x-legal-basis': '' }],
      ['an unknown id', { 'x-legal-basis': randomUUID() }],
      ['the warrant reference instead of the id', { 'x-legal-basis': WARRANT_REF }],
      ['a malformed id', { 'x-legal-basis': `${warrant.id}' OR '1'='1` }],
    ];
    for (const [what, h] of headers) {
      const res = await read(ids.alice!, 'name', { token: officer(), purpose: 'LEGAL_REQUEST', headers: h });
      expect(res.status, what).to.equal(403);
      expect(codes(res), what).to.deep.equal(['FORBIDDEN_PURPOSE']);
      expect(JSON.stringify(res), what).to.not.include('Alice');
    }
  });

  it('refuses an expired and a not-yet-valid request with FORBIDDEN_PURPOSE (403)', async () => {
    const expired = await registerLawful(
      t,
      officer(),
      {
        memberIds: [ids.alice!],
        fields: ['name'],
        validFrom: current,
        validUntil: new Date(current.getTime() + HOUR),
      },
      current,
    );
    const future = await registerLawful(
      t,
      officer(),
      {
        memberIds: [ids.alice!],
        fields: ['name'],
        validFrom: new Date(current.getTime() + DAY),
        validUntil: new Date(current.getTime() + 2 * DAY),
      },
      current,
    );
    const start = current;
    try {
      for (const [what, id, at] of [
        ['expired', expired.id, current.getTime() + 2 * HOUR],
        ['not yet valid', future.id, current.getTime()],
      ] as const) {
        current = new Date(at);
        const res = await read(ids.alice!, 'name', legal(officer(), id));
        expect(res.status, what).to.equal(403);
        expect(codes(res), what).to.deep.equal(['FORBIDDEN_PURPOSE']);
      }
    } finally {
      current = start;
    }
  });

  it('inside a valid request: only its members are reachable (others NOT_FOUND), only its fields readable (others PURPOSE_DENIED)', async () => {
    const res = await read(ids.alice!, 'id name email phone address bankAccount', legal(officer(), warrant.id));
    expect(res.status).to.equal(200);
    expect(res.data!.member).to.deep.equal({
      id: ids.alice,
      name: 'Alice Kim',
      email: 'alice@example.com',
      phone: null,
      address: null,
      bankAccount: null,
    });
    expect(errorSet(res)).to.deep.equal([
      'member.address PURPOSE_DENIED',
      'member.bankAccount PURPOSE_DENIED',
      'member.phone PURPOSE_DENIED',
    ]);

    for (const other of ['bob', 'minji']) {
      const res2 = await read(ids[other]!, 'name', legal(officer(), warrant.id));
      expect(codes(res2), other).to.deep.equal(['NOT_FOUND']);
      expect(JSON.stringify(res2)).to.not.match(/Bob|Minji/);
    }
    const list = await gql<{ members: { edges: { node: { id: string } }[] } }>(
      t.url,
      '{ members(first: 100) { edges { node { id } } } }',
      {},
      legal(officer(), warrant.id),
    );
    expect(list.data!.members.edges.map((e) => e.node.id)).to.deep.equal([ids.alice]);
  });

  it('writes each read’s access-log row with a legal basis naming the warrant reference and the request id', async () => {
    const since = Number((await knex()('access_log').max({ m: 'seq' }).first())?.m ?? 0);
    await read(ids.alice!, 'name email phone', legal(officer(), warrant.id));
    const rows = await knex()('access_log').select('*').where('seq', '>', since);
    expect(rows).to.have.length(1);
    const row = rows[0];
    expect(row).to.deep.include({
      member_id: ids.alice,
      accessor_id: officerId,
      purpose: 'LEGAL_REQUEST',
      action: 'VIEW',
    });
    expect(row.legal_basis).to.include(WARRANT_REF);
    expect(row.legal_basis).to.include(warrant.id);
    const fields = typeof row.fields === 'string' ? JSON.parse(row.fields) : row.fields;
    const denied = typeof row.denied === 'string' ? JSON.parse(row.denied) : row.denied;
    expect([...fields].sort()).to.deep.equal(['email', 'name']);
    expect(denied).to.deep.equal({ phone: 'PURPOSE_DENIED' });
  });

  it('does not open alice under a request that names only bob', async () => {
    const bobOnly = await registerLawful(t, officer(), { memberIds: [ids.bob!], fields: ['name', 'email'] }, current);
    expect(codes(await read(ids.alice!, 'name', legal(officer(), bobOnly.id)))).to.deep.equal(['NOT_FOUND']);
    const bob = await read(ids.bob!, 'name', legal(officer(), bobOnly.id));
    expect(bob.data!.member).to.deep.equal({ name: 'Bob Lee' });
  });

  it('searches the access log only for a member the request names (PURPOSE_DENIED otherwise, nothing logged)', async () => {
    const search = (memberId: string | null) =>
      gql<{ accessLogs: { edges: { node: { memberId: string } }[] } }>(
        t.url,
        'query($m: ID) { accessLogs(filter: { memberId: $m }, first: 50) { edges { node { memberId } } } }',
        { m: memberId },
        legal(officer(), warrant.id),
      );
    const since = Number((await knex()('access_log').max({ m: 'seq' }).first())?.m ?? 0);
    for (const other of [ids.bob!, null]) {
      const refused = await search(other);
      expect(refused.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).to.deep.equal([
        ['PURPOSE_DENIED', 'filter.memberId'],
      ]);
    }
    expect(
      await knex()('access_log')
        .where('seq', '>', since)
        .count({ n: '*' })
        .first()
        .then((r) => Number(r?.n)),
    ).to.equal(0);
    const alice = await search(ids.alice!);
    expect(alice.errors).to.equal(undefined);
    expect(alice.data!.accessLogs.edges.length).to.be.greaterThan(0);
    expect(alice.data!.accessLogs.edges.every((e) => e.node.memberId === ids.alice)).to.equal(true);
  });

  it('a valid request id does not let anyone but the privacy officer declare LEGAL_REQUEST', async () => {
    for (const who of ['cs-agent', 'alice', 'courier']) {
      const res = await read(ids.alice!, 'name', legal(tokens[who]!, warrant.id));
      expect(res.status, who).to.equal(403);
      expect(codes(res), who).to.deep.equal(['FORBIDDEN_PURPOSE']);
    }
  });

  it('follows the gateway clock: valid from validFrom (inclusive) until validUntil (exclusive)', async () => {
    const start = current;
    try {
      current = new Date(Date.parse(warrant.validFrom));
      expect((await read(ids.alice!, 'name', legal(officer(), warrant.id))).data?.member, 'at validFrom').to.deep.equal(
        { name: 'Alice Kim' },
      );
      current = new Date(Date.parse(warrant.validFrom) - 1000);
      expect(codes(await read(ids.alice!, 'name', legal(officer(), warrant.id))), 'before validFrom').to.deep.equal([
        'FORBIDDEN_PURPOSE',
      ]);
      current = new Date(Date.parse(warrant.validUntil) - 1000);
      expect(
        (await read(ids.alice!, 'name', legal(officer(), warrant.id))).data?.member,
        'just before validUntil',
      ).to.deep.equal({ name: 'Alice Kim' });
      current = new Date(Date.parse(warrant.validUntil));
      const expired = await read(ids.alice!, 'name', legal(officer(), warrant.id));
      expect(expired.status, 'at validUntil').to.equal(403);
      expect(codes(expired), 'at validUntil').to.deep.equal(['FORBIDDEN_PURPOSE']);
    } finally {
      current = start;
    }
  });
});
