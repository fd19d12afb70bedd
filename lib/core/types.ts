/**
 * The named types that flow through the pipeline, one file per stage, types-<stage>.ts beside this one:
 *
 *   Inventory → SeriesSet → Aggregates → Findings → ReportModel → RenderedChart[] → Documents
 *
 * Everything here is plain data (JSON-serialisable except the typed arrays of a Series).
 */
export * from './types-aggregates.ts';
export * from './types-changes.ts';
export * from './types-documents.ts';
export * from './types-findings.ts';
export * from './types-inventory.ts';
export * from './types-period.ts';
export * from './types-report.ts';
export * from './types-series.ts';
export * from './types-stats.ts';
export * from './types-summaries.ts';
