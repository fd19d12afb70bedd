/**
 * The aggregation functions OVH's proxy accepts, under their OpenTSDB names, computed as the Warp 10
 * reducers and bucketizers it translates them to (ovh/erlenmeyer:proto/opentsdb/aggregators.go and
 * query.go). Two of them differ from stock: `dev` is Warp 10's sd with Bessel's correction (sample
 * standard deviation), and `pNN` is Warp 10's nearest-rank percentile, not Commons Math's estimate.
 */
import { AGGREGATORS, type Aggregator, welford } from './aggregators.ts';

/** Accepted as the grouping aggregator (`aggregator`); first, last, median and the rest are not. */
export const OVH_GROUPING_NAMES = [
  'avg',
  'sum',
  'zimsum',
  'min',
  'max',
  'mimmin',
  'mimmax',
  'p50',
  'p75',
  'p90',
  'p95',
  'p99',
  'p999',
  'dev',
  'none',
  'count',
] as const;

/** Accepted as the downsampling function; `first` and `last` are, unlike for grouping. */
export const OVH_DOWNSAMPLER_NAMES = [
  'avg',
  'sum',
  'zimsum',
  'mimmin',
  'mimmax',
  'min',
  'max',
  'count',
  'first',
  'last',
  'p50',
  'p75',
  'p90',
  'p95',
  'p99',
  'p999',
  'dev',
] as const;

let scratch = new Float64Array(64);

function finiteSorted(buf: Float64Array, n: number): Float64Array {
  if (scratch.length < n) scratch = new Float64Array(n * 2);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = buf[i] as number;
    if (!Number.isNaN(v)) scratch[m++] = v;
  }
  return scratch.subarray(0, m).sort();
}

/** Warp 10's percentile without interpolation: the value of rank ⌊p·n/100⌋ (0-based), capped at n − 1. */
export function nearestRankPercentile(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  return sorted[Math.min(n - 1, Math.floor((p * n) / 100))] as number;
}

/** Standard deviation with Bessel's correction; NaN (dropped from the answer) for fewer than two values. */
function sampleDev(buf: Float64Array, n: number): number {
  const { seen, m2 } = welford(buf, n);
  return seen < 2 ? Number.NaN : Math.sqrt(m2 / (seen - 1));
}

const PERCENTILES: Readonly<Record<string, number>> = {
  p50: 50,
  p75: 75,
  p90: 90,
  p95: 95,
  p99: 99,
  p999: 99.9,
};

function warp10(name: string): Aggregator {
  const stock = AGGREGATORS.get(name);
  if (!stock) throw new Error(`No stock aggregator named ${name}`);
  if (name === 'dev') return { ...stock, reduce: sampleDev };
  const p = PERCENTILES[name];
  if (p !== undefined)
    return { ...stock, reduce: (buf, n) => nearestRankPercentile(finiteSorted(buf, n), p) };
  return stock;
}

function table(names: readonly string[]): ReadonlyMap<string, Aggregator> {
  return new Map(names.map((name) => [name, warp10(name)]));
}

export const OVH_AGGREGATORS: ReadonlyMap<string, Aggregator> = table(OVH_GROUPING_NAMES);
export const OVH_DOWNSAMPLERS: ReadonlyMap<string, Aggregator> = table(OVH_DOWNSAMPLER_NAMES);
