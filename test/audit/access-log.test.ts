import { expect } from 'chai';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { clientToken, codes, gql, login } from '../helpers/http';
import { verifyChain } from '../../src/audit/verify';
import { fromRow, type AccessLogRow } from '../../src/audit/rows';
import { checkCheckpoint, signCheckpoint } from '../../src/audit/checkpoint';
import { dialectOf } from '../../src/db/orm';

describe('§10 access log', () => {
  let t: TestGateway;
  let ids: Record<string, string>;
  let cs: string;
  before(async () => {
    t = await startGateway({ env: { ACCESS_REVIEW_HOURLY_THRESHOLD: '2' } });
    const rows = await t.gateway.services.knex('member').select('id', 'login_id');
    ids = Object.fromEntries(rows.map((r: { id: string; login_id: string }) => [r.login_id, r.id]));
    cs = await login(t.url, 'cs-agent');
  });
  after(() => t.stop());

  const knex = () => t.gateway.services.knex;
  const rowsOf = async (requestFilter: Record<string, unknown> = {}) =>
    ((await knex()('access_log').select('*').where(requestFilter).orderBy('seq')) as AccessLogRow[]).map(fromRow);
  const lastSeq = async (): Promise<number> => Number((await knex()('access_log').max({ m: 'seq' }).first())?.m ?? 0);
  const newRows = async (since: number) =>
    ((await knex()('access_log').select('*').where('seq', '>', since).orderBy('seq')) as AccessLogRow[]).map(fromRow);

  it('writes one row per member read, with the fields returned and the fields denied with their codes', async () => {
    const since = await lastSeq();
    const res = await gql(
      t.url,
      'query ListForCs { members(first: 10) { edges { node { name email address } } } }',
      {},
      { token: cs, purpose: 'MEMBER_MANAGEMENT' },
    );
    expect(res.status).to.equal(200);
    const rows = await newRows(since);
    const byMember = Object.fromEntries(rows.map((r) => [r.memberId, r]));
    expect(rows).to.have.length(4); // alice, bob, minji, jun; never the withdrawn carol
    expect(new Set(rows.map((r) => r.requestId)).size).to.equal(1);
    expect(byMember[ids.alice!]).to.deep.include({
      accessorKind: 'STAFF',
      accessorRole: 'CS_AGENT',
      action: 'VIEW',
      purpose: 'MEMBER_MANAGEMENT',
      operationName: 'ListForCs',
    });
    expect(byMember[ids.alice!]!.fields.sort()).to.deep.equal(['email', 'name']);
    expect(byMember[ids.alice!]!.denied).to.deep.equal({ address: 'PURPOSE_DENIED' });
    expect(byMember[ids.jun!]!.fields).to.deep.equal([]);
    expect(byMember[ids.jun!]!.denied).to.deep.equal({
      name: 'GUARDIAN_CONSENT_REQUIRED',
      email: 'GUARDIAN_CONSENT_REQUIRED',
      address: 'PURPOSE_DENIED',
    });
    expect(byMember[ids.carol!]).to.equal(undefined);
  });

  it('catches reads through aliases, fragments and repeated selections in one row per member', async () => {
    const since = await lastSeq();
    const query = `query Sneaky($id: ID!) {
      a: member(id: $id) { x: email }
      b: member(id: $id) { ...F }
      c: member(id: $id) { ... on Member { y: birthDate } }
    }
    fragment F on Member { phone bankAccount }`;
    const res = await gql(t.url, query, { id: ids.alice }, { token: cs, purpose: 'MEMBER_MANAGEMENT' });
    expect(codes(res)).to.include('PURPOSE_DENIED'); // bankAccount
    const rows = await newRows(since);
    const alice = rows.find((r) => r.memberId === ids.alice)!;
    expect(alice.fields.sort()).to.deep.equal(['birthDate', 'email', 'phone']);
    expect(alice.denied).to.deep.equal({ bankAccount: 'PURPOSE_DENIED' });
    expect(rows.filter((r) => r.memberId === ids.alice)).to.have.length(1);
  });

  it('records PROVIDE when a partner or consignee receives data', async () => {
    const since = await lastSeq();
    const courier = await clientToken(t.url, 'courier');
    await gql(
      t.url,
      '{ members(first: 5) { edges { node { name address } } } }',
      {},
      { token: courier, purpose: 'ORDER_FULFILLMENT' },
    );
    const rows = await newRows(since);
    expect(rows.map((r) => [r.memberId, r.action, r.accessorKind, r.fields.sort().join(',')])).to.deep.equal([
      [ids.alice, 'PROVIDE', 'CONSIGNEE', 'address,name'],
    ]);
  });

  it('writes nothing for requests that touch no personal data', async () => {
    const since = await lastSeq();
    await gql(t.url, '{ consignees { name } privacyOfficer { email } }');
    expect(await newRows(since)).to.deep.equal([]);
  });

  it('lets a member see who read or received their data, and logs that look', async () => {
    const alice = await login(t.url, 'alice');
    const res = await gql<{
      me: { accessHistory: { edges: { node: { accessorKind: string; action: string; fields: string[] } }[] } };
    }>(
      t.url,
      '{ me { accessHistory(first: 50) { edges { node { at accessorKind accessorName action purpose fields } } } } }',
      {},
      { token: alice, purpose: 'SELF_SERVICE' },
    );
    const kinds = res.data!.me.accessHistory.edges.map((e) => `${e.node.accessorKind}:${e.node.action}`);
    expect(kinds).to.include('CONSIGNEE:PROVIDE');
    expect(kinds).to.include('STAFF:VIEW');
    const own = await rowsOf({ member_id: ids.alice, accessor_id: ids.alice });
    expect(own.at(-1)!.fields).to.deep.equal(['accessHistory']);
  });

  it('shows the member a refused attempt as refused, with its code, not as a read of nothing', async () => {
    const tried = await gql(
      t.url,
      `{ member(id: "${ids.alice}") { cardNumber } }`,
      {},
      { token: cs, purpose: 'MEMBER_MANAGEMENT' },
    );
    expect(codes(tried)).to.deep.equal(['PURPOSE_DENIED']);
    const alice = await login(t.url, 'alice');
    type Entry = { accessorKind: string; fields: string[]; denied: { field: string; code: string }[] };
    const res = await gql<{ me: { accessHistory: { edges: { node: Entry }[] } } }>(
      t.url,
      '{ me { accessHistory(first: 2) { edges { node { accessorKind fields denied { field code } } } } } }',
      {},
      { token: alice, purpose: 'SELF_SERVICE' },
    );
    expect(res.data!.me.accessHistory.edges[0]!.node).to.deep.equal({
      accessorKind: 'STAFF',
      fields: [],
      denied: [{ field: 'cardNumber', code: 'PURPOSE_DENIED' }],
    });
  });

  it('keeps a member’s access history from everyone else', async () => {
    const res = await gql(
      t.url,
      `{ member(id: "${ids.alice}") { accessHistory(first: 5) { edges { cursor } } } }`,
      {},
      { token: cs, purpose: 'MEMBER_MANAGEMENT' },
    );
    expect(codes(res)).to.deep.equal(['PURPOSE_DENIED']);
  });

  it('lets the privacy officer search the log, and logs the search', async () => {
    const po = await login(t.url, 'privacy-officer');
    const since = await lastSeq();
    const res = await gql<{
      accessLogs: { edges: { node: { memberId: string; accessorKind: string } }[]; pageInfo: { hasNextPage: boolean } };
    }>(
      t.url,
      'query($m: ID) { accessLogs(filter: { memberId: $m, action: "PROVIDE" }, first: 10) { edges { node { memberId accessorKind action hash } } pageInfo { hasNextPage } } }',
      { m: ids.alice },
      { token: po, purpose: 'MEMBER_MANAGEMENT' },
    );
    expect(res.data!.accessLogs.edges.length).to.be.greaterThan(0);
    expect(
      res.data!.accessLogs.edges.every((e) => e.node.memberId === ids.alice && e.node.accessorKind === 'CONSIGNEE'),
    ).to.equal(true);
    const logged = await newRows(since);
    expect(logged.map((r) => [r.memberId, r.fields])).to.deep.equal([[ids.alice, ['accessLogs']]]);
    const denied = await gql(
      t.url,
      '{ accessLogs(first: 1) { edges { cursor } } }',
      {},
      { token: cs, purpose: 'MEMBER_MANAGEMENT' },
    );
    expect(codes(denied)).to.deep.equal(['FORBIDDEN']);
  });

  it('refuses a filter the log can never match (BAD_USER_INPUT naming it) instead of answering "nothing found"', async () => {
    const po = await login(t.url, 'privacy-officer');
    const since = await lastSeq();
    const search = (filter: string) =>
      gql(
        t.url,
        `{ accessLogs(filter: ${filter}, first: 1) { edges { cursor } } }`,
        {},
        { token: po, purpose: 'MEMBER_MANAGEMENT' },
      );
    const argumentOf = async (filter: string) =>
      (await search(filter)).errors?.map((e) => [e.extensions?.code, e.extensions?.field]);
    expect(await argumentOf('{ action: "view" }')).to.deep.equal([['BAD_USER_INPUT', 'filter.action']]);
    expect(await argumentOf('{ purpose: "ADS" }')).to.deep.equal([['BAD_USER_INPUT', 'filter.purpose']]);
    expect(await argumentOf('{ from: "last week" }')).to.deep.equal([['BAD_USER_INPUT', 'filter.from']]);
    expect(await argumentOf('{ to: "soon" }')).to.deep.equal([['BAD_USER_INPUT', 'filter.to']]);
    expect(await newRows(since)).to.deep.equal([]);
    const found = await search('{ action: "VIEW", purpose: "MEMBER_MANAGEMENT" }');
    expect(found.errors).to.equal(undefined);
  });

  it('flags unusual volume and downloads in the monthly review', async () => {
    const po = await login(t.url, 'privacy-officer');
    const month = new Date().toISOString().slice(0, 7);
    const res = await gql<{
      accessReview: {
        hourlyThreshold: number;
        accessors: { accessorRole: string | null; peakMembersPerHour: number; flags: string[] }[];
      };
    }>(
      t.url,
      'query($m: String!) { accessReview(month: $m) { hourlyThreshold accessors { accessorKind accessorRole rows distinctMembers peakMembersPerHour downloads flags } } }',
      { m: month },
      { token: po, purpose: 'MEMBER_MANAGEMENT' },
    );
    expect(res.data!.accessReview.hourlyThreshold).to.equal(2);
    const agent = res.data!.accessReview.accessors.find((a) => a.accessorRole === 'CS_AGENT')!;
    // alice, bob and minji; jun's fields were all refused (guardian consent pending), so jun was not read.
    expect(agent.peakMembersPerHour).to.equal(3);
    expect(agent.flags).to.deep.equal(['UNUSUAL_VOLUME']);
    expect(
      codes(
        await gql(
          t.url,
          '{ accessReview(month: "2026-13") { month } }',
          {},
          { token: po, purpose: 'MEMBER_MANAGEMENT' },
        ),
      ),
    ).to.deep.equal(['BAD_USER_INPUT']);
  });

  it('leaves an unbroken chain of exactly 200 request rows after 200 concurrent requests', async () => {
    const since = await lastSeq();
    const tokens = await Promise.all(['alice', 'bob', 'minji'].map((l) => login(t.url, l)));
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        gql(t.url, '{ me { name } }', {}, { token: tokens[i % 3], purpose: 'SELF_SERVICE' }),
      ),
    );
    expect(responses.every((r) => r.status === 200 && !r.errors)).to.equal(true);
    const rows = await newRows(since);
    expect(rows).to.have.length(200);
    expect(new Set(rows.map((r) => r.requestId)).size).to.equal(200);
    const verified = await verifyChain(knex(), t.gateway.services.keys.verifyKey, 37);
    expect(verified.ok).to.equal(true);
  });

  describe('when the log cannot be written', () => {
    const blockSql = () =>
      dialectOf(t.config) === 'sqlite'
        ? ["CREATE TRIGGER block_log BEFORE INSERT ON access_log BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"]
        : [
            "CREATE FUNCTION block_log() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$ LANGUAGE plpgsql",
            'CREATE TRIGGER block_log BEFORE INSERT ON access_log FOR EACH ROW EXECUTE FUNCTION block_log()',
          ];
    const unblockSql = () =>
      dialectOf(t.config) === 'sqlite'
        ? ['DROP TRIGGER block_log']
        : ['DROP TRIGGER block_log ON access_log', 'DROP FUNCTION block_log()'];
    before(async () => {
      for (const s of blockSql()) await knex().raw(s);
    });
    after(async () => {
      for (const s of unblockSql()) await knex().raw(s);
    });

    it('withholds every personal value with AUDIT_UNAVAILABLE and keeps the rest', async () => {
      const alice = await login(t.url, 'alice');
      const res = await gql<{ me: Record<string, unknown> }>(
        t.url,
        '{ me { id name email phone bankAccount } privacyOfficer { name } }',
        {},
        { token: alice, purpose: 'SELF_SERVICE' },
      );
      const body = JSON.stringify(res);
      expect(res.status).to.equal(200);
      for (const value of ['Alice Kim', 'alice@example.com', '010-1234-5678', '6789'])
        expect(body).to.not.include(value);
      expect(res.data!.me).to.deep.include({ name: null, email: null, phone: null, bankAccount: null });
      expect(codes(res).filter((c) => c === 'AUDIT_UNAVAILABLE')).to.have.length(4);
      expect((res.data as unknown as { privacyOfficer: { name: string } }).privacyOfficer.name).to.equal('Hana Yoon');
    });

    it('withholds the values members asked to correct, listed for customer service', async () => {
      await knex()('correction_request').insert({
        id: '00000000-0000-4000-8000-00000000c0de',
        member_id: ids.bob,
        field: 'phone',
        new_value: '010-9999-8888',
        reason: 'New number',
        status: 'OPEN',
        requested_at: new Date(),
        resolved_at: null,
      });
      const res = await gql(
        t.url,
        '{ openCorrections { memberId field newValue } }',
        {},
        { token: cs, purpose: 'MEMBER_MANAGEMENT' },
      );
      expect(JSON.stringify(res.data)).to.not.include('010-9999-8888');
      expect(codes(res)).to.deep.equal(['AUDIT_UNAVAILABLE']);
      await knex()('correction_request').where({ id: '00000000-0000-4000-8000-00000000c0de' }).del();
    });

    it('§10 withholds the monthly review and log searches, which name members, when their rows cannot be written', async () => {
      const po = await login(t.url, 'privacy-officer');
      const month = new Date().toISOString().slice(0, 7);
      const review = await gql(
        t.url,
        '{ accessReview(month: "' + month + '") { accessors { accessorName } } }',
        {},
        { token: po, purpose: 'MEMBER_MANAGEMENT' },
      );
      expect(JSON.stringify(review.data ?? null)).to.not.include('Alice Kim');
      expect(codes(review)).to.include('AUDIT_UNAVAILABLE');
      const search = await gql(
        t.url,
        '{ accessLogs(first: 50) { edges { node { accessorName clientIp } } } }',
        {},
        { token: po, purpose: 'MEMBER_MANAGEMENT' },
      );
      expect(JSON.stringify(search.data ?? null)).to.not.include('Alice Kim');
      expect(codes(search)).to.include('AUDIT_UNAVAILABLE');
    });

    it('withholds list reads too', async () => {
      const res = await gql(
        t.url,
        '{ members(first: 10) { edges { node { name email } } } }',
        {},
        { token: cs, purpose: 'MEMBER_MANAGEMENT' },
      );
      const body = JSON.stringify(res.data);
      for (const value of ['Alice Kim', 'bob@example.com', 'Minji']) expect(body).to.not.include(value);
      expect(codes(res)).to.include('AUDIT_UNAVAILABLE');
    });
  });

  it('recovers once the log can be written again, with the chain intact', async () => {
    const alice = await login(t.url, 'alice');
    const res = await gql<{ me: { name: string } }>(
      t.url,
      '{ me { name } }',
      {},
      { token: alice, purpose: 'SELF_SERVICE' },
    );
    expect(res.data!.me.name).to.equal('Alice Kim');
    expect((await verifyChain(knex(), t.gateway.services.keys.verifyKey)).ok).to.equal(true);
  });

  describe('tamper evidence', () => {
    const snapshot = async () => (await knex()('access_log').select('*').orderBy('seq')) as AccessLogRow[];
    const restore = async (rows: AccessLogRow[]) => {
      await knex()('access_log').del();
      const asText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
      const raw = rows.map((r) => ({ ...r, fields: asText(r.fields), denied: asText(r.denied) }));
      for (let i = 0; i < raw.length; i += 100) await knex()('access_log').insert(raw.slice(i, i + 100));
    };

    it('detects an edited row', async () => {
      const rows = await snapshot();
      const victim = rows[3]!;
      await knex()('access_log')
        .where({ seq: victim.seq })
        .update({ fields: JSON.stringify(['name']) });
      const result = await verifyChain(knex(), t.gateway.services.keys.verifyKey);
      await restore(rows);
      expect(result).to.deep.include({ ok: false, brokenAt: victim.seq });
    });

    it('detects a deleted row', async () => {
      const rows = await snapshot();
      const victim = rows[5]!;
      await knex()('access_log').where({ seq: victim.seq }).del();
      const result = await verifyChain(knex(), t.gateway.services.keys.verifyKey);
      await restore(rows);
      expect(result).to.deep.include({ ok: false, brokenAt: rows[6]!.seq });
    });

    it('detects reordered rows', async () => {
      const rows = await snapshot();
      const [a, b] = [rows[7]!, rows[8]!];
      const content = (r: AccessLogRow) => {
        const { seq: _s, ...rest } = r;
        return rest;
      };
      await knex()('access_log').where({ seq: a.seq }).del();
      await knex()('access_log').where({ seq: b.seq }).del();
      const asText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
      const raw = (r: AccessLogRow) => ({ ...content(r), fields: asText(r.fields), denied: asText(r.denied) });
      await knex()('access_log').insert([{ seq: a.seq, ...raw(b), prev_hash: `x${a.prev_hash}`.slice(0, 64) }]);
      await knex()('access_log').insert([{ seq: b.seq, ...raw(a) }]);
      await knex()('access_log').where({ seq: a.seq }).update({ prev_hash: b.prev_hash });
      const result = await verifyChain(knex(), t.gateway.services.keys.verifyKey);
      await restore(rows);
      expect(result).to.deep.include({ ok: false, brokenAt: a.seq });
    });

    it('detects truncation against a signed checkpoint', async () => {
      const { keys } = t.gateway.services;
      const signed = (await signCheckpoint(knex(), keys, new Date()))!;
      expect(await checkCheckpoint(knex(), keys, signed.jws)).to.deep.include({ ok: true });
      const rows = await snapshot();
      await knex()('access_log')
        .where('seq', '>=', signed.checkpoint.seq - 2)
        .del();
      const chain = await verifyChain(knex(), t.gateway.services.keys.verifyKey);
      const check = await checkCheckpoint(knex(), keys, signed.jws);
      await restore(rows);
      expect(chain.ok, 'a truncated chain still links').to.equal(true);
      expect(check).to.deep.include({ ok: false });
      expect(await checkCheckpoint(knex(), keys, `${signed.jws.slice(0, -4)}AAAA`)).to.deep.include({ ok: false });
    });
  });
});
