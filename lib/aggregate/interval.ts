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
  const sorted = scratch.subarray(0, spacings).sort();
  const mid = spacings >> 1;
  const median =
    spacings % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  const multiple = Math.round(median / requestedSeconds);
  if (
    multiple >= 1 &&
    Math.abs(median - multiple * requestedSeconds) <= INTERVAL_RULES.snapTolerance * requestedSeconds
  ) {
    return { seconds: multiple * requestedSeconds, source: 'inferred' };
  }
  return { seconds: Math.max(1, Math.round(median)), source: 'inferred' };
}
