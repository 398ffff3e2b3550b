import { expect } from 'chai';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { gql, login, type Caller } from '../helpers/http';

/*
 * §3 the read path: a page of members, or one member, costs at most 3 SQL statements whatever the page size: the
 * principal's revocation check, the members with everything the policy decides on, and the access log's INSERT.
 * On SQLite the log writes through a connection of its own (src/audit/row-insert.ts), so the gateway's connection
 * sees the first two and the log's rows prove the third.
 */
describe('§3 reading members costs at most 3 SQL statements per request, whatever the page size', () => {
  let t: TestGateway;
  let agent: Caller;
  let alice: Caller;
  const postgres = process.env.TEST_DB === 'postgresql';

  before(async () => {
    t = await startGateway({
      env: { ACCESS_LOG_INDEX_MS: '0', JOBS_INTERVAL_SECONDS: '0', RETENTION_INTERVAL_MINUTES: '0' },
    });
    agent = { token: await login(t.url, 'cs-agent'), purpose: 'MEMBER_MANAGEMENT' };
    alice = { token: await login(t.url, 'alice'), purpose: 'SELF_SERVICE' };
  });
  after(() => t?.stop());

  /**
   * The statements the gateway's connection ran while answering, the shared budget's counter aside, and the
   * access-log rows the request left.
   */
  async function counted(query: string, caller: Caller): Promise<{ statements: string[]; logRows: number }> {
    // Once before counting: the log's writer reads the chain head on its first write only.
    await gql(t.url, query, {}, caller);
    const statements: string[] = [];
    const onQuery = (q: { sql: string }) => statements.push(q.sql);
    const { knex } = t.gateway.services;
    knex.on('query', onQuery);
    let res;
    try {
      res = await gql(t.url, query, {}, caller);
    } finally {
      knex.off('query', onQuery);
    }
    // Denials (jun: GUARDIAN_CONSENT_REQUIRED) are answers too; what matters is that data came back.
    expect(res.data, JSON.stringify(res.errors)).to.be.an('object');
    const [{ n }] = (await knex('access_log')
      .where({ request_id: res.headers.get('x-request-id') })
      .count({ n: '*' })) as [{ n: number | string }];
    // On PostgreSQL the per-principal cost budget is shared by every replica: one upsert of its counter, and no more.
    const budget = statements.filter((sql) => sql.startsWith('insert into rate_limit'));
    expect(budget.length, statements.join('\n')).to.equal(postgres ? 1 : 0);
    return { statements: statements.filter((sql) => !budget.includes(sql)), logRows: Number(n) };
  }

  for (const first of [1, 5, 50]) {
    it(`members(first: ${first}) as customer service`, async () => {
      const { statements, logRows } = await counted(
        `{ members(first: ${first}) { edges { node { id name email phone birthDate gender signupIp } } } }`,
        agent,
      );
      expect(logRows).to.be.greaterThan(0);
      expect(statements.length + (postgres ? 0 : 1), statements.join('\n')).to.be.at.most(3);
    });
  }

  it('me as the member herself', async () => {
    const { statements, logRows } = await counted(
      '{ me { id name email phone address birthDate gender bankAccount } }',
      alice,
    );
    expect(logRows).to.equal(1);
    expect(statements.length + (postgres ? 0 : 1), statements.join('\n')).to.be.at.most(3);
  });
});
