import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quantileSorted, seriesStats } from '../../../lib/aggregate/stats.ts';

/** Slow, obviously-correct reference: plain arrays, a fresh sort, the textbook formulas. */
function reference(values: number[], expected: number) {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const n = xs.length;
  const q = (p: number): number | null => {
    if (n === 0) return null;
    const rank = p * (n - 1);
    const below = xs[Math.floor(rank)] as number;
    const above = xs[Math.ceil(rank)] as number;
    return below + (above - below) * (rank - Math.floor(rank));
  };
  let total = 0;
  for (const x of xs) total += x;
  return {
    samples: n,
    min: n ? xs[0] : null,
    max: n ? xs[n - 1] : null,
    mean: n ? total / n : null,
    p95: q(0.95),
    coveragePct: expected > 0 ? Math.min(100, (100 * n) / expected) : 0,
  };
}

const sample = fc.array(
  fc.oneof(
    { weight: 9, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
    { weight: 1, arbitrary: fc.constant(Number.NaN) },
  ),
  { maxLength: 300 },
);

describe('seriesStats', () => {
  it('computes p95 by linear interpolation between closest ranks (values checked by hand)', () => {
    // 1..20: h = 19 × 0.95 = 18.05 → 19 + 0.05 × (20 − 19) = 19.05
    const s = seriesStats(
      Array.from({ length: 20 }, (_, i) => i + 1),
      20,
    );
    expect(s.p95).toBeCloseTo(19.05, 12);
    expect(s.mean).toBe(10.5);
    expect(s.min).toBe(1);
    expect(s.max).toBe(20);
    expect(s.coveragePct).toBe(100);
  });

  it('matches NumPy for a small unsorted sample', () => {
    // numpy.percentile([3, 7, 1, 9, 4], 95) == 8.6
    expect(seriesStats([3, 7, 1, 9, 4], 5).p95).toBeCloseTo(8.6, 12);
  });

  it('treats NaN as a gap, not as zero', () => {
    const s = seriesStats([Number.NaN, 50, Number.NaN, 70], 4);
    expect(s.samples).toBe(2);
    expect(s.min).toBe(50);
    expect(s.mean).toBe(60);
    expect(s.coveragePct).toBe(50);
  });

  it('reports no figure at all for a series without samples', () => {
    expect(seriesStats([], 2016)).toEqual({
      samples: 0,
      expected: 2016,
      coveragePct: 0,
      min: null,
      mean: null,
      max: null,
      p95: null,
    });
  });

  it('marks a series with 40 % of its samples as 40 % covered', () => {
    expect(seriesStats(new Float64Array(806).fill(1), 2015).coveragePct).toBeCloseTo(40, 1);
  });

  it('agrees with the slow reference implementation', () => {
    fc.assert(
      fc.property(sample, fc.integer({ min: 0, max: 400 }), (values, expected) => {
        const got = seriesStats(values, expected);
        const want = reference(values, expected);
        expect(got.samples).toBe(want.samples);
        expect(got.min).toBe(want.min);
        expect(got.max).toBe(want.max);
        expect(got.coveragePct).toBeCloseTo(want.coveragePct, 9);
        if (want.mean === null) expect(got.mean).toBeNull();
        else expect(got.mean).toBeCloseTo(want.mean, 6);
        if (want.p95 === null) expect(got.p95).toBeNull();
        else expect(got.p95).toBeCloseTo(want.p95, 6);
      }),
    );
  });

  it('keeps min ≤ p95 ≤ max and mean within [min, max], whatever the order of the samples', () => {
    fc.assert(
      fc.property(
        sample.filter((v) => v.some(Number.isFinite)),
        (values) => {
          const a = seriesStats(values, values.length);
          const b = seriesStats([...values].reverse(), values.length);
          // Floating-point sums depend on order: the mean is compared with a tolerance, the rest exactly.
          expect({ ...b, mean: 0 }).toEqual({ ...a, mean: 0 });
          expect(b.mean).toBeCloseTo(a.mean ?? Number.NaN, 6);
          const { min, max, p95, mean } = a as { min: number; max: number; p95: number; mean: number };
          expect(min).toBeLessThanOrEqual(p95);
          expect(p95).toBeLessThanOrEqual(max);
          expect(mean).toBeGreaterThanOrEqual(min - 1e-6);
          expect(mean).toBeLessThanOrEqual(max + 1e-6);
        },
      ),
    );
  });

  it('quantileSorted returns the extremes at p = 0 and p = 1', () => {
    expect(quantileSorted([2, 4, 8], 0)).toBe(2);
    expect(quantileSorted([2, 4, 8], 1)).toBe(8);
    expect(quantileSorted([2, 4, 8], 0.5)).toBe(4);
    expect(quantileSorted([], 0.5)).toBeNull();
  });
});
