import { Router } from 'express';
import express from 'express';
import type { Services } from '../services';
import { oauthToken } from './oauth';
import { ACCESS_TOKEN_TTL_SECONDS } from '../auth/tokens';

export function httpRoutes(services: Services): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/ready', async (_req, res) => {
    try {
      await services.knex.raw('select 1');
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'database unreachable' });
    }
  });
  // The signing key, and every key an access token still valid may carry: one superseded less than an access
  // token's lifetime ago. Autologin tokens are verified only by the gateway, so keys kept for them are not listed.
  router.get('/.well-known/jwks.json', async (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json({ keys: await services.keys.publicJwks(ACCESS_TOKEN_TTL_SECONDS) });
  });
  router.post(
    '/oauth/token',
    express.urlencoded({ extended: false, limit: '10kb' }),
    express.json({ limit: '10kb' }),
    oauthToken(services),
  );
  return router;
}
