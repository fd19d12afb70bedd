/**
 * Percentile definition: linear interpolation between closest ranks on the sorted samples
 * (Hyndman & Fan type 7, the default of NumPy, R and spreadsheet PERCENTILE.INC):
 *   h = (n − 1)·p,  P = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 */

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
