import fs from 'node:fs';
import path from 'node:path';
import { Router, type Response } from 'express';
import type { Services } from '../../services';
import { currentPolicyVersion } from '../policy-version';
import { storedVersion, storedVersions, type StoredVersion } from '../policy-version';
import { escapeHtml as e, page, policyBody, textBody } from './html';

/** These pages load their own stylesheet and nothing else: no script, no frame, no other origin. */
const PAGE_CSP = "default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const STYLESHEET = fs.readFileSync(path.join(__dirname, 'policy.css'), 'utf8');

function send(res: Response, status: number, html: string): void {
  res.status(status).setHeader('Content-Security-Policy', PAGE_CSP).type('html').send(html);
}

const notFound = (res: Response, what: string) =>
  send(
    res,
    404,
    page(
      'Not found',
      `<article class="policy"><h1>Not found</h1><p>${e(what)}</p><p><a href="/privacy/versions">See every version</a></p></article>`,
    ),
  );

function versionPage(v: StoredVersion, inForce: boolean): string {
  const meta = { version: v.version, enforcedFrom: v.enforcedFrom, contentHash: v.contentHash, inForce };
  return page(
    `${v.document?.title ?? 'Privacy policy'} (version ${v.version})`,
    v.document ? policyBody(v.document, meta) : textBody(v.text, meta),
  );
}

/** §15: the policy in force, every earlier version and their list, as pages anyone can read without a script. */
export function policyPages(services: Services): Router {
  const router = Router();
  router.get('/privacy/style.css', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.type('css').send(STYLESHEET);
  });
  router.get('/privacy', async (_req, res) => {
    const v = await storedVersion(services.knex, null, services.clock.now());
    if (!v) return notFound(res, 'No privacy policy has been published yet.');
    send(res, 200, versionPage(v, true));
  });
  router.get('/privacy/versions', async (_req, res) => {
    const [all, current] = await Promise.all([
      storedVersions(services.knex),
      currentPolicyVersion(services.knex, services.clock.now()),
    ]);
    const rows = all
      .map((v) => {
        const state =
          v.version === current
            ? 'In force'
            : current !== null && v.version > current
              ? 'Takes effect later'
              : 'Earlier version';
        return `<tr><td data-label="Version"><a href="/privacy/versions/${v.version}">Version ${v.version}</a></td><td data-label="In force from"><time datetime="${e(v.enforcedFrom)}">${e(v.enforcedFrom)}</time></td><td data-label="Status">${state}</td></tr>`;
      })
      .join('');
    send(
      res,
      200,
      page(
        'Privacy policy versions',
        `<article class="policy"><h1>Privacy policy versions</h1>
<p>Every version we have published, with the date it took effect. A published version never changes.</p>
<div class="table"><table><caption>Versions</caption><thead><tr><th scope="col">Version</th><th scope="col">In force from</th><th scope="col">Status</th></tr></thead><tbody>${rows}</tbody></table></div></article>`,
      ),
    );
  });
  router.get('/privacy/versions/:n', async (req, res) => {
    const n = /^[1-9]\d{0,8}$/.test(req.params.n) ? Number(req.params.n) : null;
    const v = n === null ? null : await storedVersion(services.knex, n, services.clock.now());
    if (!v) return notFound(res, 'There is no such version of the privacy policy.');
    send(res, 200, versionPage(v, v.version === (await currentPolicyVersion(services.knex, services.clock.now()))));
  });
  return router;
}
