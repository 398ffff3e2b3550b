import path from 'node:path';
import express, { Router, type NextFunction, type Request, type Response } from 'express';

/** The page's own policy: scripts, styles and calls from the gateway's origin only, nothing inline, no framing. */
export const PRIVACY_CENTER_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

/** The page's HTML, CSS and scripts; `npm run build` copies them next to the compiled router. */
const PUBLIC_DIR = path.join(__dirname, 'public');

/** Set after `securityHeaders`, which it replaces for these routes only. */
const pagePolicy = (_req: Request, res: Response, next: NextFunction): void => {
  res.setHeader('Content-Security-Policy', PRIVACY_CENTER_CSP);
  next();
};

/**
 * `GET /privacy-center`: the members' privacy center, a static page that talks to `/graphql` like any other client
 * (X-Purpose: SELF_SERVICE). It holds no data of its own and needs nothing from outside the gateway.
 */
export function privacyCenter(): Router {
  const router = Router();
  router.use('/privacy-center', pagePolicy);
  router.get('/privacy-center', (_req, res) => {
    res.sendFile(path.join(PUBLIC_DIR, 'index.html'));
  });
  // cacheControl off keeps the gateway's `no-store`; index off: the page has one address.
  router.use(
    '/privacy-center',
    express.static(PUBLIC_DIR, { index: false, redirect: false, cacheControl: false, dotfiles: 'ignore' }),
  );
  return router;
}
