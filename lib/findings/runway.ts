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
import type { RunwayEvidence, Trend } from '../core/types.ts';

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

/** `n` to `digits` decimals, the rounding the findings' figures use (draft.ts `round`). */
const rounded = (n: number, digits: number): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** The forecast as a finding states it, with the lines it shows; rounded as the figures are. */
export function runwayEvidence(
  runway: Runway,
  shown: readonly RunwayLine[],
  confidenceZ: number,
): RunwayEvidence {
  return {
    slopePctPerDay: rounded(runway.slopePctPerDay, 4),
    slopeStdErrPctPerDay: rounded(runway.stdErrPctPerDay, 4),
    fittedEndPct: rounded(runway.fromPct, 3),
    confidenceZ,
    lines: shown.map((l) => ({
      linePct: l.linePct,
      days: rounded(l.days, 1),
      daysEarliest: rounded(l.daysEarliest, 1),
      daysLatest: rounded(l.daysLatest, 1),
    })),
  };
}

/** The forecast under the figure names report.json has always had (`daysTo90Pct`...). */
export function runwayFigures(evidence: RunwayEvidence): Record<string, number> {
  const figures: Record<string, number> = {
    slopePctPerDay: evidence.slopePctPerDay,
    slopeStdErrPctPerDay: evidence.slopeStdErrPctPerDay,
    fittedEndPct: evidence.fittedEndPct,
    confidenceZ: evidence.confidenceZ,
  };
  for (const l of evidence.lines) {
    figures[`daysTo${l.linePct}Pct`] = l.days;
    figures[`daysTo${l.linePct}PctEarliest`] = l.daysEarliest;
    figures[`daysTo${l.linePct}PctLatest`] = l.daysLatest;
  }
  return figures;
}
