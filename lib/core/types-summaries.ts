/** Stage 3, aggregate: mergeable per-day summaries of each series, written beside the report. */
import type { ComponentKind, MetricName } from './catalogue.ts';
import type { ReportPeriod } from './types-period.ts';
import type { DerivedName } from './types-stats.ts';

/** Counts of a log-bucketed histogram: counts[i] samples fell in bucket `offset + i`. */
export interface BucketRun {
  readonly offset: number;
  readonly counts: readonly number[];
}

/**
 * A quantile sketch with relative accuracy α: bucket k holds |x| in (γ^(k−1), γ^k], γ = (1+α)/(1−α),
 * so any quantile it returns is within α of the exact one (relative), merging is adding counts.
 */
export interface SketchData {
  readonly relativeAccuracy: number;
  /** Samples too close to zero to index (|x| < 1e-9); they read back as 0. */
  readonly zeros: number;
  readonly positive: BucketRun;
  /** Buckets of |x| for negative samples. */
  readonly negative: BucketRun;
}

/**
 * Everything needed to recompute a longer period's figures from one local day of one series:
 * count, min, max and exact sums merge exactly; percentiles come back from the sketch.
 */
export interface DailySummary {
  /** Local date in the report's zone, `yyyy-MM-dd`. */
  readonly day: string;
  readonly count: number;
  /** The exact sum as non-overlapping partials; their correctly rounded total is the sum. */
  readonly sum: readonly number[];
  /** Exact sum of the squared samples, as partials. */
  readonly sumSquares: readonly number[];
  readonly min: number;
  readonly max: number;
  readonly sketch: SketchData;
}

export interface SeriesSummaries {
  readonly datacenterTag: string;
  readonly kind: ComponentKind;
  readonly component: string;
  readonly metric: MetricName | DerivedName;
  readonly intervalSeconds: number;
  /** Days with at least one sample, in order. */
  readonly days: readonly DailySummary[];
}

/** The `summaries.json` written beside each report: per series, per local day. */
export interface SummaryArchive {
  readonly schemaVersion: 1;
  readonly serviceName: string;
  readonly period: ReportPeriod;
  readonly sketch: { readonly kind: 'log-buckets'; readonly relativeAccuracy: number };
  readonly series: readonly SeriesSummaries[];
}
