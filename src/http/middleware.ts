import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/** Headers every answer carries. The strict content policy only in production: Sandbox's page needs scripts. */
export const securityHeaders = (production: boolean) => (_req: Request, res: Response, next: NextFunction): void => {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Cache-Control', 'no-store');
  if (production) {
    res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  }
  next();
};

/**
 * Cuts off a request still running after `ms` with a GraphQL-shaped TIMEOUT. Whatever the abandoned handler
 * writes later is dropped, so no personal data leaves after the cut.
 */
export const requestTimeout = (ms: number) => (_req: Request, res: Response, next: NextFunction): void => {
  const timer = setTimeout(() => {
    if (res.headersSent) return;
    res.status(503).setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ errors: [{ message: 'The request took too long and was stopped.', extensions: { code: 'TIMEOUT' } }] }));
    const drop = () => res;
    Object.assign(res, { setHeader: drop, status: drop, send: drop, json: drop, end: drop, writeHead: drop, write: () => true });
  }, ms);
  timer.unref();
  res.on('close', () => clearTimeout(timer));
  next();
};

/** One JSON line per request: what and how long, never a value, token or query text. */
export const requestLog = (_req: Request, res: Response, next: NextFunction): void => {
  const started = process.hrtime.bigint();
  const id = randomUUID();
  res.setHeader('X-Request-Id', id);
  res.on('finish', () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(JSON.stringify({ level: 'info', time: new Date().toISOString(), msg: 'request', id, method: _req.method, path: _req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 }));
  });
  next();
};
