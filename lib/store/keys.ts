/**
 * Object key layout:
 *   reports/<service>/weekly/<YYYY-Www>/report.<ext>
 *   reports/<service>/monthly/<YYYY-MM>/report.<ext>
 *   reports/<service>/adhoc/<start>_<end>/report.<ext>
 */
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

/** The key of one report file. */
export function reportKey(serviceName: string, period: Period, file: ReportFile): string {
  return `reports/${serviceName}/${FOLDER[period.kind]}/${period.label}/report.${file}`;
}
