import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../bin/cli.ts';
import { periodFromArgs } from '../../../bin/period-args.ts';

const ZONE = 'Europe/Paris';
// Thursday 2026-11-19, midday in Paris: week 47 is under way, week 46 is over.
const NOW = new Date('2026-11-19T11:00:00Z');

describe('periodFromArgs', () => {
  it('takes the last complete week by default, and a week that has ended', () => {
    expect(periodFromArgs({}, ZONE, NOW).label).toBe('2026-W46');
    expect(periodFromArgs({ week: '2026-W46' }, ZONE, NOW).label).toBe('2026-W46');
  });

  it('refuses the current week and a future month as the HTTP API does, naming --partial', () => {
    for (const values of [
      { week: '2026-W47' },
      { month: '2026-12' },
      { from: '2026-11-18', to: '2026-11-20' },
    ]) {
      expect(() => periodFromArgs(values, ZONE, NOW)).toThrow(UsageError);
      expect(() => periodFromArgs(values, ZONE, NOW)).toThrow(/has not ended .*not-in-future.*--partial/);
    }
  });

  it('builds a period under way when --partial is given', () => {
    expect(periodFromArgs({ week: '2026-W47', partial: true }, ZONE, NOW).label).toBe('2026-W47');
  });

  it('takes a range ending exactly now as ended', () => {
    const period = periodFromArgs({ from: '2026-11-18T12:00', to: '2026-11-19T12:00' }, ZONE, NOW);
    expect(period.endMs).toBe(NOW.getTime());
  });
});
