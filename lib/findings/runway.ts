/**
 * Datastore runway: days from the period's end until the trend line reaches each line (80, 90,
 * 100 % of size), with a band from the slope's standard error:
 *
 *   days = (line − fitted) / slope,  earliest = (line − fitted) / (slope + z·se),
 *   latest = (line − fitted) / (slope − z·se).
 *
 * No forecast when the trend is flat or falling, or not distinguishable from flat
 * (slope − z·se ≤ 0, or no error estimate): a datastore that is not filling up has no runway
 * to announce.
 */
import type { Trend } from '../core/types.ts';

export interface RunwayLine {
  readonly linePct: number;
  readonly days: number;
  readonly daysEarliest: number;
  readonly daysLatest: number;
}

export interface Runway {
  readonly slopePctPerDay: number;
  readonly stdErrPctPerDay: number;
  /** The trend line's value at the period's end, the forecast's starting point. */
  readonly fromPct: number;
  /** Lines still ahead, nearest first; lines already crossed are left out. */
  readonly lines: readonly RunwayLine[];
}

export interface RunwayOptions {
  readonly linesPct: readonly number[];
  readonly confidenceZ: number;
  readonly minSlopePctPerDay: number;
}

/** The runway of a used-% trend, or null when it is flat or falling. */
export function forecastRunway(trend: Trend, options: RunwayOptions): Runway | null {
  const slope = trend.slopePerDay;
  const stdErr = trend.slopeStdErrPerDay;
  // Without an error estimate a rise cannot be told from noise: no forecast rather than a guess.
  if (stdErr === null) return null;
  const spread = options.confidenceZ * stdErr;
  if (!(slope > options.minSlopePctPerDay) || !(slope - spread > 0)) return null;
  const from = trend.fittedAtEnd;
  const lines = [...options.linesPct]
    .sort((a, b) => a - b)
    .filter((line) => line > from)
    .map((line) => ({
      linePct: line,
      days: (line - from) / slope,
      daysEarliest: (line - from) / (slope + spread),
      daysLatest: (line - from) / (slope - spread),
    }));
  return { slopePctPerDay: slope, stdErrPctPerDay: stdErr, fromPct: from, lines };
}
