import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { clientToken, codes, gql, login, type Caller } from '../helpers/http';
import { errorSet, memberIds } from '../lifecycle/support';
import { ms } from '../lawful-request/support';
import { MAX_ATTEMPTS, backoff, deliverCorrectionNotices, signature } from '../../src/modules/provision/webhooks';

const REQUEST =
  'mutation RequestCorrection($f: String!, $v: String!) { requestCorrection(field: $f, newValue: $v, reason: "It changed") { id status } }';
const COMPLETE = 'mutation Complete($id: ID!) { completeCorrection(id: $id) { id status } }';
const REJECT = 'mutation Reject($id: ID!) { rejectCorrection(id: $id) { id status } }';
const COMPLETE_MINE =
  'mutation CompleteMine($id: ID!) { completeMyCorrection(id: $id, password: "demo-password") { id status } }';
const NOTICES =
  'query Notices($after: String, $first: Int) { correctionNotices(after: $after, first: $first) { cursor noticeId memberId field correctedAt } }';

type Notice = { cursor: string; noticeId: string; memberId: string; field: string; correctedAt: string };

/** Environment of these suites: the gateway's own delivery timer is off, so the test alone drives deliveries. */
const ENV = { JOBS_INTERVAL_SECONDS: '0', RETENTION_INTERVAL_MINUTES: '0' };

describe('§13 correction notices (pull)', () => {
  let t: TestGateway;
  let ids: Record<string, string>;
  let tokens: Record<string, string>;
  let clients: Record<string, string>;
  before(async () => {
    t = await startGateway({ env: ENV });
    ids = await memberIds(t);
    const rows = (await knex()('api_client').select('id', 'client_id')) as { id: string; client_id: string }[];
    clients = Object.fromEntries(rows.map((r) => [r.client_id, r.id]));
    tokens = {};
    for (const who of ['alice', 'bob', 'cs-agent']) tokens[who] = await login(t.url, who);
    for (const who of ['courier', 'pg', 'partner-ads', 'hosting']) tokens[who] = await clientToken(t.url, who);
  });
  after(() => t.stop());

  const knex = () => t.gateway.services.knex;
  const self = (who: string): Caller => ({ token: tokens[who], purpose: 'SELF_SERVICE' });
  const cs: Caller = {
    get token() {
      return tokens['cs-agent'];
    },
    purpose: 'MEMBER_MANAGEMENT',
  };
  const notices = async (who: string, after?: string, first?: number): Promise<Notice[]> => {
    const res = await gql<{ correctionNotices: Notice[] }>(t.url, NOTICES, { after, first }, { token: tokens[who] });
    expect(res.errors, JSON.stringify(res.errors)).to.equal(undefined);
    return res.data!.correctionNotices;
  };
  const readAlice = (who: string, purpose: string, fields: string) =>
    gql<{ member: Record<string, string | null> }>(
      t.url,
      `query($id: ID!) { member(id: $id) { ${fields} } }`,
      { id: ids.alice },
      { token: tokens[who], purpose },
    );
  /** The member `who` asks for a correction; customer service (or the member, with `mine`) completes it. */
  const correct = async (who: string, field: string, value: string, how: 'cs' | 'mine' | 'reject' = 'cs') => {
    const req = await gql<{ requestCorrection: { id: string } }>(t.url, REQUEST, { f: field, v: value }, self(who));
    expect(req.errors, JSON.stringify(req.errors)).to.equal(undefined);
    const id = req.data!.requestCorrection.id;
    const res =
      how === 'cs'
        ? await gql(t.url, COMPLETE, { id }, cs)
        : how === 'reject'
          ? await gql(t.url, REJECT, { id }, cs)
          : await gql(t.url, COMPLETE_MINE, { id }, self(who));
    expect(res.errors, JSON.stringify(res.errors)).to.equal(undefined);
    return id;
  };
  let phoneCursor: string;

  it('recipients receive alice’s values: courier her name, phone and address, partner-ads and pg her name only', async () => {
    expect((await readAlice('courier', 'ORDER_FULFILLMENT', 'name phone address')).data!.member).to.deep.equal({
      name: 'Alice Kim',
      phone: '010-1234-5678',
      address: '1 Teheran-ro, Gangnam-gu, Seoul',
    });
    expect((await readAlice('partner-ads', 'MARKETING', 'name')).data!.member).to.deep.equal({ name: 'Alice Kim' });
    expect((await readAlice('pg', 'PAYMENT_SETTLEMENT', 'name')).data!.member).to.deep.equal({ name: 'Alice Kim' });
    for (const who of ['courier', 'partner-ads', 'pg']) expect(await notices(who), who).to.deep.equal([]);
  });

  it('is for partners and consignees only', async () => {
    expect(codes(await gql(t.url, NOTICES, {}, self('alice')))).to.deep.equal(['FORBIDDEN']);
    expect(codes(await gql(t.url, NOTICES, {}, cs))).to.deep.equal(['FORBIDDEN']);
    expect(codes(await gql(t.url, NOTICES))).to.deep.equal(['UNAUTHENTICATED']);
  });

  it('refuses a malformed cursor or page size with BAD_USER_INPUT', async () => {
    for (const vars of [{ after: 'abc' }, { after: '-1' }, { after: '1.5' }, { first: 0 }, { first: 101 }]) {
      expect(codes(await gql(t.url, NOTICES, vars, { token: tokens.courier })), JSON.stringify(vars)).to.deep.equal([
        'BAD_USER_INPUT',
      ]);
    }
  });

  it('holds alice’s phone from the courier while its correction is open, and records no provision of it', async () => {
    await gql(t.url, REQUEST, { f: 'phone', v: '010-9999-0000' }, self('alice'));
    const before = Number((await knex()('provision').count({ n: '*' }).first())?.n);
    const res = await readAlice('courier', 'ORDER_FULFILLMENT', 'phone');
    expect(res.data!.member).to.deep.equal({ phone: null });
    expect(errorSet(res)).to.deep.equal(['member.phone UNDER_CORRECTION']);
    expect(Number((await knex()('provision').count({ n: '*' }).first())?.n)).to.equal(before);
  });

  it('after customer service completes alice’s phone correction, notifies the courier (which received her phone) and no one else', async () => {
    const open = (
      await knex()('correction_request').first('id').where({ member_id: ids.alice, field: 'phone', status: 'OPEN' })
    ).id as string;
    const started = Date.now();
    const done = await gql(t.url, COMPLETE, { id: open }, cs);
    expect(done.errors).to.equal(undefined);

    const courier = await notices('courier');
    expect(courier).to.have.length(1);
    expect(courier[0]).to.deep.include({ memberId: ids.alice, field: 'phone' });
    expect(courier[0]!.noticeId).to.match(/^[0-9a-f-]{36}$/);
    expect(Date.parse(courier[0]!.correctedAt)).to.be.within(started - 1000, Date.now() + 1000);
    expect(JSON.stringify(courier)).to.not.include('010-');
    phoneCursor = courier[0]!.cursor;
    expect(await notices('partner-ads'), 'partner-ads never received her phone').to.deep.equal([]);
    expect(await notices('pg'), 'pg never received her phone').to.deep.equal([]);
    expect(await notices('hosting')).to.deep.equal([]);
    const rows = await knex()('correction_notice').select('recipient_id', 'correction_id', 'member_id', 'field');
    expect(rows).to.deep.equal([
      { recipient_id: clients.courier, correction_id: open, member_id: ids.alice, field: 'phone' },
    ]);
  });

  it('gives the courier the corrected phone when it reads alice again', async () => {
    const res = await readAlice('courier', 'ORDER_FULFILLMENT', 'phone');
    expect(res.errors).to.equal(undefined);
    expect(res.data!.member.phone).to.equal('010-9999-0000');
  });

  it('returns only newer notices after a cursor: none after the last one', async () => {
    expect(await notices('courier', phoneCursor)).to.deep.equal([]);
  });

  it('notifies every recipient of a field it received (name: courier, partner-ads, pg), after the cursor only the new one', async () => {
    await correct('alice', 'name', 'Alice Kim-Lee');
    const newer = await notices('courier', phoneCursor);
    expect(newer.map((n) => [n.memberId, n.field])).to.deep.equal([[ids.alice, 'name']]);
    expect(await notices('courier', newer[0]!.cursor), 'nothing after the newest').to.deep.equal([]);
    const all = await notices('courier');
    expect(
      all.map((n) => n.field),
      'oldest first',
    ).to.deep.equal(['phone', 'name']);
    expect((await notices('courier', undefined, 1)).map((n) => n.field)).to.deep.equal(['phone']);
    for (const who of ['partner-ads', 'pg'])
      expect(
        (await notices(who)).map((n) => [n.memberId, n.field]),
        who,
      ).to.deep.equal([[ids.alice, 'name']]);
    const ids_ = new Set([...all, ...(await notices('partner-ads')), ...(await notices('pg'))].map((n) => n.noticeId));
    expect(ids_.size, 'one notice id per recipient and correction').to.equal(4);
    expect(await notices('hosting')).to.deep.equal([]);
  });

  it('still reads a cursor kept from before cursors were opaque: the notice’s seq in decimal', async () => {
    const [phone, name] = await notices('courier');
    const { seq } = await knex()('correction_notice').first('seq').where({ notice_id: phone!.noticeId });
    expect(phone!.cursor, 'cursors are opaque now').to.not.equal(String(seq));
    expect(await notices('courier', String(seq))).to.deep.equal([name]);
    expect(await notices('courier', '0')).to.deep.equal([phone, name]);
  });

  it('sends nothing for a field no recipient received (email), nor for a rejected correction', async () => {
    const before = await knex()('correction_notice').count({ n: '*' }).first();
    await correct('alice', 'email', 'alice.kim@example.com');
    await correct('alice', 'address', '9 Other-ro, Seoul', 'reject');
    expect(await knex()('correction_notice').count({ n: '*' }).first()).to.deep.equal(before);
    expect(await notices('courier', (await notices('courier')).at(-1)!.cursor)).to.deep.equal([]);
  });

  it('notifies when the member completes her own correction too (address, received by the courier)', async () => {
    const last = (await notices('courier')).at(-1)!.cursor;
    await correct('alice', 'address', '5 New-ro, Seoul', 'mine');
    expect((await notices('courier', last)).map((n) => [n.memberId, n.field])).to.deep.equal([[ids.alice, 'address']]);
    expect((await notices('partner-ads')).map((n) => n.field)).to.deep.equal(['name']);
  });

  it('sends the courier nothing for bob’s corrections: it never received bob’s data', async () => {
    const before = await knex()('correction_notice').count({ n: '*' }).first();
    await correct('bob', 'phone', '010-5555-6666');
    await correct('bob', 'name', 'Bob Lee-Park');
    expect(await knex()('correction_notice').count({ n: '*' }).first()).to.deep.equal(before);
    expect((await notices('courier')).every((n) => n.memberId === ids.alice)).to.equal(true);
  });
});

/** A local webhook receiver: records every request, answers with the next queued status (200 when none). */
function receiver() {
  const requests: { headers: http.IncomingHttpHeaders; body: string; method: string }[] = [];
  const statuses: number[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => {
      requests.push({ headers: req.headers, body, method: req.method ?? '' });
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
  });
  return {
    requests,
    statuses,
    start: () =>
      new Promise<string>((resolve) =>
        server.listen(0, '127.0.0.1', () =>
          resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/corrections`),
        ),
      ),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('§13 correction notices (webhook)', () => {
  const SECRET = 'courier-webhook-secret-0123456789';
  let t: TestGateway;
  let ids: Record<string, string>;
  let clients: Record<string, string>;
  let hook: ReturnType<typeof receiver>;
  let courierNotice: { notice_id: string; seq: number; created_at: unknown };
  let t0: number;
  before(async () => {
    t = await startGateway({ env: ENV });
    ids = await memberIds(t);
    const rows = (await knex()('api_client').select('id', 'client_id')) as { id: string; client_id: string }[];
    clients = Object.fromEntries(rows.map((r) => [r.client_id, r.id]));
    hook = receiver();
    const url = await hook.start();
    await knex()('api_client').where({ client_id: 'courier' }).update({ webhook_url: url, webhook_secret: SECRET });

    const [courier, partner, alice, cs] = [
      await clientToken(t.url, 'courier'),
      await clientToken(t.url, 'partner-ads'),
      await login(t.url, 'alice'),
      await login(t.url, 'cs-agent'),
    ];
    await gql(
      t.url,
      'query($id: ID!) { member(id: $id) { name phone } }',
      { id: ids.alice },
      { token: courier, purpose: 'ORDER_FULFILLMENT' },
    );
    await gql(
      t.url,
      'query($id: ID!) { member(id: $id) { name } }',
      { id: ids.alice },
      { token: partner, purpose: 'MARKETING' },
    );
    const req = await gql<{ requestCorrection: { id: string } }>(
      t.url,
      REQUEST,
      { f: 'name', v: 'Alice Kim-Lee' },
      { token: alice, purpose: 'SELF_SERVICE' },
    );
    const done = await gql(
      t.url,
      COMPLETE,
      { id: req.data!.requestCorrection.id },
      { token: cs, purpose: 'MEMBER_MANAGEMENT' },
    );
    expect(done.errors).to.equal(undefined);
    courierNotice = await knex()('correction_notice')
      .first('notice_id', 'seq', 'created_at')
      .where({ recipient_id: clients.courier });
    t0 = Date.now() + 1000;
  });
  after(async () => {
    await hook.stop();
    await t.stop();
  });

  const knex = () => t.gateway.services.knex;
  const state = async (recipient: string) => {
    const r = await knex()('correction_notice')
      .first('notice_id', 'attempts', 'next_attempt_at', 'delivered_at', 'last_error')
      .where({ recipient_id: clients[recipient] });
    return {
      noticeId: r.notice_id as string,
      attempts: Number(r.attempts),
      nextAttemptAt: r.next_attempt_at == null ? null : ms(r.next_attempt_at),
      deliveredAt: r.delivered_at == null ? null : ms(r.delivered_at),
      lastError: r.last_error as string | null,
    };
  };
  const checkSigned = (request: { headers: http.IncomingHttpHeaders; body: string }, at: number) => {
    const timestamp = String(request.headers['x-gateway-timestamp']);
    expect(timestamp).to.equal(String(Math.floor(at / 1000)));
    const expected = `sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${request.body}`).digest('hex')}`;
    expect(
      request.headers['x-gateway-signature'],
      'HMAC-SHA256 of `${timestamp}.${body}` under the webhook secret',
    ).to.equal(expected);
    expect(signature(SECRET, timestamp, request.body)).to.equal(expected);
    expect(request.headers['x-gateway-signature']).to.not.equal(signature('another-secret', timestamp, request.body));
  };

  it('queues one notice per recipient, due at once and not yet delivered', async () => {
    expect(await state('courier')).to.deep.include({ attempts: 0, deliveredAt: null, lastError: null });
    expect(await state('partner-ads')).to.deep.include({ attempts: 0, deliveredAt: null, lastError: null });
  });

  it('on a 500 from the receiver: attempts 1, the next attempt moved by the backoff, the error kept, not delivered', async () => {
    hook.statuses.push(500);
    expect(await deliverCorrectionNotices(knex(), new Date(t0))).to.equal(0);
    expect(hook.requests).to.have.length(1);
    const first = hook.requests[0]!;
    expect(first.method).to.equal('POST');
    expect(first.headers['content-type']).to.match(/^application\/json/);
    expect(first.headers['idempotency-key']).to.equal(courierNotice.notice_id);
    checkSigned(first, t0);
    expect(await state('courier')).to.deep.equal({
      noticeId: courierNotice.notice_id,
      attempts: 1,
      nextAttemptAt: t0 + backoff(1),
      deliveredAt: null,
      lastError: 'HTTP 500',
    });
    expect(backoff(1)).to.equal(30_000);
    expect(await state('partner-ads'), 'a recipient without a webhook is only pulled').to.deep.include({
      attempts: 0,
      deliveredAt: null,
    });
  });

  it('does not retry before next_attempt_at', async () => {
    expect(await deliverCorrectionNotices(knex(), new Date(t0 + 10_000))).to.equal(0);
    expect(hook.requests).to.have.length(1);
    expect(await state('courier')).to.deep.include({ attempts: 1, nextAttemptAt: t0 + 30_000 });
  });

  it('backs off further after a second failure', async () => {
    const t1 = t0 + 30_000;
    hook.statuses.push(503);
    expect(await deliverCorrectionNotices(knex(), new Date(t1))).to.equal(0);
    expect(hook.requests).to.have.length(2);
    expect(await state('courier')).to.deep.include({
      attempts: 2,
      nextAttemptAt: t1 + backoff(2),
      deliveredAt: null,
      lastError: 'HTTP 503',
    });
    expect(backoff(2)).to.equal(60_000);
  });

  it('delivers on a later run past next_attempt_at: same notice id, signed body, delivered_at and attempts recorded', async () => {
    const t2 = t0 + 30_000 + 60_000 + 1000;
    expect(await deliverCorrectionNotices(knex(), new Date(t2))).to.equal(1);
    expect(hook.requests).to.have.length(3);
    const last = hook.requests[2]!;
    expect(new Set(hook.requests.map((r) => r.headers['idempotency-key']))).to.deep.equal(
      new Set([courierNotice.notice_id]),
    );
    checkSigned(last, t2);
    const body = JSON.parse(last.body) as Record<string, unknown>;
    expect(body).to.deep.equal({
      noticeId: courierNotice.notice_id,
      memberId: ids.alice,
      field: 'name',
      change: 'CORRECTED',
      correctedAt: new Date(ms(courierNotice.created_at)).toISOString(),
    });
    expect(last.body, 'the notice never carries a value').to.not.match(/Alice|Kim/);
    expect(
      hook.requests.map((r) => r.body),
      'the same body every attempt',
    ).to.deep.equal([last.body, last.body, last.body]);
    expect(await state('courier')).to.deep.include({
      noticeId: courierNotice.notice_id,
      attempts: 3,
      deliveredAt: t2,
      lastError: null,
    });
  });

  it('sends a delivered notice no more', async () => {
    expect(await deliverCorrectionNotices(knex(), new Date(t0 + 86_400_000))).to.equal(0);
    expect(hook.requests).to.have.length(3);
  });

  it('keeps the error of an unreachable receiver and retries later', async () => {
    const closed = receiver();
    const url = await closed.start();
    await closed.stop();
    await knex()('api_client').where({ client_id: 'partner-ads' }).update({ webhook_url: url, webhook_secret: SECRET });
    const at = t0 + 2 * 86_400_000;
    expect(await deliverCorrectionNotices(knex(), new Date(at), { timeoutMs: 2000 })).to.equal(0);
    const s = await state('partner-ads');
    expect(s).to.deep.include({ attempts: 1, nextAttemptAt: at + 30_000, deliveredAt: null });
    expect(s.lastError).to.be.a('string').and.not.equal('');
    const working = (await knex()('api_client').first('webhook_url').where({ client_id: 'courier' }))
      .webhook_url as string;
    await knex()('api_client').where({ client_id: 'partner-ads' }).update({ webhook_url: working });
    expect(await deliverCorrectionNotices(knex(), new Date(at + 30_000))).to.equal(1);
    expect(hook.requests.at(-1)!.headers['idempotency-key']).to.equal(s.noticeId);
    expect(await state('partner-ads')).to.deep.include({ attempts: 2, deliveredAt: at + 30_000, lastError: null });
  });

  it('gives up pushing after MAX_ATTEMPTS failures, and the notice can still be pulled', async () => {
    const [alice, cs, courier] = [
      await login(t.url, 'alice'),
      await login(t.url, 'cs-agent'),
      await clientToken(t.url, 'courier'),
    ];
    const req = await gql<{ requestCorrection: { id: string } }>(
      t.url,
      REQUEST,
      { f: 'phone', v: '010-7777-8888' },
      { token: alice, purpose: 'SELF_SERVICE' },
    );
    expect(
      (await gql(t.url, COMPLETE, { id: req.data!.requestCorrection.id }, { token: cs, purpose: 'MEMBER_MANAGEMENT' }))
        .errors,
    ).to.equal(undefined);
    const notice = await knex()('correction_notice')
      .first('notice_id', 'seq')
      .where({ recipient_id: clients.courier, field: 'phone' });
    const sent = hook.requests.length;
    let at = t0 + 10 * 86_400_000;
    for (let i = 1; i <= MAX_ATTEMPTS; i++) {
      hook.statuses.push(500);
      expect(await deliverCorrectionNotices(knex(), new Date(at))).to.equal(0);
      const row = await knex()('correction_notice').first('attempts', 'next_attempt_at').where({ seq: notice.seq });
      expect(Number(row.attempts)).to.equal(i);
      if (i < MAX_ATTEMPTS) {
        expect(ms(row.next_attempt_at), `after attempt ${i}`).to.equal(at + backoff(i));
        at = ms(row.next_attempt_at);
      } else {
        expect(row.next_attempt_at, 'no further attempt').to.equal(null);
      }
    }
    expect(hook.requests.length - sent).to.equal(MAX_ATTEMPTS);
    expect(hook.requests.slice(sent).every((r) => r.headers['idempotency-key'] === notice.notice_id)).to.equal(true);
    hook.statuses.length = 0;
    expect(await deliverCorrectionNotices(knex(), new Date(at + 365 * 86_400_000))).to.equal(0);
    expect(hook.requests.length - sent).to.equal(MAX_ATTEMPTS);
    const pulled = await gql<{ correctionNotices: Notice[] }>(t.url, NOTICES, {}, { token: courier });
    expect(pulled.data!.correctionNotices.map((n) => n.noticeId)).to.include(notice.notice_id);
  });
});
