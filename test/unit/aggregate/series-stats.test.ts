import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LocalClock } from '../../../lib/aggregate/local-time.ts';
import { computeSeriesStats, type SeriesStatsOptions } from '../../../lib/aggregate/series-stats.ts';
import { isoWeekPeriod } from '../../../lib/core/period.ts';
import { exactSum, populationStdDev, quantile7 } from './reference.ts';

const week = isoWeekPeriod('2026-W47', 'Europe/Paris');
const START = week.startMs / 1000;
const STEP = 300;
const options = (extra: Partial<SeriesStatsOptions> = {}): SeriesStatsOptions => ({
  period: week,
  clock: new LocalClock(week),
  requestedIntervalSeconds: STEP,
  thresholds: [],
  profile: false,
  gapListCap: 20,
  relativeAccuracy: null,
  ...extra,
});

/** Samples at the start of the week, one per 5 minutes. */
function onGrid(values: readonly number[]) {
  return {
    timestamps: Float64Array.from(values, (_, i) => START + i * STEP),
    values: Float64Array.from(values),
  };
}

function stats(values: readonly number[], extra: Partial<SeriesStatsOptions> = {}) {
  const s = onGrid(values);
  return computeSeriesStats(s.timestamps, s.values, options(extra)).stats;
}

const noNegativeZero = (x: number) => (Object.is(x, -0) ? 0 : x);
const sampleValues = fc.array(
  fc.oneof(
    { weight: 9, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }).map(noNegativeZero) },
    { weight: 1, arbitrary: fc.constant(Number.NaN) },
  ),
  { maxLength: 400 },
);

describe('computeSeriesStats', () => {
  it('computes mean, population deviation and type-7 percentiles of 1..20 (checked by hand)', () => {
    const s = stats(Array.from({ length: 20 }, (_, i) => i + 1));
    // mean (1 + 20) / 2 = 10.5; population variance (20² − 1) / 12 = 33.25, sd = √33.25 = 5.766281...
    expect(s.mean).toBe(10.5);
    expect(s.stdDev).toBeCloseTo(Math.sqrt(33.25), 12);
    // p50: h = 19 × 0.5 = 9.5 → 10 + 0.5 × (11 − 10) = 10.5
    // p95: h = 19 × 0.95 = 18.05 → 19 + 0.05 × (20 − 19) = 19.05
    // p99: h = 19 × 0.99 = 18.81 → 19 + 0.81 × (20 − 19) = 19.81
    expect(s.p50).toBeCloseTo(10.5, 12);
    expect(s.p95).toBeCloseTo(19.05, 12);
    expect(s.p99).toBeCloseTo(19.81, 12);
    expect([s.min, s.max]).toEqual([1, 20]);
  });

  it('matches NumPy for a small unsorted sample', () => {
    // numpy.percentile([3, 7, 1, 9, 4], [50, 95]) == [4.0, 8.6]
    const s = stats([3, 7, 1, 9, 4]);
    expect(s.p50).toBe(4);
    expect(s.p95).toBeCloseTo(8.6, 12);
  });

  it('keeps the mean of a constant series equal to its value', () => {
    // The exact sum of three 0.1 is 0.3000000000000000166..., which rounds to 0.30000000000000004;
    // divided by 3 that is 0.10000000000000002, above the max: the mean is held to [min, max].
    expect(stats([0.1, 0.1, 0.1]).mean).toBe(0.1);
  });

  it('treats NaN as a missing sample, not as zero', () => {
    const s = stats([Number.NaN, 50, Number.NaN, 70]);
    expect(s.samples).toBe(2);
    expect(s.min).toBe(50);
    expect(s.mean).toBe(60);
  });

  it('counts expected samples from the inferred interval and marks 40 % coverage as such', () => {
    // 806 samples 5 minutes apart: interval 300 s, a week of 604,800 s expects 2,016; 806 / 2016 = 39.98 %.
    const s = stats(new Array(806).fill(1));
    expect(s.intervalSeconds).toBe(300);
    expect(s.intervalSource).toBe('inferred');
    expect(s.expected).toBe(2016);
    expect(s.coveragePct).toBeCloseTo((806 / 2016) * 100, 9);
  });

  it('expects 504 samples a week from a series 20 minutes apart, whatever bucket was asked for', () => {
    const timestamps = Float64Array.from({ length: 504 }, (_, i) => START + i * 1200);
    const s = computeSeriesStats(timestamps, new Float64Array(504).fill(3), options()).stats;
    expect(s.intervalSeconds).toBe(1200);
    expect(s.expected).toBe(504);
    expect(s.coveragePct).toBe(100);
    expect(s.gaps.count).toBe(0);
  });

  it('measures time above each threshold, one interval per sample, and its share of the samples', () => {
    // Above 80: 85, 92, 95 → 3 × 300 s = 900 s, 3 / 5 = 60 %. Above 90: 92, 95 → 600 s, 40 %.
    const s = stats([10, 85, 92, 50, 95], { thresholds: [80, 90] });
    expect(s.timeAbove).toEqual([
      { threshold: 80, seconds: 900, sharePct: 60 },
      { threshold: 90, seconds: 600, sharePct: 40 },
    ]);
  });

  it('gives the peak with the time of its first occurrence, and the last sample', () => {
    const s = stats([4, 9, 2, 9, 1]);
    expect(s.peak).toEqual({ value: 9, atMs: (START + STEP) * 1000 });
    expect(s.last).toEqual({ value: 1, atMs: (START + 4 * STEP) * 1000 });
  });

  it('reports no figure for a series without samples, and the whole period as one gap', () => {
    const s = stats([]);
    expect([s.samples, s.min, s.mean, s.max, s.stdDev, s.p50, s.p95, s.p99, s.peak, s.trend]).toEqual([
      0,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(s.coveragePct).toBe(0);
    expect(s.gaps).toMatchObject({ count: 1, missingSeconds: 7 * 86_400 });
  });

  it('ignores samples outside the period', () => {
    const timestamps = Float64Array.from([START - 300, START, START + 300, week.endMs / 1000]);
    const s = computeSeriesStats(timestamps, Float64Array.from([1000, 1, 2, 1000]), options()).stats;
    expect(s.samples).toBe(2);
    expect(s.max).toBe(2);
  });

  it('puts Monday 00h local in profile cell 0 and Sunday 23h in cell 167', () => {
    // The week starts Monday 16 November 00:00 in Paris; its last 5 minutes are Sunday 23:55.
    const values = new Array(2016).fill(0).map((_, i) => (i < 12 ? 7 : i >= 2004 ? 3 : 1));
    const s = stats(values, { profile: true });
    expect(s.profile).toHaveLength(168);
    expect(s.profile?.[0]).toBe(7);
    expect(s.profile?.[1]).toBe(1);
    expect(s.profile?.[167]).toBe(3);
  });

  it('agrees with the slow reference implementation', () => {
    fc.assert(
      fc.property(sampleValues, (values) => {
        // The interval is pinned: with many NaN, the spacing of the samples left would change it.
        const got = stats(values, { interval: { seconds: STEP, source: 'requested' } });
        const finite = values.filter(Number.isFinite);
        const n = finite.length;
        expect(got.samples).toBe(n);
        expect(got.expected).toBe(2016);
        expect(got.coveragePct).toBe(Math.min(100, (n / 2016) * 100));
        expect(got.min).toBe(n ? Math.min(...finite) : null);
        expect(got.max).toBe(n ? Math.max(...finite) : null);
        // The mean is the exact sum, correctly rounded, divided by n (and never outside [min, max]).
        const min = Math.min(...finite);
        const max = Math.max(...finite);
        expect(got.mean).toBe(n ? Math.min(max, Math.max(min, exactSum(finite) / n)) : null);
        expect(got.p50).toBe(quantile7(finite, 0.5));
        expect(got.p95).toBe(quantile7(finite, 0.95));
        expect(got.p99).toBe(quantile7(finite, 0.99));
        const sd = populationStdDev(finite);
        if (sd === null) expect(got.stdDev).toBeNull();
        else expect(Math.abs((got.stdDev as number) - sd)).toBeLessThanOrEqual(1e-9 * (1 + sd));
      }),
    );
  });

  it('gives the same distribution figures whatever the order of the samples (the deviation to a few ulps)', () => {
    const permuted = sampleValues.chain((xs) =>
      fc.tuple(fc.constant(xs), fc.shuffledSubarray(xs, { minLength: xs.length, maxLength: xs.length })),
    );
    fc.assert(
      fc.property(permuted, ([a, b]) => {
        const pick = ({ samples, min, max, mean, stdDev, p50, p95, p99 }: ReturnType<typeof stats>) => ({
          samples,
          min,
          max,
          mean,
          stdDev,
          p50,
          p95,
          p99,
        });
        const [x, y] = [pick(stats(b)), pick(stats(a))];
        // The deviation is a compensated sum: equal to a few ulps, every other figure exactly.
        expect({ ...x, stdDev: null }).toEqual({ ...y, stdDev: null });
        if (y.stdDev === null) expect(x.stdDev).toBeNull();
        else expect(Math.abs((x.stdDev as number) - y.stdDev)).toBeLessThanOrEqual(1e-12 * y.stdDev);
      }),
    );
  });

  it('keeps min ≤ p50 ≤ p95 ≤ p99 ≤ max and the mean within [min, max]', () => {
    fc.assert(
      fc.property(
        sampleValues.filter((v) => v.some(Number.isFinite)),
        (values) => {
          const s = stats(values);
          const [min, p50, p95, p99, max, mean] = [s.min, s.p50, s.p95, s.p99, s.max, s.mean] as number[];
          expect(min).toBeLessThanOrEqual(p50 as number);
          expect(p50).toBeLessThanOrEqual(p95 as number);
          expect(p95).toBeLessThanOrEqual(p99 as number);
          expect(p99).toBeLessThanOrEqual(max as number);
          expect(mean).toBeGreaterThanOrEqual(min as number);
          expect(mean).toBeLessThanOrEqual(max as number);
        },
      ),
    );
  });
});
