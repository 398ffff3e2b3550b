import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { codes, gql, login, oauth, type Caller } from '../helpers/http';
import { counts } from '../lifecycle/support';
import {
  checkWebhookUrl,
  guardedLookup,
  isForbiddenAddress,
  postWebhook,
} from '../../src/modules/provision/webhook-target';

const SECRET = '0123456789abcdef0123456789abcdef';

/** A clock the test moves: expiries are decided on the gateway's clock. */
const clock = {
  at: Date.now(),
  now() {
    return new Date(this.at);
  },
};

describe('§6 §9 administration: partners, consignees, webhooks and entrusted work', () => {
  let t: TestGateway;
  let admin: Caller;
  before(async () => {
    t = await startGateway({ clock });
    admin = { token: await login(t.url, 'admin'), purpose: 'ADMINISTRATION' };
  });
  after(() => t.stop());

  const registerConsignee = async (clientId: string, fields = '["name", "phone", "address"]') =>
    gql<{ registerConsignee: { clientSecret: string; client: { clientId: string; fields: string[] } } }>(
      t.url,
      `mutation {
      registerConsignee(clientId: "${clientId}", name: "${clientId} Co.", task: "Delivery of ordered goods", purposes: ["ORDER_FULFILLMENT"],
        fields: ${fields}) { clientSecret client { clientId kind fields purposes task active } } }`,
      {},
      admin,
    );

  it('registers a partner with what the policy publishes about it; the secret is shown once and stored hashed', async () => {
    const res = await gql<{ registerPartner: { clientSecret: string; client: Record<string, unknown> } }>(
      t.url,
      `mutation {
      registerPartner(clientId: "news-partner", name: "News Partner Co.", contact: "privacy@news.example", purposes: ["MARKETING"],
        fields: ["name", "email"], purposeOfUse: "Newsletters", retentionPeriod: "1 year") {
        clientSecret client { clientId kind name contact purposes fields purposeOfUse retentionPeriod active } } }`,
      {},
      admin,
    );
    expect(res.errors).to.equal(undefined);
    expect(res.data!.registerPartner.client).to.deep.equal({
      clientId: 'news-partner',
      kind: 'PARTNER',
      name: 'News Partner Co.',
      contact: 'privacy@news.example',
      purposes: ['MARKETING'],
      fields: ['name', 'email'],
      purposeOfUse: 'Newsletters',
      retentionPeriod: '1 year',
      active: true,
    });
    const secret = res.data!.registerPartner.clientSecret;
    const stored = JSON.stringify(
      await t.gateway.services.knex('api_client').first('*').where({ client_id: 'news-partner' }),
    );
    expect(stored).not.to.include(secret);
    expect((await oauth(t.url, 'news-partner', secret)).token).to.be.a('string');
  });

  it('a partner receives only its listed fields, even where its purpose could read more', async () => {
    const { knex } = t.gateway.services;
    const alice = (await knex('member').first('id').where({ login_id: 'alice' })).id as string;
    const id = (await knex('api_client').first('id').where({ client_id: 'partner-ads' })).id as string;
    await knex('api_client')
      .where({ id })
      .update({ entrusted_fields: JSON.stringify(['name']) });
    // §6: the narrowed registration is served once a policy version names it so.
    const po = await login(t.url, 'privacy-officer');
    const published = await gql(
      t.url,
      'mutation($d: String!) { publishPolicyVersion(enforcedFrom: $d, requiresReconsent: false) { version } }',
      { d: new Date(clock.at).toISOString().slice(0, 10) },
      { token: po, purpose: 'MEMBER_MANAGEMENT' },
    );
    expect(published.errors).to.equal(undefined);
    const token = (await oauth(t.url, 'partner-ads', 'demo-password')).token!;
    const res = await gql(
      t.url,
      'query($id: ID!) { member(id: $id) { name email } }',
      { id: alice },
      { token, purpose: 'MARKETING' },
    );
    expect(res.data).to.deep.equal({ member: { name: 'Alice Kim', email: null } });
    expect(res.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).to.deep.equal([
      ['member.email', 'PURPOSE_DENIED'],
    ]);
  });

  it('refuses unknown fields, fields the purposes cannot read, wrong purposes and a taken id, changing nothing', async () => {
    const before = await counts(t, ['api_client', 'access_log']);
    for (const [fields, purposes, id, code, field] of [
      ['["name", "emial"]', '["ORDER_FULFILLMENT"]', 'new-courier', 'BAD_USER_INPUT', 'fields'],
      ['["name", "cardNumber"]', '["ORDER_FULFILLMENT"]', 'new-courier', 'BAD_USER_INPUT', 'fields'],
      ['["constructor"]', '["ORDER_FULFILLMENT"]', 'new-courier', 'BAD_USER_INPUT', 'fields'],
      ['["name"]', '["MARKETING"]', 'new-courier', 'BAD_USER_INPUT', 'purposes'],
      ['["name"]', '["ORDER_FULFILLMENT"]', 'courier', 'CONFLICT', 'clientId'],
    ] as const) {
      const res = await gql(
        t.url,
        `mutation { registerConsignee(clientId: "${id}", name: "N", task: "T", purposes: ${purposes}, fields: ${fields}) { clientSecret } }`,
        {},
        admin,
      );
      expect(codes(res), fields + purposes).to.deep.equal([code]);
      expect(res.errors?.[0]?.extensions?.field).to.equal(field);
    }
    const typo = await registerConsignee('typo-courier', '["name", "emial"]');
    expect(typo.errors?.[0]?.message).to.include('"emial" is not a personal field');
    expect(await counts(t, ['api_client', 'access_log'])).to.deep.equal(before);
  });

  it('rotating a secret without overlap stops the old secret and its tokens at once', async () => {
    const first = (await registerConsignee('rot-courier')).data!.registerConsignee.clientSecret;
    const token = (await oauth(t.url, 'rot-courier', first)).token!;
    const res = await gql<{ rotateClientSecret: { clientSecret: string } }>(
      t.url,
      'mutation { rotateClientSecret(clientId: "rot-courier") { clientSecret } }',
      {},
      admin,
    );
    const second = res.data!.rotateClientSecret.clientSecret;
    expect((await oauth(t.url, 'rot-courier', first)).status).to.equal(401);
    expect((await oauth(t.url, 'rot-courier', second)).token).to.be.a('string');
    const old = await gql(
      t.url,
      '{ members(first: 1) { edges { node { id } } } }',
      {},
      { token, purpose: 'ORDER_FULFILLMENT' },
    );
    expect(codes(old)).to.deep.equal(['UNAUTHENTICATED']);
  });

  it('with an overlap, the old secret works until the overlap ends and not after', async () => {
    const first = (await registerConsignee('lap-courier')).data!.registerConsignee.clientSecret;
    const res = await gql<{
      rotateClientSecret: { clientSecret: string; client: { previousSecretValidUntil: string } };
    }>(
      t.url,
      'mutation { rotateClientSecret(clientId: "lap-courier", overlapSeconds: 3600) { clientSecret client { previousSecretValidUntil } } }',
      {},
      admin,
    );
    expect(new Date(res.data!.rotateClientSecret.client.previousSecretValidUntil).getTime()).to.equal(
      clock.at + 3_600_000,
    );
    expect((await oauth(t.url, 'lap-courier', first)).token).to.be.a('string');
    clock.at += 3_601_000;
    expect((await oauth(t.url, 'lap-courier', first)).status).to.equal(401);
    expect((await oauth(t.url, 'lap-courier', res.data!.rotateClientSecret.clientSecret)).token).to.be.a('string');
    const bad = await gql(
      t.url,
      'mutation { rotateClientSecret(clientId: "lap-courier", overlapSeconds: -1) { clientSecret } }',
      {},
      admin,
    );
    expect(codes(bad)).to.deep.equal(['BAD_USER_INPUT']);
  });

  it('a disabled client stops at once, leaves the published list, and its secret cannot be rotated', async () => {
    const secret = (await registerConsignee('gone-courier')).data!.registerConsignee.clientSecret;
    const token = (await oauth(t.url, 'gone-courier', secret)).token!;
    await gql(t.url, 'mutation { disableClient(clientId: "gone-courier") { active } }', {}, admin);
    expect(
      codes(
        await gql(
          t.url,
          '{ members(first: 1) { edges { node { id } } } }',
          {},
          { token, purpose: 'ORDER_FULFILLMENT' },
        ),
      ),
    ).to.deep.equal(['UNAUTHENTICATED']);
    expect((await oauth(t.url, 'gone-courier', secret)).status).to.equal(401);
    const listed = await gql<{ consignees: { name: string }[] }>(t.url, '{ consignees { name } }');
    expect(listed.data!.consignees.map((c) => c.name)).not.to.include('gone-courier Co.');
    const rotate = await gql(
      t.url,
      'mutation { rotateClientSecret(clientId: "gone-courier") { clientSecret } }',
      {},
      admin,
    );
    expect(codes(rotate)).to.deep.equal(['CONFLICT']);
  });

  it('a webhook needs its secret; production takes only https to public addresses', async () => {
    const noSecret = await gql(
      t.url,
      'mutation { setClientWebhook(clientId: "courier", url: "https://hooks.example/x", secret: "") { webhookUrl } }',
      {},
      admin,
    );
    expect(codes(noSecret)).to.deep.equal(['BAD_USER_INPUT']);
    expect(noSecret.errors?.[0]?.extensions?.field).to.equal('secret');
    const ok = await gql(
      t.url,
      `mutation { setClientWebhook(clientId: "courier", url: "http://127.0.0.1:9/hook", secret: "${SECRET}") { webhookUrl } }`,
      {},
      admin,
    );
    expect(ok.data).to.deep.equal({ setClientWebhook: { webhookUrl: 'http://127.0.0.1:9/hook' } }); // development: loopback allowed
    for (const url of [
      'http://hooks.example/x',
      'https://127.0.0.1/x',
      'https://10.1.2.3/x',
      'https://169.254.169.254/latest',
      'https://[::1]/x',
      'https://[::ffff:7f00:1]/x',
      'https://localhost/x',
      'https://metadata.google.internal/x',
      'https://192.168.0.10/x',
      'https://user:pw@hooks.example/x',
    ]) {
      expect(() => checkWebhookUrl(url, true), url).to.throw();
    }
    expect(checkWebhookUrl('https://hooks.example/x', true).hostname).to.equal('hooks.example');
    expect(['8.8.8.8', '2001:4860:4860::8888'].map(isForbiddenAddress)).to.deep.equal([false, false]);
    expect(
      ['127.0.0.1', '::1', 'fd00:ec2::254', '100.64.0.1', '0.0.0.0', '::ffff:10.0.0.1'].map(isForbiddenAddress),
    ).to.deep.equal([true, true, true, true, true, true]);
  });

  it('at delivery a name that resolves to a forbidden address is refused in production', async () => {
    const server = http.createServer((_req, res) => res.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      expect(await postWebhook(`http://127.0.0.1:${port}/`, {}, '{}', { production: false, timeoutMs: 2000 })).to.equal(
        200,
      );
      const refused = await postWebhook(`https://127.0.0.1:${port}/`, {}, '{}', {
        production: true,
        timeoutMs: 2000,
      }).then(
        () => null,
        (e: Error) => e,
      );
      expect(String(refused)).to.match(/loopback, private/);
      // A name that passed registration is resolved again at delivery: every address it has now is checked.
      const resolved = await new Promise<Error | null>((r) =>
        guardedLookup('localhost', { all: true }, (err) => r(err)),
      );
      expect(String(resolved)).to.match(/resolves to a forbidden address/);
    } finally {
      server.close();
    }
  });

  it('a consignee reads a member only while the entrusted work lasts', async () => {
    const { knex } = t.gateway.services;
    const bob = (await knex('member').first('id').where({ login_id: 'bob' })).id as string;
    const secret = (await registerConsignee('work-courier')).data!.registerConsignee.clientSecret;
    const reader = async () => {
      const token = (await oauth(t.url, 'work-courier', secret)).token!;
      return gql(
        t.url,
        'query($id: ID!) { member(id: $id) { name } }',
        { id: bob },
        { token, purpose: 'ORDER_FULFILLMENT' },
      );
    };
    expect(codes(await reader())).to.deep.equal(['NOT_FOUND']);
    const cs = { token: await login(t.url, 'cs-agent'), purpose: 'ORDER_FULFILLMENT' };
    const work = await gql<{ entrustWork: { id: string; endsAt: string; memberId: string } }>(
      t.url,
      `mutation($m: ID!, $e: String) {
      entrustWork(clientId: "work-courier", memberId: $m, kind: "DELIVERY", taskReference: "order-77", endsAt: $e) { id endsAt memberId } }`,
      { m: bob, e: new Date(clock.at + 2 * 86_400_000).toISOString() },
      cs,
    );
    expect(work.errors).to.equal(undefined);
    expect((await reader()).data).to.deep.equal({ member: { name: 'Bob Lee' } });
    clock.at += 2 * 86_400_000 + 1000;
    expect(codes(await reader())).to.deep.equal(['NOT_FOUND']);

    const again = await gql<{ entrustWork: { id: string; endsAt: string } }>(
      t.url,
      `mutation($m: ID!) {
      entrustWork(clientId: "work-courier", memberId: $m, kind: "DELIVERY", taskReference: "order-78") { id endsAt } }`,
      { m: bob },
      admin,
    );
    expect(new Date(again.data!.entrustWork.endsAt).getTime()).to.equal(
      clock.at + t.config.assignmentDays * 86_400_000,
    );
    expect((await reader()).data).to.deep.equal({ member: { name: 'Bob Lee' } });
    await gql(t.url, 'mutation($w: ID!) { endWork(workId: $w) { endedAt } }', { w: again.data!.entrustWork.id }, admin);
    expect(codes(await reader())).to.deep.equal(['NOT_FOUND']);

    const rows = await knex('access_log')
      .select('member_id', 'action', 'fields')
      .where({ action: 'ADMIN', member_id: bob });
    expect(rows.map((r: { fields: unknown }) => String(r.fields))).to.satisfy((f: string[]) =>
      f.some((x) => x.includes('.endedAt')),
    );
    for (const [args, code] of [
      ['clientId: "partner-ads", memberId: $m, kind: "DELIVERY", taskReference: "x"', 'BAD_USER_INPUT'],
      ['clientId: "work-courier", memberId: $m, kind: "TELEPORT", taskReference: "x"', 'BAD_USER_INPUT'],
      [
        'clientId: "work-courier", memberId: $m, kind: "DELIVERY", taskReference: "x", endsAt: "yesterday"',
        'BAD_USER_INPUT',
      ],
    ] as const) {
      expect(
        codes(await gql(t.url, `mutation($m: ID!) { entrustWork(${args}) { id } }`, { m: bob }, admin)),
        args,
      ).to.deep.equal([code]);
    }
    const marketer = { token: await login(t.url, 'marketer'), purpose: 'MARKETING' };
    expect(
      codes(
        await gql(
          t.url,
          `mutation($m: ID!) { entrustWork(clientId: "work-courier", memberId: $m, kind: "DELIVERY", taskReference: "x") { id } }`,
          { m: bob },
          marketer,
        ),
      ),
    ).to.deep.equal(['FORBIDDEN']);
  });
});
