/**
 * Rate conversion (net.opentsdb.core.RateSpan): the per-second change between consecutive
 * points, stamped at the later one. Counters that go down wrap at `counterMax`, or the point is
 * dropped with `dropResets`; a rate above a non-zero `resetValue` reads as 0.
 */
import type { Points } from './downsample.ts';

export interface RateOptions {
  readonly counter: boolean;
  readonly counterMax: number;
  readonly resetValue: number;
  readonly dropResets: boolean;
}

/** Java's Long.MAX_VALUE (stock's default counterMax), as the nearest double, which is what rates use. */
export const DEFAULT_COUNTER_MAX = 2 ** 63;

export const DEFAULT_RATE_OPTIONS: RateOptions = {
  counter: false,
  counterMax: DEFAULT_COUNTER_MAX,
  resetValue: 0,
  dropResets: false,
};

/** The rate series of a points slice; one point shorter (or more, with dropped resets). */
export function toRate(points: Points, options: RateOptions): Points {
  const { timestamps: ts, values: vs } = points;
  const n = Math.max(0, ts.length - 1);
  const outTs = new Float64Array(n);
  const outVs = new Float64Array(n);
  let m = 0;
  for (let k = 1; k < ts.length; k++) {
    const t0 = ts[k - 1] as number;
    const t1 = ts[k] as number;
    const v0 = vs[k - 1] as number;
    const v1 = vs[k] as number;
    const seconds = (t1 - t0) / 1000;
    let diff = v1 - v0;
    let rate: number;
    if (options.counter && diff < 0) {
      if (options.dropResets) continue;
      diff = options.counterMax - v0 + v1;
      rate = diff / seconds;
      if (options.resetValue > 0 && rate > options.resetValue) rate = 0;
    } else {
      rate = diff / seconds;
    }
    outTs[m] = t1;
    outVs[m] = rate;
    m++;
  }
  return { timestamps: outTs.subarray(0, m), values: outVs.subarray(0, m) };
}
