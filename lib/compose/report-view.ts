/**
 * The document view the PDF and HTML lay out, built in ./view/ (one file per part of the
 * document); re-exported here for the composers.
 */
export { buildReportView } from './view/build-report-view.ts';
export { bySeverity, findingTexts, TOP_FINDINGS } from './view/findings.ts';
export { LOW_COVERAGE_PCT, rowCoverage } from './view/inventory-tables.ts';
export { anchorId, sortByName } from './view/view-context.ts';
export type * from './view/view-types.ts';
