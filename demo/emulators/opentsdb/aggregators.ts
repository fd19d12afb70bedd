/**
 * OpenTSDB 2.4's aggregation functions (net.opentsdb.core.Aggregators), used both across series
 * at one timestamp and inside a downsampling bucket. Each reduces the first `n` entries of a
 * scratch buffer, skipping NaN (a filled, empty bucket) as stock does; an all-NaN input gives NaN.
 *
 * `interpolation` says what a series contributes at a timestamp it has no point for, when
 * grouping: `lerp` the straight line between its neighbours, `zim` zero, `skip` nothing
 * (mimmin/mimmax: stock substitutes ±Double.MAX_VALUE, which min/max then ignore), `prev` its
 * previous value (pfsum).
 */

export type Interpolation = 'lerp' | 'zim' | 'skip' | 'prev';

export interface Aggregator {
  readonly name: string;
  readonly interpolation: Interpolation;
  reduce(buf: Float64Array, n: number): number;
}

function sum(buf: Float64Array, n: number): number {
  let total = 0;
  let seen = 0;
  for (let i = 0; i < n; i++) {
    const v = buf[i] as number;
    if (!Number.isNaN(v)) {
      total += v;
      seen++;
    }
  }
  return seen === 0 ? Number.NaN : total;
}

function squareSum(buf: Float64Array, n: number): number {
  let total = 0;
  let seen = 0;
  for (let i = 0; i < n; i++) {
    const v = buf[i] as number;
    if (!Number.isNaN(v)) {
      total += v * v;
      seen++;
    }
  }
  return seen === 0 ? Number.NaN : total;
}

function avg(buf: Float64Array, n: number): number {
  let total = 0;
  let seen = 0;
  for (let i = 0; i < n; i++) {
    const v = buf[i] as number;
    if (!Number.isNaN(v)) {
      total += v;
      seen++;
    }
  }
  return seen === 0 ? Number.NaN : total / seen;
}

function min(buf: Float64Array, n: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const v = buf[i] as number;
    if (v < best) best = v;
  }
  return best === Number.POSITIVE_INFINITY ? Number.NaN : best;
}

function max(buf: Float64Array, n: number): number {
  let best = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const v = buf[i] as number;
    if (v > best) best = v;
  }
  return best === Number.NEGATIVE_INFINITY ? Number.NaN : best;
}

function count(buf: Float64Array, n: number): number {
  let seen = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(buf[i])) seen++;
  return seen;
}

/** Count and sum of squared deviations of the non-NaN values (Welford's single pass). */
export function welford(buf: Float64Array, n: number): { seen: number; m2: number } {
  let mean = 0;
  let m2 = 0;
  let seen = 0;
  for (let i = 0; i < n; i++) {
    const x = buf[i] as number;
    if (Number.isNaN(x)) continue;
    seen++;
    const delta = x - mean;
    mean += delta / seen;
    m2 += delta * (x - mean);
  }
  return { seen, m2 };
}

/** Population standard deviation, as stock's StdDev computes it. */
function dev(buf: Float64Array, n: number): number {
  const { seen, m2 } = welford(buf, n);
  return seen === 0 ? Number.NaN : Math.sqrt(m2 / seen);
}

function firstOf(buf: Float64Array, n: number): number {
  for (let i = 0; i < n; i++) if (!Number.isNaN(buf[i])) return buf[i] as number;
  return Number.NaN;
}

function lastOf(buf: Float64Array, n: number): number {
  for (let i = n - 1; i >= 0; i--) if (!Number.isNaN(buf[i])) return buf[i] as number;
  return Number.NaN;
}

let sortScratch = new Float64Array(64);

/** The finite values of buf[0..n), sorted ascending, in a shared scratch array. */
function sortedFinite(buf: Float64Array, n: number): Float64Array {
  if (sortScratch.length < n) sortScratch = new Float64Array(n * 2);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = buf[i] as number;
    if (!Number.isNaN(v)) sortScratch[m++] = v;
  }
  return sortScratch.subarray(0, m).sort();
}

function median(buf: Float64Array, n: number): number {
  const sorted = sortedFinite(buf, n);
  return sorted.length === 0 ? Number.NaN : (sorted[sorted.length >> 1] as number);
}

/**
 * Apache Commons Math's default (LEGACY) percentile estimate, which stock uses for double
 * values whatever the `ep*` name asks for: position p(n+1), linear between neighbours.
 */
export function legacyPercentile(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  if (n === 1) return sorted[0] as number;
  const pos = (p / 100) * (n + 1);
  if (pos < 1) return sorted[0] as number;
  if (pos >= n) return sorted[n - 1] as number;
  const lower = sorted[Math.floor(pos) - 1] as number;
  const upper = sorted[Math.floor(pos)] as number;
  return lower + (pos - Math.floor(pos)) * (upper - lower);
}

function percentile(p: number): (buf: Float64Array, n: number) => number {
  return (buf, n) => legacyPercentile(sortedFinite(buf, n), p);
}

const PERCENTILES = { '50': 50, '75': 75, '90': 90, '95': 95, '99': 99, '999': 99.9 } as const;

function build(): ReadonlyMap<string, Aggregator> {
  const list: Aggregator[] = [
    { name: 'sum', interpolation: 'lerp', reduce: sum },
    { name: 'zimsum', interpolation: 'zim', reduce: sum },
    { name: 'pfsum', interpolation: 'prev', reduce: sum },
    { name: 'avg', interpolation: 'lerp', reduce: avg },
    { name: 'min', interpolation: 'lerp', reduce: min },
    { name: 'max', interpolation: 'lerp', reduce: max },
    { name: 'mimmin', interpolation: 'skip', reduce: min },
    { name: 'mimmax', interpolation: 'skip', reduce: max },
    { name: 'dev', interpolation: 'lerp', reduce: dev },
    { name: 'median', interpolation: 'lerp', reduce: median },
    { name: 'count', interpolation: 'zim', reduce: count },
    { name: 'first', interpolation: 'zim', reduce: firstOf },
    { name: 'last', interpolation: 'zim', reduce: lastOf },
    { name: 'squareSum', interpolation: 'zim', reduce: squareSum },
    // `none` never reduces across series (each series is its own group); inside a group of one
    // it passes the value through.
    { name: 'none', interpolation: 'zim', reduce: firstOf },
  ];
  for (const [suffix, p] of Object.entries(PERCENTILES)) {
    const reduce = percentile(p);
    list.push({ name: `p${suffix}`, interpolation: 'lerp', reduce });
    list.push({ name: `ep${suffix}r3`, interpolation: 'lerp', reduce });
    list.push({ name: `ep${suffix}r7`, interpolation: 'lerp', reduce });
  }
  return new Map(list.map((a) => [a.name, a]));
}

export const AGGREGATORS: ReadonlyMap<string, Aggregator> = build();

/** The aggregator of that name, or undefined. */
export function aggregatorNamed(name: string): Aggregator | undefined {
  return AGGREGATORS.get(name);
}
