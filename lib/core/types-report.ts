/** Stages 3–4 together: the report model, serialised as report.json (see ../report-schema.ts). */

import type { ComponentKind, MetricName } from './catalogue.ts';
import type { Coverage, DatacenterReport, FleetRollup } from './types-aggregates.ts';
import type { Changes } from './types-changes.ts';
import type { Comparison, Finding } from './types-findings.ts';
import type { ReportPeriod } from './types-period.ts';
import type { FetchGap } from './types-series.ts';

/**
 * A run of missing samples longer than one bucket in the series of one metric: the components that
 * miss exactly this span of it (a datacenter-wide outage is one entry, not one per component).
 */
export interface SeriesGap {
  /** Tells it from a failed query (those entries have no `source`). */
  readonly source: 'series';
  readonly datacenterTag: string;
  readonly kind: ComponentKind;
  readonly metric: MetricName;
  /** Keys of the components, sorted. */
  readonly components: readonly string[];
  readonly startMs: number;
  readonly endMs: number;
  /** Start and end in the report's time zone, ISO 8601 with offset. */
  readonly startLocal: string;
  readonly endLocal: string;
  readonly durationSeconds: number;
  /** Samples missing in the span, per component, at the series' interval. */
  readonly missingSamples: number;
}

/** An entry of `ReportModel.gaps`: a failed query, or a gap in series that came. */
export type ReportGap = FetchGap | SeriesGap;

/** True for a gap in series that came (false for a failed query). */
export const isSeriesGap = (gap: ReportGap): gap is SeriesGap => 'source' in gap && gap.source === 'series';

/** The failed queries among a report's gaps. */
export const failedQueries = (gaps: readonly ReportGap[]): FetchGap[] =>
  gaps.filter((g): g is FetchGap => !isSeriesGap(g));

/** Stage 3–4 output: every figure the documents show. Serialised as the report JSON. */
export interface ReportModel {
  readonly schemaVersion: 2;
  readonly generator: { readonly name: string; readonly version: string };
  readonly serviceName: string;
  readonly period: ReportPeriod;
  readonly generatedAt: string;
  /** The bucket width series were requested at; each series states the interval it showed. */
  readonly intervalSeconds: number;
  readonly coverage: Coverage;
  readonly datacenters: readonly DatacenterReport[];
  readonly fleet: FleetRollup;
  /** Current findings (new or persisting), most severe first. */
  readonly findings: readonly Finding[];
  /** Findings of the previous report that no longer hold, as they were then. */
  readonly resolvedFindings: readonly Finding[];
  readonly comparison: Comparison;
  /**
   * Failed queries first, then every gap longer than one bucket in the series that came, by
   * datacenter and start (see lib/aggregate/series-gaps.ts for what is left out and the bounds).
   */
  readonly gaps: readonly ReportGap[];
  /** What changed since the previous period's report: inventory events and figure deltas. */
  readonly changes: Changes;
  /** Where the mergeable daily summaries of this report's series are stored, beside it. */
  readonly summaries: { readonly file: string; readonly series: number; readonly days: number };
}
