/**
 * Bench child: PostGraphile 4 (its own graphql 15, from this folder's node_modules) serving the schema named by
 * BENCH_PEER_SCHEMA of the PostgreSQL database at BENCH_PEER_DB_URL, over bare node:http on 127.0.0.1 and a free
 * port. Read-only (no mutations), no GraphiQL, no query log: PostGraphile as a production read path. Started by
 * bench/run.ts, never on its own; speaks the same IPC messages as bench/child.ts (ready, cpu, stop).
 */
'use strict';
const http = require('node:http');
const { postgraphile } = require('postgraphile');

if (!process.send) throw new Error('the bench peer runs as a child of bench/run.ts (fork with IPC)');

const handler = postgraphile(process.env.BENCH_PEER_DB_URL, process.env.BENCH_PEER_SCHEMA, {
  disableDefaultMutations: true,
  graphiql: false,
  disableQueryLog: true,
  watchPg: false,
  retryOnInitFail: false,
  setofFunctionsContainNulls: false,
  ignoreRBAC: true,
});
const server = http.createServer(handler);

const stop = () => {
  const timer = setTimeout(() => process.exit(0), 5000);
  timer.unref();
  server.closeAllConnections();
  server.close(() => handler.release().finally(() => process.exit(0)));
};
process.on('disconnect', stop);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('message', (msg) => {
  if (msg.type === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send({ type: 'reply', id: msg.id, user, system });
  } else if (msg.type === 'stop') stop();
  else process.send({ type: 'reply', id: msg.id, error: `the peer does not do ${msg.type}` });
});

server.listen(0, '127.0.0.1', () => {
  process.send({
    type: 'ready',
    url: `http://127.0.0.1:${server.address().port}`,
    info: { postgraphile: require('postgraphile/package.json').version, graphql: require('graphql/package.json').version },
  });
});
