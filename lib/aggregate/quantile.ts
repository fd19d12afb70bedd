/**
 * Percentile definition: linear interpolation between closest ranks on the sorted samples
 * (Hyndman & Fan type 7, the default of NumPy, R and spreadsheet PERCENTILE.INC):
 *   h = (n − 1)·p,  P = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 */

/**
 * Type-7 quantiles of `values` for ascending `ps`, found by selection instead of a sort: each
 * order statistic the interpolation needs is put in place by quickselect (expected linear time),
 * its successor is the minimum of what lies above it. Reorders `values`; empty gives nulls.
 */
export function quantilesInPlace(values: Float64Array, ps: readonly number[]): (number | null)[] {
  const n = values.length;
  let from = 0;
  return ps.map((p) => {
    if (n === 0) return null;
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    select(values, lo, from, n - 1);
    from = lo;
    const a = values[lo] as number;
    if (lo + 1 >= n) return a;
    let b = values[lo + 1] as number;
    for (let i = lo + 2; i < n; i++) if ((values[i] as number) < b) b = values[i] as number;
    return a + (h - lo) * (b - a);
  });
}

/** Puts the k-th smallest of `a[left..right]` at `a[k]`, smaller ones before, larger ones after. */
function select(a: Float64Array, k: number, left: number, right: number): void {
  let lo = left;
  let hi = right;
  while (hi > lo) {
    // Median of three as the pivot: sorted or constant runs stay linear.
    const mid = (lo + hi) >> 1;
    const pivot = median3(a[lo] as number, a[mid] as number, a[hi] as number);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function median3(x: number, y: number, z: number): number {
  if (x < y) return y < z ? y : Math.max(x, z);
  return x < z ? x : Math.max(y, z);
}
