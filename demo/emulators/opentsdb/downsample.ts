/**
 * Downsampling: `<n><unit>-<fn>[-<fill>]` over epoch-aligned buckets (`ts - ts % interval`), or
 * `0all-<fn>`, one bucket over [start, end) stamped at start. With a fill policy every bucket of
 * the query range is emitted, empty ones as NaN (`nan`, `null`) or 0 (`zero`); with `none`
 * (the default) empty buckets are simply absent and grouping interpolates across them.
 */
import { type Aggregator, aggregatorNamed } from './aggregators.ts';
import { badRequest } from './errors.ts';
import { parseDuration } from './time.ts';

export const FILL_POLICIES = ['none', 'nan', 'null', 'zero'] as const;
export type FillPolicy = (typeof FILL_POLICIES)[number];

export interface DownsampleSpec {
  /** As the query wrote it, echoed back by showQuery. */
  readonly text: string;
  /** Bucket width; 0 for `all`. */
  readonly intervalMs: number;
  readonly all: boolean;
  readonly fn: Aggregator;
  readonly fill: FillPolicy;
}

/** A points slice: parallel arrays, timestamps in epoch milliseconds, ascending. */
export interface Points {
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
}

function isFill(text: string): text is FillPolicy {
  return (FILL_POLICIES as readonly string[]).includes(text);
}

/** Parses a downsample specifier; throws a 400 TsdbError naming what is wrong. */
export function parseDownsample(text: string): DownsampleSpec {
  const invalid = (why: string) => badRequest(`Invalid downsampling specifier '${text}': ${why}`);
  const parts = text.split('-');
  if (parts.length < 2 || parts.length > 3) throw invalid('expected <interval>-<function>[-<fill policy>]');
  const [interval = '', fnName = '', fillName = 'none'] = parts;
  const fn = aggregatorNamed(fnName);
  if (!fn) throw invalid(`no such downsampling function '${fnName}'`);
  if (fn.name === 'none') throw invalid("the 'none' aggregator cannot downsample");
  if (!isFill(fillName)) throw invalid(`unrecognized fill policy '${fillName}' (none, nan, null, zero)`);
  if (/^\d*all$/i.test(interval)) return { text, intervalMs: 0, all: true, fn, fill: fillName };
  if (/^\d+(ms|s|m|h|d|w|n|y)c$/.test(interval)) {
    throw invalid('calendar intervals are not supported by this emulator');
  }
  const d = parseDuration(interval);
  if (!d) throw invalid(`unparseable interval '${interval}'`);
  if (d.ms <= 0) throw invalid('the interval must be greater than zero');
  return { text, intervalMs: d.ms, all: false, fn, fill: fillName };
}

/** The raw-data window [lo, hi) a downsampled query needs: whole buckets around [start, end]. */
export function downsampleWindow(
  spec: DownsampleSpec,
  startMs: number,
  endMs: number,
): { lo: number; hi: number } {
  if (spec.all) return { lo: startMs, hi: endMs };
  const i = spec.intervalMs;
  return { lo: startMs - (startMs % i), hi: endMs - (endMs % i) + i };
}

let scratch = new Float64Array(1024);

function bucketBuffer(n: number): Float64Array {
  if (scratch.length < n) scratch = new Float64Array(n * 2);
  return scratch;
}

function downsampleAll(points: Points, spec: DownsampleSpec, startMs: number): Points {
  const n = points.values.length;
  if (n === 0) return { timestamps: new Float64Array(0), values: new Float64Array(0) };
  return { timestamps: Float64Array.of(startMs), values: Float64Array.of(spec.fn.reduce(points.values, n)) };
}

function downsampleSparse(points: Points, spec: DownsampleSpec): Points {
  const { timestamps: ts, values: vs } = points;
  const i = spec.intervalMs;
  const outTs = new Float64Array(ts.length);
  const outVs = new Float64Array(ts.length);
  let m = 0;
  let k = 0;
  while (k < ts.length) {
    const t0 = ts[k] as number;
    const bucket = t0 - (t0 % i);
    const end = bucket + i;
    let n = 0;
    const buf = bucketBuffer(ts.length - k);
    while (k < ts.length && (ts[k] as number) < end) buf[n++] = vs[k++] as number;
    outTs[m] = bucket;
    outVs[m] = spec.fn.reduce(buf, n);
    m++;
  }
  return { timestamps: outTs.subarray(0, m), values: outVs.subarray(0, m) };
}

function downsampleFilled(points: Points, spec: DownsampleSpec, lo: number, hi: number): Points {
  const { timestamps: ts, values: vs } = points;
  const i = spec.intervalMs;
  const buckets = Math.max(0, Math.ceil((hi - lo) / i));
  const outTs = new Float64Array(buckets);
  const outVs = new Float64Array(buckets);
  const empty = spec.fill === 'zero' ? 0 : Number.NaN;
  let k = 0;
  for (let b = 0; b < buckets; b++) {
    const start = lo + b * i;
    const end = start + i;
    while (k < ts.length && (ts[k] as number) < start) k++;
    let n = 0;
    const buf = bucketBuffer(ts.length - k + 1);
    while (k < ts.length && (ts[k] as number) < end) buf[n++] = vs[k++] as number;
    outTs[b] = start;
    outVs[b] = n === 0 ? empty : spec.fn.reduce(buf, n);
  }
  return { timestamps: outTs, values: outVs };
}

/**
 * Downsamples one series' points, already cut to the window `downsampleWindow` gives. Filled
 * buckets cover [lo, hi) of that window.
 */
export function downsample(points: Points, spec: DownsampleSpec, window: { lo: number; hi: number }): Points {
  if (spec.all) return downsampleAll(points, spec, window.lo);
  if (spec.fill === 'none') return downsampleSparse(points, spec);
  return downsampleFilled(points, spec, window.lo, window.hi);
}
