/**
 * Bench child: a bare `node:http` server that reads each request body and answers the bytes in BENCH_BODY_FILE
 * with BENCH_CONTENT_TYPE: the floor under the gateway (HTTP parsing and writing on the same machine, no work).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveChild } from './child';

serveChild(async () => {
  const body = fs.readFileSync(process.env.BENCH_BODY_FILE!);
  const headers = {
    'content-type': process.env.BENCH_CONTENT_TYPE ?? 'application/json; charset=utf-8',
    'content-length': String(body.length),
  };
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, headers);
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    info: { bytes: body.length },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
});
