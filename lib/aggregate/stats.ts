/**
 * Utilisation statistics of one series. Pure and allocation-light: one pass for count, min,
 * max and mean, one numeric sort of a typed-array copy for the percentile.
 *
 * Percentile definition: linear interpolation between closest ranks on the sorted samples
 * (Hyndman & Fan type 7, the default of NumPy, R and spreadsheet PERCENTILE.INC):
 *   h = (n − 1)·p,  P = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 * NaN samples are ignored (they are gaps, not values).
 */
import type { MetricStats } from '../core/types.ts';

/** The p-quantile (0 ≤ p ≤ 1) of ascending-sorted values, type 7; null when empty. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  if (lo + 1 >= n) return a;
  const b = sorted[lo + 1] as number;
  return a + (h - lo) * (b - a);
}

/** count, min, max, mean and p95 of `values` against `expected` samples for the period. */
export function seriesStats(values: ArrayLike<number>, expected: number): MetricStats {
  const finite = new Float64Array(values.length);
  let n = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) continue;
    finite[n++] = v;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const coveragePct = expected > 0 ? Math.min(100, (n / expected) * 100) : 0;
  if (n === 0) {
    return { samples: 0, expected, coveragePct, min: null, mean: null, max: null, p95: null };
  }
  const sorted = finite.subarray(0, n).sort();
  return { samples: n, expected, coveragePct, min, mean: sum / n, max, p95: quantileSorted(sorted, 0.95) };
}

/** Stats of a series with no samples at all. */
export function emptyStats(expected: number): MetricStats {
  return seriesStats([], expected);
}
