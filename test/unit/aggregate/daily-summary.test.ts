import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DayAccumulator, figuresOf, mergeSummaries } from '../../../lib/aggregate/daily-summary.ts';
import { LocalClock } from '../../../lib/aggregate/local-time.ts';
import { computeSeriesStats } from '../../../lib/aggregate/series-stats.ts';
import { monthPeriod } from '../../../lib/core/period.ts';
import type { DailySummary } from '../../../lib/core/types.ts';
import { exactSum, populationStdDev, quantile7 } from './reference.ts';

const ALPHA = 0.01;

/** mulberry32, so the month's samples are the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function summaryOf(day: string, values: readonly number[]): DailySummary {
  const acc = new DayAccumulator(day, ALPHA);
  for (const v of values) acc.add(v);
  return acc.toJSON();
}

describe('daily summaries', () => {
  // October 2026 in Paris: 31 local days, the last Sunday 25 hours long.
  const month = monthPeriod('2026-10', 'Europe/Paris');
  const rand = random(2026);
  const timestamps: number[] = [];
  const values: number[] = [];
  for (let t = month.startMs / 1000; t < month.endMs / 1000; t += 300) {
    // A 3-hour hole every fourth day, and a load with a daily swing and noise.
    if (Math.floor(t / 86_400) % 4 === 0 && t % 86_400 < 3 * 3600) continue;
    timestamps.push(t);
    values.push(Math.round((20 + 15 * Math.sin(t / 13_751) + 30 * rand() ** 3) * 100) / 100);
  }
  const result = computeSeriesStats(Float64Array.from(timestamps), Float64Array.from(values), {
    period: month,
    clock: new LocalClock(month),
    requestedIntervalSeconds: 300,
    thresholds: [],
    profile: false,
    gapListCap: 20,
    relativeAccuracy: ALPHA,
  });
  const days = result.days ?? [];

  it('cuts one summary per local day, the 25-hour day included', () => {
    expect(days).toHaveLength(31);
    expect(days[0]?.day).toBe('2026-10-01');
    expect(days.at(-1)?.day).toBe('2026-10-31');
    // 25 October (local) runs 24 Oct 22:00Z to 25 Oct 23:00Z: 25 h × 12 = 300 grid points. The holes
    // fall on UTC days whose number is a multiple of 4; 24 Oct is day 20,750 and 25 Oct day 20,751: none.
    expect(days.find((d) => d.day === '2026-10-25')?.count).toBe(300);
    expect(days.reduce((n, d) => n + d.count, 0)).toBe(values.length);
  });

  it("recomputes the month's figures from the merged days: count, min, max, mean exactly, percentiles within 1 %", () => {
    const month = figuresOf(mergeSummaries(days));
    const n = values.length;
    const min = Math.min(...values);
    const max = Math.max(...values);
    expect(month.count).toBe(n);
    expect(month.min).toBe(min);
    expect(month.max).toBe(max);
    expect(month.mean).toBe(Math.min(max, Math.max(min, exactSum(values) / n)));
    expect(month.mean).toBe(result.stats.mean);
    const sd = populationStdDev(values) as number;
    expect(Math.abs((month.stdDev as number) - sd) / sd).toBeLessThan(1e-9);
    for (const [p, got] of [
      [0.5, month.p50],
      [0.95, month.p95],
      [0.99, month.p99],
    ] as const) {
      const want = quantile7(values, p) as number;
      // Stated tolerance for positive data: |estimate − exact| ≤ α × exact.
      expect(Math.abs((got as number) - want)).toBeLessThanOrEqual(ALPHA * want * (1 + 1e-9));
    }
  });

  it('merges associatively: (a ∪ b) ∪ c and a ∪ (b ∪ c) give the same figures', () => {
    const day = fc.array(fc.double({ min: 0, max: 1e5, noNaN: true }), { minLength: 1, maxLength: 100 });
    fc.assert(
      fc.property(day, day, day, (a, b, c) => {
        const [sa, sb, sc] = [summaryOf('a', a), summaryOf('b', b), summaryOf('c', c)];
        const left = figuresOf(mergeSummaries([mergeSummaries([sa, sb]), sc]));
        const right = figuresOf(mergeSummaries([sa, mergeSummaries([sb, sc])]));
        const flat = figuresOf(mergeSummaries([sc, sa, sb]));
        expect(right).toEqual(left);
        expect(flat).toEqual(left);
        expect(left.count).toBe(a.length + b.length + c.length);
        expect(left.mean).toBe(figuresOf(summaryOf('all', [...a, ...b, ...c])).mean);
      }),
    );
  });

  it('gives no figure for no sample', () => {
    expect(figuresOf(mergeSummaries([]))).toEqual({
      count: 0,
      min: null,
      max: null,
      mean: null,
      stdDev: null,
      p50: null,
      p95: null,
      p99: null,
    });
  });
});
