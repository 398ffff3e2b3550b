import { expect } from 'chai';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { gql, login } from '../helpers/http';
import { hasChromium, launchBrowser, screenshotPath } from '../helpers/browser';
import { todayUtc } from '../lifecycle/support';

describe('policy pages: /privacy, /privacy/versions, /privacy/versions/:n (§15)', () => {
  let t: TestGateway;
  before(async () => {
    t = await startGateway();
  });
  after(() => t.stop());

  it('§15 serves the version in force as HTML with its own CSP (style-src self, no script), tables and headings per section', async () => {
    const res = await fetch(`${t.url}/privacy`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/html/);
    expect(res.headers.get('content-security-policy')).to.equal(
      "default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    );
    const html = await res.text();
    expect(html).to.not.match(/<script|style=/i);
    for (const id of [
      'items',
      'purposes',
      'retention',
      'third-parties',
      'consignees',
      'cookies',
      'officer',
      'enforcement',
    ])
      expect(html).to.include(`<section id="${id}"`);
    expect((html.match(/<table>/g) ?? []).length).to.be.greaterThan(6);
    const css = await fetch(`${t.url}/privacy/style.css`);
    expect(css.headers.get('content-type')).to.match(/^text\/css/);
  });

  it('§15 lists every version with its enforcement date, serves an earlier one, and answers 404 for an unknown one', async () => {
    const list = await (await fetch(`${t.url}/privacy/versions`)).text();
    expect(list).to.include('href="/privacy/versions/1"').and.include('2026-01-01');
    const v1 = await fetch(`${t.url}/privacy/versions/1`);
    expect(v1.status).to.equal(200);
    expect(await v1.text())
      .to.include('Earlier version')
      .and.include('Partner Ads Co.');
    for (const n of ['99', '0', 'abc', '1e3'])
      expect((await fetch(`${t.url}/privacy/versions/${n}`)).status, n).to.equal(404);
  });

  it('§15 in a browser, /privacy shows the registered partner, the consignees and the officer on a phone and a desktop', async function () {
    if (!hasChromium()) {
      if (process.env.CI) throw new Error('chromium is required on CI');
      this.skip();
    }
    const browser = await launchBrowser();
    try {
      for (const [name, width, height] of [
        ['privacy-policy-phone', 390, 844],
        ['privacy-policy-desktop', 1280, 900],
      ] as const) {
        const page = await browser.newPage({ viewport: { width, height }, javaScriptEnabled: false });
        await page.goto(`${t.url}/privacy`);
        const thirdParties = await page.locator('#third-parties').innerText();
        expect(thirdParties).to.include('Partner Ads Co.');
        const consignees = await page.locator('#consignees').innerText();
        for (const c of ['Courier Co.', 'Payment Gateway Co.', 'NHN Commerce Co., Ltd.'])
          expect(consignees).to.include(c);
        expect(await page.locator('#officer').innerText()).to.include('Hana Yoon');
        expect(
          await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'),
          `${name}: no sideways scroll`,
        ).to.equal(true);
        await page.screenshot({ path: screenshotPath(name), fullPage: true });
        await page.screenshot({ path: screenshotPath(`${name}-top`) });
        await page.close();
      }
    } finally {
      await browser.close();
    }
  });

  // Last: the version it publishes names the partner with markup, and published versions never change.
  it('§15 escapes what it shows: a partner name with markup arrives as text', async () => {
    const { knex } = t.gateway.services;
    await knex('api_client').where({ client_id: 'partner-ads' }).update({ name: '<b onmouseover=x>Ads & Co.</b>' });
    const po = await login(t.url, 'privacy-officer');
    const res = await gql(
      t.url,
      'mutation($d: String!) { publishPolicyVersion(enforcedFrom: $d, requiresReconsent: false) { version } }',
      { d: todayUtc() },
      { token: po, purpose: 'MEMBER_MANAGEMENT' },
    );
    expect(res.errors, JSON.stringify(res.errors)).to.equal(undefined);
    const html = await (await fetch(`${t.url}/privacy`)).text();
    expect(html).to.include('&lt;b onmouseover=x&gt;Ads &amp; Co.&lt;/b&gt;');
    expect(html).to.not.include('<b onmouseover');
  });
});
