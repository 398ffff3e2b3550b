import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/** Headers every answer carries. The strict content policy only in production: Sandbox's page needs scripts. */
export const securityHeaders =
  (production: boolean) =>
  (_req: Request, res: Response, next: NextFunction): void => {
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
export const requestTimeout =
  (ms: number) =>
  (_req: Request, res: Response, next: NextFunction): void => {
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      res.status(503).setHeader('Content-Type', 'application/json');
      res.end(
        JSON.stringify({
          errors: [{ message: 'The request took too long and was stopped.', extensions: { code: 'TIMEOUT' } }],
        }),
      );
      const drop = () => res;
      Object.assign(res, {
        setHeader: drop,
        status: drop,
        send: drop,
        json: drop,
        end: drop,
        writeHead: drop,
        write: () => true,
      });
    }, ms);
    timer.unref();
    res.on('close', () => clearTimeout(timer));
    next();
  };

/**
 * Gives each request a fresh id, sent back as X-Request-Id: the request line and the access log's rows carry the
 * same one. A client's own X-Request-Id is not taken, so ids stay unique across the log.
 */
export const requestId = (req: Request, res: Response, next: NextFunction): void => {
  req.id = randomUUID();
  res.setHeader('X-Request-Id', req.id);
  next();
};
