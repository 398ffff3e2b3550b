import { expect } from 'chai';
import { createLogger, log, logRetriedFailure } from '../src/log';
import { DEMO_PASSWORD, startGateway, type TestGateway } from './helpers/gateway';
import { clientToken, gql } from './helpers/http';
import { logCapture } from './helpers/log-capture';

const LOGIN = 'mutation Login($l: String!, $p: String!) { login(loginId: $l, password: $p) { accessToken } }';
const ME = '{ me { name email phone address bankAccount } }';

const subject = (jwt: string): string =>
  (JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as { sub: string }).sub;

/** The request lines and operator log over real HTTP: who and what, never a credential or a personal value. */
describe('logs', () => {
  let t: TestGateway;
  let from: number;
  before(async () => {
    t = await startGateway({ env: { LOG_REQUESTS: 'true' } });
    from = logCapture.mark();
  });
  after(() => t?.stop());

  const lines = () => logCapture.entries(from);
  const lineOf = (requestId: string | null) => {
    const found = lines().filter((e) => e.msg === 'request' && e.requestId === requestId);
    expect(
      found,
      `one request line with requestId ${requestId} in:\n${logCapture.since(from).join('\n')}`,
    ).to.have.length(1);
    return found[0]!;
  };

  const secrets: string[] = [DEMO_PASSWORD];
  let accessToken: string;

  it('writes a request line for a login with a password: its X-Request-Id, the real path, status and an anonymous asker', async () => {
    const res = await gql<{ login: { accessToken: string } }>(t.url, LOGIN, { l: 'alice', p: DEMO_PASSWORD });
    expect(res.errors, JSON.stringify(res.errors)).to.equal(undefined);
    accessToken = res.data!.login.accessToken;
    secrets.push(accessToken);
    const id = res.headers.get('x-request-id');
    expect(id).to.match(/^[0-9a-f-]{36}$/);
    expect(lineOf(id)).to.deep.include({
      level: 'info',
      method: 'POST',
      path: '/graphql',
      status: 200,
      principal: { kind: 'ANONYMOUS' },
    });
    expect(lineOf(id).ms).to.be.a('number');
  });

  it('names the member behind a bearer token, with the request id its access-log rows carry', async () => {
    const res = await gql<{ me: Record<string, string> }>(
      t.url,
      ME,
      {},
      { token: accessToken, purpose: 'SELF_SERVICE' },
    );
    expect(res.errors, JSON.stringify(res.errors)).to.equal(undefined);
    secrets.push(...Object.values(res.data!.me).filter((v) => v && v.length > 3));
    const id = res.headers.get('x-request-id')!;
    expect(lineOf(id)).to.deep.include({
      path: '/graphql',
      status: 200,
      principal: { kind: 'MEMBER', id: subject(accessToken) },
    });
    const rows = await t.gateway.services.knex('access_log').where({ request_id: id }).select('member_id');
    expect(rows.map((r) => r.member_id)).to.deep.equal([subject(accessToken)]);
  });

  it('writes no query string, and gives a refused token no principal', async () => {
    const get = await fetch(
      `${t.url}/graphql?query=${encodeURIComponent('{ privacyPolicy { version } }')}&variables=%7B%22x%22%3A%22leak-me%22%7D`,
    );
    expect(lineOf(get.headers.get('x-request-id'))).to.deep.include({ method: 'GET', path: '/graphql' });
    const refused = await gql(t.url, ME, {}, { token: `${accessToken}x`, purpose: 'SELF_SERVICE' });
    expect(lineOf(refused.headers.get('x-request-id'))).to.not.have.property('principal');
    secrets.push('leak-me', 'privacyPolicy');
  });

  it('carries no credential, token, query text or personal value anywhere in its output', async () => {
    secrets.push(await clientToken(t.url, 'courier'));
    await gql(t.url, LOGIN, { l: 'alice', p: 'wrong-password-1' });
    secrets.push('wrong-password-1', 'bankAccount', 'alice@example.com', 'Alice Kim');
    const output = logCapture.since(from).join('\n');
    expect(lines().filter((e) => e.msg === 'request')).to.have.length.at.least(6);
    for (const secret of secrets) expect(output, `"${secret}" in the log:\n${output}`).to.not.include(secret);
  });
});

describe('§10 logs: redaction and levels', () => {
  it('redacts credentials, query text and variables at the top level or up to two levels down', () => {
    const written: string[] = [];
    const logger = createLogger({ write: (line: string) => void written.push(line) });
    logger.info(
      {
        req: { headers: { authorization: 'Bearer s3cret-a', cookie: 's3cret-b', 'set-cookie': 's3cret-c' } },
        password: 's3cret-d',
        body: { secret: 's3cret-e', client_secret: 's3cret-f', token: 's3cret-g' },
        response: { login: { accessToken: 's3cret-h', autologinToken: 's3cret-i' } },
        query: '{ me { s3cret-j } }',
        variables: { email: 's3cret-k' },
      },
      'anything',
    );
    expect(written).to.have.length(1);
    expect(written[0]).to.not.match(/s3cret/);
    expect(written[0]).to.include('[redacted]');
  });

  it('logs an error at error with its summary only, never the statement and values a driver quotes', () => {
    const written: string[] = [];
    createLogger({ write: (line: string) => void written.push(line) }).error(
      {
        err: Object.assign(new Error("insert into member values ('Alice Kim') - UNIQUE constraint failed"), {
          code: 'SQLITE_CONSTRAINT',
        }),
      },
      'x',
    );
    const entry = JSON.parse(written[0]!) as Record<string, unknown>;
    expect(entry).to.deep.include({ level: 'error', err: 'Error SQLITE_CONSTRAINT: UNIQUE constraint failed' });
  });

  it('logs a failure a retry absorbs at debug when the database was only busy, at error otherwise', () => {
    const level = log.level;
    log.level = 'debug';
    const from = logCapture.mark();
    try {
      logRetriedFailure(
        'access-log member index failed',
        { job: 'index' },
        Object.assign(new Error('SQLITE_BUSY: database is locked'), { code: 'SQLITE_BUSY' }),
      );
      logRetriedFailure('handover failed', { memberId: 'm1' }, new Error('disk I/O error'));
    } finally {
      log.level = level;
    }
    expect(logCapture.entries(from).map((e) => [e.level, e.msg])).to.deep.equal([
      ['debug', 'access-log member index failed'],
      ['error', 'handover failed'],
    ]);
  });
});
