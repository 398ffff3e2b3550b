import { expect } from 'chai';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { memberIds } from '../lifecycle/support';
import { retentionOnce } from '../../src/jobs';
import { DAY, ENV, expectDestroyed, liveRelated, liveRow, retained } from './support';

describe('§13 §4 a sign-up under 14 whose guardian never consented is destroyed after UNCONFIRMED_CHILD_DAYS (5)', () => {
  let t: TestGateway;
  let current: Date;
  const clock = { now: () => new Date(current) };
  let t0: number;
  let ids: Record<string, string>;
  before(async () => {
    current = new Date();
    t0 = current.getTime();
    t = await startGateway({ clock, env: ENV });
    ids = await memberIds(t);
  });
  after(() => t.stop());

  it('keeps jun (pending) for 5 days', async () => {
    expect(t.config.retention.unconfirmedChildDays).to.equal(5);
    current = new Date(t0 + 5 * DAY - 60_000);
    expect((await retentionOnce(t.gateway.services)).unconfirmedChildrenDestroyed).to.equal(0);
    expect(await liveRow(t, ids.jun!)).to.deep.include({ status: 'PENDING_GUARDIAN', login_id: 'jun' });
    expect((await liveRelated(t, ids.jun!)).guardian).to.equal(1);
  });

  it('then destroys his data, his guardian’s contact and codes; keeps nothing in the retention store; minji (confirmed) untouched', async () => {
    const guardianIds = await t.gateway.services.knex('guardian').where({ child_id: ids.jun }).pluck('id');
    current = new Date(t0 + 5 * DAY + 60_000);
    expect((await retentionOnce(t.gateway.services)).unconfirmedChildrenDestroyed).to.equal(1);
    expectDestroyed(await liveRow(t, ids.jun!), ids.jun!);
    expect(await liveRelated(t, ids.jun!)).to.deep.equal({
      consent: 0,
      assignment: 0,
      complaint: 0,
      correction_request: 0,
      cookie_preference: 0,
      guardian: 0,
    });
    expect(
      await t.gateway.services.knex('verification_code').whereIn('guardian_id', guardianIds).pluck('id'),
    ).to.deep.equal([]);
    expect(await retained(t, ids.jun)).to.deep.equal([]);
    expect(await liveRow(t, ids.minji!)).to.deep.include({ login_id: 'minji', status: 'ACTIVE' });
    expect((await retentionOnce(t.gateway.services)).unconfirmedChildrenDestroyed).to.equal(0);
  });
});
