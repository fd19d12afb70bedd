/** Stage 3, aggregate: the figures of one series over the period. */

/** A run of missing samples: [startMs, endMs), the time no sample arrived for. */
export interface GapSpan {
  readonly startMs: number;
  readonly endMs: number;
  /** Samples that should have arrived in the span, at the series' interval. */
  readonly missingSamples: number;
}

export interface GapSummary {
  /** Every run of missing samples longer than 1.5 intervals, the period's edges included. */
  readonly count: number;
  readonly missingSeconds: number;
  readonly longestSeconds: number;
  /** The first gaps, in time order, at most the configured cap; `count` says how many there were. */
  readonly listed: readonly GapSpan[];
}

/** Time a series spent strictly above a threshold, each sample counting for one interval. */
export interface TimeAbove {
  readonly threshold: number;
  readonly seconds: number;
  /** Share of the samples received, 0–100 (so a gap neither raises nor lowers it). */
  readonly sharePct: number;
}

/** Least-squares line through the samples against time. */
export interface Trend {
  readonly slopePerDay: number;
  /**
   * Standard error of the slope, widened for the lag-1 autocorrelation of the residuals (see
   * lib/aggregate/trend.ts); null when too few independent samples remain to estimate it.
   */
  readonly slopeStdErrPerDay: number | null;
  /** The line's value at the period's end. */
  readonly fittedAtEnd: number;
}

export interface TimedValue {
  readonly value: number;
  readonly atMs: number;
}

/**
 * Figures of one series over the period; null where there are no samples. Percentiles are type 7
 * (linear interpolation between closest ranks); `stdDev` is the population standard deviation
 * (divides by n). Coverage is received over expected samples at `intervalSeconds`.
 */
export interface MetricStats {
  readonly samples: number;
  readonly expected: number;
  /** 0–100. */
  readonly coveragePct: number;
  /** The series' sample spacing: inferred from its timestamps, or the requested bucket. */
  readonly intervalSeconds: number;
  readonly intervalSource: 'inferred' | 'requested';
  readonly gaps: GapSummary;
  readonly min: number | null;
  readonly mean: number | null;
  readonly max: number | null;
  readonly stdDev: number | null;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  /** The highest sample and when it came (the first one, on ties). */
  readonly peak: TimedValue | null;
  readonly last: TimedValue | null;
  readonly timeAbove: readonly TimeAbove[];
  readonly trend: Trend | null;
  /**
   * Mean per local hour of the week in the period's zone (168 cells, Monday 00h = cell 0),
   * rounded to 0.01; null for a cell without samples. Only kept for the profiled metrics
   * (CPU usage by default), null elsewhere, to keep the JSON small.
   */
  readonly profile: readonly (number | null)[] | null;
}

/**
 * Derived figures: CPU ready as % of one vCPU's time (ready ms / (interval × 1000) × 100 / cpuNum,
 * with the ready series' own interval), datastore space used as % of the filer's size.
 */
export const DERIVED = { cpuReadyPct: 'vm.cpu.ready.pct', datastoreUsedPct: 'filer.used.pct' } as const;
export type DerivedName = (typeof DERIVED)[keyof typeof DERIVED];
