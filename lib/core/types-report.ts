/** Stages 3–4 together: the report model, serialised as report.json (see ../report-schema.ts). */

import type { Coverage, DatacenterReport, FleetRollup } from './types-aggregates.ts';
import type { Changes } from './types-changes.ts';
import type { Comparison, Finding } from './types-findings.ts';
import type { ReportPeriod } from './types-period.ts';
import type { FetchGap } from './types-series.ts';

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
  readonly gaps: readonly FetchGap[];
  /** What changed since the previous period's report: inventory events and figure deltas. */
  readonly changes: Changes;
  /** Where the mergeable daily summaries of this report's series are stored, beside it. */
  readonly summaries: { readonly file: string; readonly series: number; readonly days: number };
}
