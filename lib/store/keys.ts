/**
 * Object key layout:
 *   reports/<service>/weekly/<YYYY-Www>/report.<ext>
 *   reports/<service>/monthly/<YYYY-MM>/report.<ext>
 *   reports/<service>/adhoc/<start>_<end>/report.<ext>
 * with the period's mergeable daily summaries beside the report, as `summaries.json`.
 */
import { SUMMARIES_FILE } from '../aggregate/build-model.ts';
import type { Period } from '../core/types.ts';

const FOLDER = { week: 'weekly', month: 'monthly', custom: 'adhoc' } as const satisfies Record<
  Period['kind'],
  string
>;

export type ReportFile = 'pdf' | 'html' | 'json';

export const CONTENT_TYPES = {
  pdf: 'application/pdf',
  html: 'text/html; charset=utf-8',
  json: 'application/json',
} as const satisfies Record<ReportFile, string>;

function folderKey(serviceName: string, period: Period): string {
  return `reports/${serviceName}/${FOLDER[period.kind]}/${period.label}`;
}

/** The key of one report file. */
export function reportKey(serviceName: string, period: Period, file: ReportFile): string {
  return `${folderKey(serviceName, period)}/report.${file}`;
}

/** The key of the period's daily summaries, beside its report. */
export function summariesKey(serviceName: string, period: Period): string {
  return `${folderKey(serviceName, period)}/${SUMMARIES_FILE}`;
}
