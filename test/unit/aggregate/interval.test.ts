import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inferInterval } from '../../../lib/aggregate/interval.ts';

const at = (...offsets: number[]) => Float64Array.from(offsets, (o) => 1_795_000_000 + o);

describe('inferInterval', () => {
  it('takes the median spacing, so a gap does not move it', () => {
    // Spacings 300, 300, 3600, 300, 300: median 300.
    const ts = at(0, 300, 600, 4200, 4500, 4800);
    expect(inferInterval(ts, ts.length, 300)).toEqual({ seconds: 300, source: 'inferred' });
  });

  it("finds the 20-minute spacing of OVH's example answer when 5 minutes were asked for", () => {
    const ts = at(0, 1200, 2400, 3600, 4800);
    expect(inferInterval(ts, ts.length, 300).seconds).toBe(1200);
  });

  it('snaps a jittered median to the requested bucket, within 10 %', () => {
    // Spacings 290, 310, 305, 296: median (296 + 305) / 2 = 300.5 → 300.
    const ts = at(0, 290, 600, 905, 1201);
    expect(inferInterval(ts, ts.length, 300).seconds).toBe(300);
  });

  it('keeps a median that is no multiple of the bucket, in whole seconds', () => {
    // Spacings of 20 s against a 300 s bucket (vCenter's real-time interval).
    const ts = at(0, 20, 40, 60, 80);
    expect(inferInterval(ts, ts.length, 300)).toEqual({ seconds: 20, source: 'inferred' });
  });

  it('falls back to the requested bucket with fewer than three spacings', () => {
    const ts = at(0, 3600, 7200);
    expect(inferInterval(ts, ts.length, 300)).toEqual({ seconds: 300, source: 'requested' });
    expect(inferInterval(new Float64Array(0), 0, 600)).toEqual({ seconds: 600, source: 'requested' });
  });

  it('takes the median of the spacings, by the textbook sort, for any spacings', () => {
    // Few distinct spacings, so a value held by more than half of them is common.
    const spacing = fc.constantFrom(300, 300, 300, 600, 290, 1200, 7);
    fc.assert(
      fc.property(fc.array(spacing, { minLength: 3, maxLength: 60 }), (spacings) => {
        const ts = at(...spacings.map((_, i) => spacings.slice(0, i).reduce((a, b) => a + b, 0)), 1e6);
        const sorted = ts
          .slice(1)
          .map((t, i) => t - (ts[i] as number))
          .sort();
        const mid = sorted.length >> 1;
        const median =
          sorted.length % 2
            ? (sorted[mid] as number)
            : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
        const multiple = Math.round(median / 300);
        const expected =
          multiple >= 1 && Math.abs(median - multiple * 300) <= 30
            ? multiple * 300
            : Math.max(1, Math.round(median));
        expect(inferInterval(ts, ts.length, 300).seconds).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});
