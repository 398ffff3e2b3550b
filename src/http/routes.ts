import { Router } from 'express';
import express from 'express';
import type { Services } from '../services';
import { oauthToken } from './oauth';

export function httpRoutes(services: Services): Router {
  const router = Router();
  router.get('/health', (_req, res) => { res.json({ status: 'ok' }); });
  router.get('/ready', async (_req, res) => {
    try {
      await services.knex.raw('select 1');
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'database unreachable' });
    }
  });
  router.get('/.well-known/jwks.json', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json({ keys: [services.keys.publicJwk] });
  });
  router.post('/oauth/token', express.urlencoded({ extended: false, limit: '10kb' }), express.json({ limit: '10kb' }), oauthToken(services));
  return router;
}
