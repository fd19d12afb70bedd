/**
 * Downsampling as OVH's proxy does it, through Warp 10's BUCKETIZE with the query end as the last
 * bucket (ovh/erlenmeyer:proto/opentsdb/query.go): bucket k ends at `end − k·span`, holds the
 * points in (end − (k+1)·span, end − k·span] and is stamped at its end. There are
 * ⌊(end − start) / span⌋ buckets, so a partial bucket at the start of the range is left out. A range
 * shorter than one span gets one bucket: Warp 10 then counts buckets back to the series' first
 * point, which lies within one span of the end. `0all` is one bucket over (start, end], stamped at
 * the end.
 *
 * Fill policies: `zero` writes 0 in empty buckets; `nan` leaves NaN there, which Warp 10's strict
 * JSON turns into null and the proxy then drops, so empty buckets simply vanish; `none` runs
 * INTERPOLATE FILLPREVIOUS FILLNEXT when the grouping aggregator interpolates, which gives every
 * bucket of the range a value, and otherwise leaves empty buckets out.
 */
import type { DownsampleSpec, Points } from './downsample.ts';

export interface EndBuckets {
  readonly spanMs: number;
  readonly count: number;
}

const EMPTY: Points = { timestamps: new Float64Array(0), values: new Float64Array(0) };

/** The bucket grid a downsample specifier gives over [start, end]; null when the range is empty. */
export function endBuckets(spec: DownsampleSpec, startMs: number, endMs: number): EndBuckets | null {
  const range = endMs - startMs;
  if (range <= 0) return null;
  if (spec.all || spec.intervalMs === 0) return { spanMs: range, count: 1 };
  return { spanMs: spec.intervalMs, count: Math.max(1, Math.floor(range / spec.intervalMs)) };
}

/**
 * The span OVH forces on a sub-query without downsample: the first of `spansMs` that cuts the
 * range into at most `maxBuckets` buckets, else the last one.
 */
export function forcedSpanMs(rangeMs: number, spansMs: readonly number[], maxBuckets: number): number {
  for (const span of spansMs) if (rangeMs <= span * maxBuckets) return span;
  return spansMs[spansMs.length - 1] ?? rangeMs;
}

/** Linear between known buckets, the nearest known value before the first and after the last. */
function fillAcross(values: Float64Array, stamps: Float64Array): void {
  let prev = -1;
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i])) continue;
    if (prev === -1) values.fill(values[i] as number, 0, i);
    else if (i - prev > 1) {
      const x0 = stamps[prev] as number;
      const y0 = values[prev] as number;
      const slope = ((values[i] as number) - y0) / ((stamps[i] as number) - x0);
      for (let j = prev + 1; j < i; j++) values[j] = y0 + slope * ((stamps[j] as number) - x0);
    }
    prev = i;
  }
  if (prev !== -1) values.fill(values[prev] as number, prev + 1);
}

function withoutNaN(stamps: Float64Array, values: Float64Array): Points {
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i])) continue;
    stamps[m] = stamps[i] as number;
    values[m] = values[i] as number;
    m++;
  }
  return { timestamps: stamps.subarray(0, m), values: values.subarray(0, m) };
}

/**
 * Downsamples one series' points, already cut to (start, end], onto the end-aligned grid.
 * `interpolate` says whether the grouping aggregator asks for INTERPOLATE with fill `none`.
 */
export function downsampleFromEnd(
  points: Points,
  spec: Pick<DownsampleSpec, 'fn' | 'fill'>,
  grid: EndBuckets,
  endMs: number,
  interpolate: boolean,
): Points {
  const { count } = grid;
  if (points.timestamps.length === 0) return EMPTY;
  const { timestamps: ts, values: vs } = points;
  const stamps = new Float64Array(count);
  const values = new Float64Array(count);
  const buf = new Float64Array(ts.length);
  let k = 0;
  for (let b = 0; b < count; b++) {
    const bucketEnd = endMs - (count - 1 - b) * grid.spanMs;
    const after = bucketEnd - grid.spanMs;
    while (k < ts.length && (ts[k] as number) <= after) k++;
    let n = 0;
    while (k < ts.length && (ts[k] as number) <= bucketEnd) buf[n++] = vs[k++] as number;
    stamps[b] = bucketEnd;
    values[b] = n === 0 ? Number.NaN : spec.fn.reduce(buf, n);
  }
  if (spec.fill === 'zero') {
    for (let b = 0; b < count; b++) if (Number.isNaN(values[b])) values[b] = 0;
  } else if (spec.fill === 'none' && interpolate) {
    fillAcross(values, stamps);
  }
  return withoutNaN(stamps, values);
}
