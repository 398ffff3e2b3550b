import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { RequestLike } from '../context';

/**
 * One line per request as it finishes: its id (the X-Request-Id the `requestId` middleware gave it), method, path,
 * status, milliseconds and who asked. Never the query string, a header or a body: they carry tokens, query text
 * and personal values.
 */
export const requestLog = (logger: Logger) =>
  pinoHttp<Request, Response>({
    logger,
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    // pino-http binds the request to a logger it never writes with here; pino serialises bindings at once.
    wrapSerializers: false,
    serializers: { req: () => undefined },
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request',
    customSuccessObject: (req, res, val: { responseTime: number }) => requestLine(req, res, val.responseTime),
    customErrorObject: (req, res, _err, val: { responseTime: number }) => requestLine(req, res, val.responseTime),
  });

function requestLine(req: Request, res: Response, ms: number): Record<string, unknown> {
  const { principal }: RequestLike = req;
  return {
    method: req.method,
    path: req.originalUrl.split('?')[0]!.slice(0, 200),
    status: res.statusCode,
    ms,
    ...(principal ? { principal } : {}),
    // The client went away before the answer was complete.
    ...(res.writableFinished ? {} : { aborted: true }),
  };
}
