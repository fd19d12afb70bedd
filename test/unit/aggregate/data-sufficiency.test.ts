import { describe, expect, it } from 'vitest';
import { assertSufficientData } from '../../../lib/aggregate/data-sufficiency.ts';
import { InsufficientDataError } from '../../../lib/core/errors.ts';
import { isoWeekPeriod } from '../../../lib/core/period.ts';
import type { FetchGap } from '../../../lib/core/types.ts';

const week = isoWeekPeriod('2026-W47', 'Europe/Paris');
const period = { ...week, startIso: '2026-11-16T00:00:00+01:00', endIso: '2026-11-23T00:00:00+01:00' };
const run = (received: number, expected: number) => ({
  serviceName: 'pcc-1',
  period,
  coverage: { received, expected, pct: expected === 0 ? 0 : (received / expected) * 100 },
});
const gap = (reason: string): FetchGap => ({
  metric: 'vscope.host.cpu.usage.perc',
  datacenterTag: 'dc',
  components: [],
  reason,
});

function failure(thunk: () => void): InsufficientDataError {
  try {
    thunk();
  } catch (error) {
    if (error instanceof InsufficientDataError) return error;
    throw error;
  }
  throw new Error('expected the run to fail');
}

describe('assertSufficientData', () => {
  it('fails a run without a single sample, pointing at the tag mapping when every query answered', () => {
    const error = failure(() => assertSufficientData(run(0, 2016), { gaps: [], requests: 1 }, 50));
    expect(error.code).toBe('NO_DATA');
    expect(error.message).toMatch(/No series arrived for pcc-1 over 2026-W47/);
    expect(error.message).toMatch(/tags\.datacenter/);
  });

  it('names the failed queries when they are why nothing arrived', () => {
    const gaps = [gap('answered 503: busy'), gap('answered 503: busy'), gap('reset')];
    const error = failure(() => assertSufficientData(run(0, 2016), { gaps, requests: 3 }, 50));
    expect(error.message).toMatch(
      /3 failed queries in 3 request\(s\); first cause: answered 503: busy; reset\./,
    );
    expect(error.context).toMatchObject({ failedQueries: 3, coveragePct: 0 });
  });

  it('fails under the coverage floor, saying which setting lowers it', () => {
    const error = failure(() => assertSufficientData(run(900, 2016), { gaps: [gap('x')], requests: 2 }, 50));
    expect(error.code).toBe('LOW_COVERAGE');
    expect(error.message).toMatch(/is 44\.6 %, under the 50 %/);
    expect(error.message).toMatch(/VSCOPE_REPORT_MIN_COVERAGE_PCT/);
  });

  it('accepts a run at the floor, and any run with samples when the floor is 0', () => {
    expect(() => assertSufficientData(run(1008, 2016), { gaps: [], requests: 1 }, 50)).not.toThrow();
    expect(() => assertSufficientData(run(1, 2016), { gaps: [], requests: 1 }, 0)).not.toThrow();
  });

  it('has nothing to judge for an inventory that expects no samples', () => {
    expect(() => assertSufficientData(run(0, 0), { gaps: [], requests: 0 }, 0)).not.toThrow();
  });
});
