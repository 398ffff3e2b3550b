import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { clientToken, codes, gql, login } from '../helpers/http';
import { purposeTable, type PurposeRule } from '../../src/policy/table';
import { parseTemplate, readTemplate, TemplateError } from '../../src/modules/policy-document/template';
import { counts, todayUtc } from '../lifecycle/support';

const POLICY =
  '{ privacyPolicy { version text contentHash recipients { clientId name purpose items retention } consignees { name task items } } }';
const STATUS = '{ privacyPolicyStatus { version stale reasons } }';
const PUBLISH =
  'mutation($from: String!, $t: String) { publishPolicyVersion(enforcedFrom: $from, requiresReconsent: false, template: $t) { version contentHash recipients { clientId } } }';

type Policy = {
  version: number;
  text: string;
  contentHash: string;
  recipients: { clientId: string; name: string; items: string[] }[];
  consignees: { name: string }[];
};

describe('policy document: generated, frozen, naming every recipient (§6, §9, §15)', () => {
  let t: TestGateway;
  let po: string;
  let admin: string;
  before(async () => {
    t = await startGateway();
    [po, admin] = await Promise.all([login(t.url, 'privacy-officer'), login(t.url, 'admin')]);
  });
  after(() => t.stop());
  const asPo = () => ({ token: po, purpose: 'MEMBER_MANAGEMENT' });
  const policy = async () => (await gql<{ privacyPolicy: Policy }>(t.url, POLICY)).data!.privacyPolicy;
  const status = async () =>
    (
      await gql<{ privacyPolicyStatus: { version: number; stale: boolean; reasons: string[] } }>(
        t.url,
        STATUS,
        {},
        asPo(),
      )
    ).data!.privacyPolicyStatus;

  it('§6 §9 the demo policy names every registered partner and consignee and the officer, and holds no placeholder', async () => {
    const p = await policy();
    expect(p.version).to.equal(1);
    expect(p.recipients.map((r) => r.clientId)).to.deep.equal(['partner-ads']);
    expect(p.consignees.map((c) => c.name).sort()).to.deep.equal([
      'Courier Co.',
      'NHN Commerce Co., Ltd.',
      'Payment Gateway Co.',
    ]);
    for (const name of [
      'Partner Ads Co.',
      'Courier Co.',
      'Payment Gateway Co.',
      'NHN Commerce Co., Ltd.',
      'Hana Yoon',
      'privacy@bettra.example',
      '730 days',
      '3 months',
      '5 years',
    ]) {
      expect(p.text, name).to.include(name);
    }
    expect(p.text).to.not.match(/\booo\b|0000-00-00|\[Name of|\[PG company|\{\{|Co\., Ltd Co\./);
    expect(p.text.match(/bettra Privacy Policy/g)).to.have.length(1);
    expect(await status()).to.deep.equal({ version: 1, stale: false, reasons: [] });
  });

  it('§15 a published version never changes: its stored hash is the SHA-256 of its stored text and document', async () => {
    const rows = (await t.gateway.services
      .knex('policy_version')
      .select('version', 'text', 'document', 'content_hash')) as Record<string, string>[];
    for (const r of rows) {
      const hash = createHash('sha256').update(r.text!).update('\u0000').update(r.document!).digest('hex');
      expect(r.content_hash, `version ${r.version}`).to.equal(hash);
    }
    expect((await policy()).contentHash).to.equal(rows.find((r) => Number(r.version) === 1)!.content_hash);
  });

  it('§15 refuses a template naming an unknown section, a past date and a date not after the newest version, publishing nothing', async () => {
    const before = await counts(t, ['policy_version', 'notice']);
    const template = readTemplate(undefined).replace('{{cookies}}', '{{biscuits}}');
    const bad = await gql(t.url, PUBLISH, { from: todayUtc(1), t: template }, asPo());
    expect({ codes: codes(bad), field: bad.errors?.[0]?.extensions?.field }).to.deep.equal({
      codes: ['BAD_USER_INPUT'],
      field: 'template',
    });
    expect(bad.errors![0]!.message).to.include('{{biscuits}}');
    for (const from of [todayUtc(-1), '2026-01-01']) {
      const res = await gql(t.url, PUBLISH, { from }, asPo());
      expect({ codes: codes(res), field: res.errors?.[0]?.extensions?.field }, from).to.deep.equal({
        codes: ['BAD_USER_INPUT'],
        field: 'enforcedFrom',
      });
    }
    const placeholder = await gql(
      t.url,
      PUBLISH,
      { from: todayUtc(1), t: readTemplate(undefined).replace('bettra Co., Ltd.', 'ooo Co., Ltd.') },
      asPo(),
    );
    expect(codes(placeholder)).to.deep.equal(['BAD_USER_INPUT']);
    expect(placeholder.errors![0]!.message).to.include('placeholder');
    expect(await counts(t, ['policy_version', 'notice'])).to.deep.equal(before);
    expect(() => parseTemplate('# T\n{{items}}')).to.throw(TemplateError, /has no \{\{purposes\}\}/);
  });

  it('§6 a partner registered after the version in force makes it stale and receives nothing until a version names it', async () => {
    const reg = await gql<{ registerPartner: { clientSecret: string } }>(
      t.url,
      `mutation { registerPartner(clientId: "news-partner", name: "News Partner Co.",
      contact: "privacy@news.example", purposes: ["MARKETING"], fields: ["name", "email"], purposeOfUse: "Newsletters", retentionPeriod: "1 year") { clientSecret } }`,
      {},
      { token: admin, purpose: 'ADMINISTRATION' },
    );
    expect(reg.errors).to.equal(undefined);
    expect(await status()).to.deep.include({
      version: 1,
      stale: true,
      reasons: ['partner news-partner is not in the policy'],
    });
    const token = await clientToken(t.url, 'news-partner', reg.data!.registerPartner.clientSecret);
    const denied = await gql(
      t.url,
      '{ members(first: 5) { edges { node { name } } } }',
      {},
      { token, purpose: 'MARKETING' },
    );
    expect(codes(denied)).to.deep.equal(['PURPOSE_DENIED']);
    expect(denied.errors![0]!.message).to.include('does not name this partner');
    const signUp = await gql(
      t.url,
      `mutation { signUp(input: { agree: true, policyVersion: 1, loginId: "nina", password: "a-long-password-1", name: "Nina",
      email: "nina@example.com", birthDate: "1991-03-03", provideTo: ["news-partner"] }) { outcome } }`,
    );
    expect({ codes: codes(signUp), field: signUp.errors?.[0]?.extensions?.field }).to.deep.equal({
      codes: ['BAD_USER_INPUT'],
      field: 'provideTo',
    });
    expect(await t.gateway.services.knex('member').first('id').where({ login_id: 'nina' })).to.equal(undefined);
  });

  it('§15 a new version names the partner: the status is fresh, the partner is served, and version 1 is unchanged', async () => {
    const v1 = await t.gateway.services
      .knex('policy_version')
      .first('text', 'document', 'content_hash')
      .where({ version: 1 });
    const from = todayUtc(0) > '2026-01-01' ? todayUtc(0) : todayUtc(1);
    const res = await gql<{ publishPolicyVersion: { version: number; recipients: { clientId: string }[] } }>(
      t.url,
      PUBLISH,
      { from },
      asPo(),
    );
    expect(res.errors, JSON.stringify(res.errors)).to.equal(undefined);
    expect(res.data!.publishPolicyVersion.recipients.map((r) => r.clientId)).to.deep.equal([
      'news-partner',
      'partner-ads',
    ]);
    expect(await status()).to.deep.equal({ version: 2, stale: false, reasons: [] });
    expect(
      await t.gateway.services.knex('policy_version').first('text', 'document', 'content_hash').where({ version: 1 }),
    ).to.deep.equal(v1);
    const partner = await clientToken(t.url, 'partner-ads');
    expect(
      codes(
        await gql(
          t.url,
          '{ members(first: 5) { edges { node { name } } } }',
          {},
          { token: partner, purpose: 'MARKETING' },
        ),
      ),
    ).to.not.include('PURPOSE_DENIED');
  });

  it('§6 a consent to provision records the recipient exactly as the version in force lists it', async () => {
    const alice = await login(t.url, 'alice');
    const res = await gql<{ grantConsent: { recipientListing: Record<string, unknown>; policyVersion: number } }>(
      t.url,
      'mutation { grantConsent(purpose: "THIRD_PARTY_PROVISION", recipient: "news-partner") { policyVersion recipientListing { clientId name purpose items retention } } }',
      {},
      { token: alice, purpose: 'SELF_SERVICE' },
    );
    expect(res.errors).to.equal(undefined);
    expect(res.data!.grantConsent).to.deep.equal({
      policyVersion: 2,
      recipientListing: {
        clientId: 'news-partner',
        name: 'News Partner Co.',
        purpose: 'Newsletters',
        items: ['E-mail address', 'Name'],
        retention: '1 year',
      },
    });
    const unknown = await gql(
      t.url,
      'mutation { grantConsent(purpose: "THIRD_PARTY_PROVISION", recipient: "courier") { id } }',
      {},
      { token: alice, purpose: 'SELF_SERVICE' },
    );
    expect({ codes: codes(unknown), field: unknown.errors?.[0]?.extensions?.field }).to.deep.equal({
      codes: ['BAD_USER_INPUT'],
      field: 'recipient',
    });
  });

  it('§3 a change to the purpose table makes the policy stale and blocks the partners declaring that purpose until republished', async () => {
    const marketing = purposeTable.MARKETING as { -readonly [K in keyof PurposeRule]: PurposeRule[K] };
    const categories = marketing.categories;
    marketing.categories = [...categories, 'ADDRESS'];
    try {
      expect((await status()).reasons).to.deep.equal(['purpose MARKETING changed since the policy was published']);
      const partner = await clientToken(t.url, 'partner-ads');
      const res = await gql(
        t.url,
        '{ members(first: 5) { edges { node { name } } } }',
        {},
        { token: partner, purpose: 'MARKETING' },
      );
      expect(codes(res)).to.deep.equal(['PURPOSE_DENIED']);
      expect(res.errors![0]!.message).to.include('purpose MARKETING');
    } finally {
      marketing.categories = categories;
    }
    expect((await status()).stale).to.equal(false);
  });
});
