import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DecimateOptions, decimateMinMax, maxDecimatedPoints } from '../../../lib/charts/decimate.ts';

interface Sample {
  readonly t: number;
  readonly v: number;
}

/** Ascending timestamps with irregular spacing (some wide enough to be gaps) and a few NaN values. */
const seriesArbitrary = fc
  .array(
    fc.record({
      step: fc.oneof(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 30, max: 200 })),
      v: fc.oneof(
        { weight: 9, arbitrary: fc.double({ min: -1000, max: 1000, noNaN: true }) },
        { weight: 1, arbitrary: fc.constant(Number.NaN) },
      ),
    }),
    { minLength: 1, maxLength: 600 },
  )
  .map((steps) => {
    let t = 0;
    return steps.map(({ step, v }) => {
      t += step;
      return { t, v };
    });
  });

function bucketOf(t: number, options: DecimateOptions): number {
  const span = options.end - options.start;
  return Math.min(options.buckets - 1, Math.floor(((t - options.start) / span) * options.buckets));
}

function run(samples: readonly Sample[], options: DecimateOptions) {
  return decimateMinMax(
    Float64Array.from(samples, (s) => s.t),
    Float64Array.from(samples, (s) => s.v),
    options,
  );
}

describe('decimateMinMax', () => {
  it('keeps the minimum and the maximum of every bucket', () => {
    fc.assert(
      fc.property(seriesArbitrary, fc.integer({ min: 1, max: 120 }), (samples, buckets) => {
        const last = samples.at(-1)?.t ?? 0;
        const options = { start: 0, end: last + 1, buckets, maxGap: 20 };
        const out = run(samples, options);
        const byBucket = new Map<number, number[]>();
        for (const s of samples) {
          if (!Number.isFinite(s.v)) continue;
          const b = bucketOf(s.t, options);
          byBucket.set(b, [...(byBucket.get(b) ?? []), s.v]);
        }
        for (const [b, values] of byBucket) {
          const kept = out
            .filter((p) => p.value !== null && bucketOf(p.t, options) === b)
            .map((p) => p.value);
          expect(kept).toContain(Math.min(...values));
          expect(kept).toContain(Math.max(...values));
        }
      }),
    );
  });

  it('returns points in time order and within its stated bound', () => {
    fc.assert(
      fc.property(seriesArbitrary, fc.integer({ min: 1, max: 120 }), (samples, buckets) => {
        const options = { start: 0, end: (samples.at(-1)?.t ?? 0) + 1, buckets, maxGap: 20 };
        const out = run(samples, options);
        expect(out.length).toBeLessThanOrEqual(maxDecimatedPoints(options));
        for (let i = 1; i < out.length; i++) {
          expect(out[i]?.t).toBeGreaterThanOrEqual(out[i - 1]?.t ?? Number.NEGATIVE_INFINITY);
        }
      }),
    );
  });

  it('reduces a week of 5-minute samples to at most two points per bucket', () => {
    const timestamps = Float64Array.from({ length: 2016 }, (_, i) => i * 300);
    const values = timestamps.map((t) => Math.sin(t / 5000) * 50 + 50);
    const out = decimateMinMax(timestamps, values, { start: 0, end: 2016 * 300, buckets: 400, maxGap: 450 });
    expect(out.length).toBeLessThanOrEqual(800);
    expect(out.length).toBeGreaterThan(400);
    expect(Math.max(...out.map((p) => p.value ?? Number.NEGATIVE_INFINITY))).toBe(Math.max(...values));
  });

  it('inserts a null point where samples are further apart than maxGap', () => {
    const out = decimateMinMax([0, 300, 600, 3600, 3900], [1, 2, 3, 4, 5], {
      start: 0,
      end: 4200,
      buckets: 1000,
      maxGap: 450,
    });
    expect(out.map((p) => p.value)).toEqual([1, 2, 3, null, 4, 5]);
    expect(out[3]?.t).toBeGreaterThan(600);
    expect(out[3]?.t).toBeLessThan(3600);
  });

  it('ignores samples outside [start, end) and NaN values', () => {
    const out = decimateMinMax([0, 10, 20, 30], [9, Number.NaN, 7, 8], {
      start: 10,
      end: 30,
      buckets: 10,
      maxGap: 100,
    });
    expect(out).toEqual([{ t: 20, value: 7 }]);
  });
});
