import { expect } from 'chai';
import { addPeriod } from '../../src/modules/retention/period';

const at = (iso: string) => new Date(iso);

describe('§4 retention periods are calendar periods', () => {
  it('5 years after a date is the same date 5 years later, not 5 × 365 days (a leap day in between)', () => {
    expect(addPeriod(at('2021-03-01T09:30:00.000Z'), { years: 5 }).toISOString()).to.equal('2026-03-01T09:30:00.000Z');
    expect(new Date(at('2021-03-01T09:30:00.000Z').getTime() + 5 * 365 * 86_400_000).toISOString()).to.equal(
      '2026-02-28T09:30:00.000Z',
    );
  });

  it('3 months after a date is the same day 3 months later, across a year', () => {
    expect(addPeriod(at('2026-11-15T00:00:00.000Z'), { months: 3 }).toISOString()).to.equal('2027-02-15T00:00:00.000Z');
  });

  it('a day the target month lacks falls back to its last day', () => {
    expect(addPeriod(at('2024-02-29T12:00:00.000Z'), { years: 1 }).toISOString()).to.equal('2025-02-28T12:00:00.000Z');
    expect(addPeriod(at('2026-11-30T12:00:00.000Z'), { months: 3 }).toISOString()).to.equal('2027-02-28T12:00:00.000Z');
    expect(addPeriod(at('2027-01-31T12:00:00.000Z'), { months: 1 }).toISOString()).to.equal('2027-02-28T12:00:00.000Z');
  });
});
