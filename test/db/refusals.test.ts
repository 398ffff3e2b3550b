import { expect } from 'chai';
import { isBusy, isUniqueViolation, isValueRefused } from '../../src/db/refusals';
import { openTestStore, type TestStore } from './support';

describe('database refusals are told apart by the driver’s error code', () => {
  let store: TestStore;
  before(async () => {
    store = await openTestStore();
  });
  after(async () => store?.close());

  const refusal = async (run: () => Promise<unknown>): Promise<unknown> => {
    try {
      await run();
    } catch (err) {
      return err;
    }
    throw new Error('the database accepted it');
  };

  it('a second row with the same key is a unique violation, and a refusal of the values', async () => {
    const err = await refusal(() => store.knex('refusal_probe').insert({ id: 1, v: 'again' }));
    expect(isUniqueViolation(err), String(err)).to.equal(true);
    expect(isValueRefused(err)).to.equal(true);
    expect(isBusy(err)).to.equal(false);
  });

  it('a missing required value is refused, but is no unique violation', async () => {
    const err = await refusal(() => store.knex('refusal_probe').insert({ id: 2, v: null }));
    expect(isUniqueViolation(err), String(err)).to.equal(false);
    expect(isValueRefused(err)).to.equal(true);
  });

  it('a lock held elsewhere past the wait is busy, not a refusal of the values', async () => {
    const err = await store.lockedOut();
    expect(isBusy(err), String(err)).to.equal(true);
    expect(isValueRefused(err)).to.equal(false);
    expect(isUniqueViolation(err)).to.equal(false);
  });

  it('an error that merely quotes the words of one is none of them', () => {
    for (const message of ['UNIQUE constraint failed: member.email', 'duplicate key value', 'database is locked']) {
      const err = new Error(message);
      expect([isUniqueViolation(err), isValueRefused(err), isBusy(err)], message).to.deep.equal([false, false, false]);
    }
  });
});
