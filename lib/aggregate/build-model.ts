/**
 * The report model: the aggregates (stage 3) and the findings (stage 4) in the one document the
 * PDF, HTML and JSON are written from. The daily summaries stay out of it (they go to
 * `summaries.json` beside the report); the model only says where they are.
 */
import type { Aggregates, Changes, Findings, ReportModel } from '../core/types.ts';
import { seriesGaps } from './series-gaps.ts';

export interface ModelOptions {
  readonly generatedAt: Date;
  readonly generator: { readonly name: string; readonly version: string };
  /** What changed since the previous report (findings/changes.ts). */
  readonly changes: Changes;
}

/** Name of the daily summaries file written beside each report. */
export const SUMMARIES_FILE = 'summaries.json';

/** Assembles the report model from the aggregates and the findings. */
export function buildReportModel(
  aggregates: Aggregates,
  findings: Findings,
  options: ModelOptions,
): ReportModel {
  const days = new Set(aggregates.summaries.series.flatMap((s) => s.days.map((d) => d.day)));
  return {
    schemaVersion: 2,
    generator: options.generator,
    serviceName: aggregates.serviceName,
    period: aggregates.period,
    generatedAt: options.generatedAt.toISOString(),
    intervalSeconds: aggregates.intervalSeconds,
    coverage: aggregates.coverage,
    datacenters: aggregates.datacenters,
    fleet: aggregates.fleet,
    findings: findings.findings,
    resolvedFindings: findings.resolved,
    comparison: findings.comparison,
    gaps: [
      ...aggregates.gaps,
      ...seriesGaps(aggregates.datacenters, aggregates.gaps, aggregates.period.timeZone),
    ],
    changes: options.changes,
    summaries: { file: SUMMARIES_FILE, series: aggregates.summaries.series.length, days: days.size },
  };
}
