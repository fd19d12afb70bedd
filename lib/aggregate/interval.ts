/**
 * The native sample interval of a series, inferred from its timestamps: the median spacing, which
 * a few gaps or late samples do not move. Collector jitter is absorbed by snapping to a whole
 * multiple of the requested bucket when the median is within 10 % of one (vScope's 5 minutes,
 * or the 20 minutes of OVH's example answer). With fewer than 3 spacings there is nothing to
 * infer from, and the requested bucket stands.
 */

export const INTERVAL_RULES = { minSpacings: 3, snapTolerance: 0.1 } as const;

export interface Interval {
  readonly seconds: number;
  readonly source: 'inferred' | 'requested';
}

let scratch = new Float64Array(1024);

/** The interval of ascending `timestamps[0..count)` (epoch seconds), or `requestedSeconds`. */
export function inferInterval(
  timestamps: ArrayLike<number>,
  count: number,
  requestedSeconds: number,
): Interval {
  let spacings = 0;
  if (scratch.length < count) scratch = new Float64Array(count * 2);
  for (let i = 1; i < count; i++) {
    const d = (timestamps[i] as number) - (timestamps[i - 1] as number);
    if (d > 0) scratch[spacings++] = d;
  }
  if (spacings < INTERVAL_RULES.minSpacings) return { seconds: requestedSeconds, source: 'requested' };
  const median = majority(scratch, spacings) ?? medianOf(scratch.subarray(0, spacings).sort());
  const multiple = Math.round(median / requestedSeconds);
  if (
    multiple >= 1 &&
    Math.abs(median - multiple * requestedSeconds) <= INTERVAL_RULES.snapTolerance * requestedSeconds
  ) {
    return { seconds: multiple * requestedSeconds, source: 'inferred' };
  }
  return { seconds: Math.max(1, Math.round(median)), source: 'inferred' };
}

/**
 * The value held by more than half of `values[0..count)`, or null. Such a value is the median
 * (it covers both middle ranks of the sorted values), found in two passes instead of a sort —
 * the usual case of a series sampled on a regular grid.
 */
function majority(values: Float64Array, count: number): number | null {
  let candidate = 0;
  let votes = 0;
  for (let i = 0; i < count; i++) {
    const v = values[i] as number;
    if (votes === 0) {
      candidate = v;
      votes = 1;
    } else if (v === candidate) votes++;
    else votes--;
  }
  let held = 0;
  for (let i = 0; i < count; i++) if (values[i] === candidate) held++;
  return held * 2 > count ? candidate : null;
}

function medianOf(sorted: Float64Array): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
