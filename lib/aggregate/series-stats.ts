/**
 * Every figure of one series over the period, in a few passes over compact typed arrays and
 * without keeping the samples: interval and coverage, gaps, min / mean / max / population
 * standard deviation, type-7 percentiles (quantile.ts), peak, time above thresholds, trend,
 * hour-of-week profile and the mergeable daily summaries.
 *
 * Samples that are NaN (gaps) or outside the period are ignored. The mean is the exact sum
 * divided by the count (kept within [min, max]), so min, mean, max and the percentiles are the
 * same doubles whatever the order of the samples; the standard deviation, a compensated sum,
 * agrees to a few ulps. Percentiles come from selection (quantile.ts), not a sort.
 */
import type { DailySummary, GapSummary, MetricStats, Period } from '../core/types.ts';
import { DayAccumulator } from './daily-summary.ts';
import { CompensatedSum, ExactSum } from './exact-sum.ts';
import { GapTracker } from './gaps.ts';
import { type Interval, inferInterval } from './interval.ts';
import { dayLabel, type LocalClock } from './local-time.ts';
import { ProfileAccumulator } from './profile.ts';
import { quantilesInPlace } from './quantile.ts';
import { fitTrend } from './trend.ts';

export interface SeriesStatsOptions {
  readonly period: Pick<Period, 'startMs' | 'endMs'>;
  readonly clock: LocalClock;
  /** The bucket width the series was requested at: the fallback interval. */
  readonly requestedIntervalSeconds: number;
  /** Thresholds to measure the time above, ascending. */
  readonly thresholds: readonly number[];
  /** Keep the hour-of-week profile in the stats. */
  readonly profile: boolean;
  /** Gaps listed at most (all are counted). */
  readonly gapListCap: number;
  /** Relative accuracy of the daily summaries' sketches; null for no summaries. */
  readonly relativeAccuracy: number | null;
  /** The interval to use instead of inferring one (a derived series uses its source's). */
  readonly interval?: Interval;
}

export interface SeriesStatsResult {
  readonly stats: MetricStats;
  /** One per local day with samples; null when summaries are off. */
  readonly days: DailySummary[] | null;
  /** The hour-of-week sums behind `stats.profile`, to add to a fleet profile; null when not asked for. */
  readonly profile: ProfileAccumulator | null;
}

const QUARTER_HOUR_MS = 15 * 60 * 1000;

// Reused between calls: the statistics of 13,000 series allocate no per-series sample copies.
let scratchT = new Float64Array(4096);
let scratchV = new Float64Array(4096);

function compact(
  timestamps: ArrayLike<number>,
  values: ArrayLike<number>,
  fromSec: number,
  toSec: number,
): number {
  const length = Math.min(timestamps.length, values.length);
  if (scratchT.length < length) {
    scratchT = new Float64Array(length);
    scratchV = new Float64Array(length);
  }
  let n = 0;
  for (let i = 0; i < length; i++) {
    const t = timestamps[i] as number;
    const v = values[i] as number;
    if (!Number.isFinite(v) || !(t >= fromSec && t < toSec)) continue;
    scratchT[n] = t;
    scratchV[n] = v;
    n++;
  }
  return n;
}

/** What the one pass in time order collects. */
interface Scan {
  readonly gaps: GapSummary;
  readonly above: Float64Array;
  readonly profile: ProfileAccumulator | null;
  readonly days: DayAccumulator[];
  readonly total: ExactSum;
  readonly dayCount: number;
  readonly min: number;
  readonly max: number;
  readonly peakAt: number;
}

function countAbove(above: Float64Array, thresholds: readonly number[], v: number): void {
  for (let k = 0; k < thresholds.length; k++) {
    if (v > (thresholds[k] as number)) above[k] = (above[k] as number) + 1;
  }
}

function scan(n: number, step: number, startSec: number, endSec: number, options: SeriesStatsOptions): Scan {
  const T = scratchT;
  const V = scratchV;
  const { thresholds, clock } = options;
  const gaps = new GapTracker(startSec, endSec, step, options.gapListCap);
  const above = new Float64Array(thresholds.length);
  const profile = options.profile ? new ProfileAccumulator() : null;
  const days: DayAccumulator[] = [];
  const accuracy = options.relativeAccuracy;
  const total = new ExactSum();
  let day: DayAccumulator | null = null;
  let dayNumber = Number.NaN;
  let dayCount = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let peakAt = 0;
  // Local day and hour are constant within a UTC quarter hour (zone offsets are whole quarter
  // hours and change only on their boundaries): the clock is read once per quarter hour.
  let slot = Number.NaN;
  let cell = 0;
  let dn = 0;
  for (let i = 0; i < n; i++) {
    const t = T[i] as number;
    const v = V[i] as number;
    const ms = t * 1000;
    gaps.next(t);
    if (v < min) min = v;
    if (v > max) {
      max = v;
      peakAt = ms;
    }
    countAbove(above, thresholds, v);
    const quarter = Math.floor(ms / QUARTER_HOUR_MS);
    if (quarter !== slot) {
      slot = quarter;
      dn = clock.dayNumber(ms);
      if (profile) cell = clock.hourOfWeek(ms);
    }
    if (profile) profile.add(cell, v);
    if (dn !== dayNumber) {
      dayNumber = dn;
      dayCount++;
      if (accuracy !== null) {
        day = new DayAccumulator(dayLabel(dn), accuracy);
        days.push(day);
      }
    }
    if (day === null) total.add(v);
    else day.add(v);
  }
  // With summaries, the days hold the exact sums; their merge is the period's exact sum.
  for (const d of days) total.merge(d.sum);
  return { gaps: gaps.finish(), above, profile, days, total, dayCount, min, max, peakAt };
}

/**
 * Σ(x − mean)² over values[0..n), compensated (Neumaier): the terms are positive, so the result
 * is within a few ulps of the exact sum whatever their order.
 */
function sumOfSquaredDeviations(values: Float64Array, n: number, mean: number): number {
  const sum = new CompensatedSum();
  for (let i = 0; i < n; i++) {
    const d = (values[i] as number) - mean;
    sum.add(d * d);
  }
  return sum.value();
}

const NO_FIGURES = {
  min: null,
  mean: null,
  max: null,
  stdDev: null,
  p50: null,
  p95: null,
  p99: null,
  peak: null,
  last: null,
  trend: null,
  profile: null,
} as const;

/** Computes the stats of a series given as ascending epoch-second timestamps and values. */
export function computeSeriesStats(
  timestamps: ArrayLike<number>,
  values: ArrayLike<number>,
  options: SeriesStatsOptions,
): SeriesStatsResult {
  const startSec = options.period.startMs / 1000;
  const endSec = options.period.endMs / 1000;
  const n = compact(timestamps, values, startSec, endSec);
  const T = scratchT;
  const V = scratchV;
  const interval = options.interval ?? inferInterval(T, n, options.requestedIntervalSeconds);
  const step = interval.seconds;
  const expected = Math.round((endSec - startSec) / step);
  const pass = scan(n, step, startSec, endSec, options);
  const days = options.relativeAccuracy === null ? null : pass.days.map((d) => d.toJSON());
  const base = {
    samples: n,
    expected,
    coveragePct: expected > 0 ? Math.min(100, (n / expected) * 100) : 0,
    intervalSeconds: step,
    intervalSource: interval.source,
    gaps: pass.gaps,
    timeAbove: options.thresholds.map((threshold, k) => ({
      threshold,
      seconds: (pass.above[k] as number) * step,
      sharePct: n > 0 ? ((pass.above[k] as number) / n) * 100 : 0,
    })),
  };
  if (n === 0) return { stats: { ...base, ...NO_FIGURES }, days, profile: pass.profile };

  // The division can round one ulp outside [min, max] (three samples of 0.1); the mean cannot be.
  const mean = Math.min(pass.max, Math.max(pass.min, pass.total.value() / n));
  const trend = fitTrend(T, V, n, startSec, endSec, pass.dayCount);
  const last = { value: V[n - 1] as number, atMs: (T[n - 1] as number) * 1000 };
  // Time order is no longer needed: the percentiles reorder the scratch copy in place.
  const [p50, p95, p99] = quantilesInPlace(V.subarray(0, n), [0.5, 0.95, 0.99]);
  const squaredDeviations = sumOfSquaredDeviations(V, n, mean);
  const stats: MetricStats = {
    ...base,
    min: pass.min,
    mean,
    max: pass.max,
    stdDev: Math.sqrt(squaredDeviations / n),
    p50: p50 ?? null,
    p95: p95 ?? null,
    p99: p99 ?? null,
    peak: { value: pass.max, atMs: pass.peakAt },
    last,
    trend,
    profile: pass.profile ? pass.profile.means() : null,
  };
  return { stats, days, profile: pass.profile };
}
