import { expect } from 'chai';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { codes, gql, login, type Caller } from '../helpers/http';
import { expectError, memberIds } from '../lifecycle/support';
import { jsonList } from '../../src/db/json-list';
import { logLawfulRequestExpiries } from '../../src/modules/lawful-request/expiry';
import { APPROVE, AUTHORITY, REGISTER, legal, type LawfulRequestItem } from './support';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('§6 lawful requests need a second person, start at approval, and are capped', () => {
  let t: TestGateway;
  let current: Date;
  const clock = { now: () => new Date(current) };
  let ids: Record<string, string>;
  let officer: string;
  let admin: string;
  before(async () => {
    current = new Date();
    t = await startGateway({
      clock,
      env: { JOBS_INTERVAL_SECONDS: '0', RETENTION_INTERVAL_MINUTES: '0', LAWFUL_REQUEST_MAX_DAYS: '7' },
    });
    ids = await memberIds(t);
    [officer, admin] = await Promise.all([login(t.url, 'privacy-officer'), login(t.url, 'admin')]);
  });
  after(() => t.stop());

  const knex = () => t.gateway.services.knex;
  const asOfficer = (): Caller => ({ token: officer, purpose: 'MEMBER_MANAGEMENT' });
  const asAdmin = (): Caller => ({ token: admin, purpose: 'ADMINISTRATION' });
  const register = (from: number, until: number) =>
    gql<{ registerLawfulRequest: LawfulRequestItem }>(
      t.url,
      REGISTER,
      {
        authority: AUTHORITY,
        legalBasis: 'Seoul District Court warrant 2026-GO-77',
        memberIds: [ids.alice],
        fields: ['name'],
        validFrom: new Date(from).toISOString(),
        validUntil: new Date(until).toISOString(),
      },
      asOfficer(),
    );
  const approve = (id: string, caller: Caller) =>
    gql<{ approveLawfulRequest: LawfulRequestItem }>(t.url, APPROVE, { id }, caller);
  const readAlice = (id: string) =>
    gql<{ member: { name: string } | null }>(
      t.url,
      'query($id: ID!) { member(id: $id) { name } }',
      { id: ids.alice },
      legal(officer, id),
    );
  const adminRows = async (id: string) =>
    (
      (await knex()('access_log').select('accessor_id', 'accessor_kind', 'fields', 'action').orderBy('seq')) as Record<
        string,
        unknown
      >[]
    )
      .map((r) => ({ ...r, fields: jsonList(r.fields) }))
      .filter((r) => (r.fields as string[]).some((f) => f.startsWith(`lawful_request:${id}.`)));

  it('§6 refuses a request valid beyond the cap or only in the past (BAD_USER_INPUT naming validUntil), storing nothing', async () => {
    const now = current.getTime();
    for (const [from, until] of [
      [now - DAY, Date.parse('2099-12-31T00:00:00Z')],
      [now, now + 8 * DAY],
      [now - 2 * DAY, now - DAY],
    ] as const) {
      expectError(await register(from, until), 'BAD_USER_INPUT', 'validUntil');
    }
    expect(Number((await knex()('lawful_request').count({ n: '*' }).first())?.n)).to.equal(0);
  });

  it('§6 a registered request is unusable until another person approves it; the registrant cannot approve it', async () => {
    const now = current.getTime();
    const reg = await register(now - 3 * DAY, now + 2 * DAY);
    expect(codes(reg)).to.deep.equal([]);
    const id = reg.data!.registerLawfulRequest.id;
    expect(reg.data!.registerLawfulRequest.status).to.equal('PENDING_APPROVAL');
    const unapproved = await readAlice(id);
    expect(unapproved.status).to.equal(403);
    expect(codes(unapproved)).to.deep.equal(['FORBIDDEN_PURPOSE']);
    expectError(await approve(id, asOfficer()), 'FORBIDDEN', 'id');
    for (const caller of [
      { token: await login(t.url, 'cs-agent'), purpose: 'MEMBER_MANAGEMENT' },
      { token: await login(t.url, 'marketer'), purpose: 'MARKETING' },
    ]) {
      expect(codes(await approve(id, caller))).to.deep.equal(['FORBIDDEN']);
    }

    current = new Date(now + HOUR);
    const approved = await approve(id, asAdmin());
    expect(codes(approved)).to.deep.equal([]);
    // Back-dated three days at registration; valid from the approval, not before.
    expect(approved.data!.approveLawfulRequest).to.deep.include({
      validFrom: current.toISOString(),
      status: 'APPROVED',
      approvedAt: current.toISOString(),
    });
    expect(approved.data!.approveLawfulRequest.approvedBy).to.equal(
      (await knex()('staff').first('id').where({ login_id: 'admin' })).id,
    );
    expect((await readAlice(id)).data!.member).to.deep.equal({ name: 'Alice Kim' });
    expect(codes(await approve(id, asAdmin()))).to.deep.equal(['CONFLICT']);
  });

  it('§6 caps validity at LAWFUL_REQUEST_MAX_DAYS from approval, and refuses to approve a request already expired', async () => {
    const now = current.getTime();
    const id = (await register(now + 6 * DAY, now + 7 * DAY)).data!.registerLawfulRequest.id;
    const late = (await register(now, now + DAY)).data!.registerLawfulRequest.id;
    current = new Date(now + 2 * DAY);
    expect(codes(await approve(late, asAdmin()))).to.deep.equal(['CONFLICT']);
    const approved = (await approve(id, asAdmin())).data!.approveLawfulRequest;
    expect(approved).to.deep.include({
      validFrom: new Date(now + 6 * DAY).toISOString(),
      validUntil: new Date(now + 7 * DAY).toISOString(),
    });
    current = new Date(now);
  });

  it('§6 writes registration, approval and expiry to the access log, each once, naming the request and never a member', async () => {
    const now = current.getTime();
    const id = (await register(now, now + DAY)).data!.registerLawfulRequest.id;
    await approve(id, asAdmin());
    const officerId = (await knex()('staff').first('id').where({ login_id: 'privacy-officer' })).id;
    const adminId = (await knex()('staff').first('id').where({ login_id: 'admin' })).id;
    expect(await adminRows(id)).to.deep.equal([
      { accessor_id: officerId, accessor_kind: 'STAFF', action: 'ADMIN', fields: [`lawful_request:${id}.registered`] },
      { accessor_id: adminId, accessor_kind: 'STAFF', action: 'ADMIN', fields: [`lawful_request:${id}.approved`] },
    ]);
    current = new Date(now + DAY);
    expect(codes(await readAlice(id))).to.deep.equal(['FORBIDDEN_PURPOSE']);
    await logLawfulRequestExpiries(t.gateway.services, current);
    await logLawfulRequestExpiries(t.gateway.services, current);
    const rows = await adminRows(id);
    expect(rows.slice(2)).to.deep.equal([
      { accessor_id: 'gateway', accessor_kind: 'SYSTEM', action: 'ADMIN', fields: [`lawful_request:${id}.expired`] },
    ]);
    current = new Date(now);
  });
});
