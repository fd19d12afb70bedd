/**
 * Object key layout:
 *   reports/<service>/weekly/<YYYY-Www>/report.<ext>
 *   reports/<service>/monthly/<YYYY-MM>/report.<ext>
 *   reports/<service>/adhoc/<start>_<end>/report.<ext>
 *   reports/<service>/<weekly|monthly>/<period>-partial/report.<ext>   (made before the period ended)
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

/**
 * Beside the report files of a scheduled period: the delivery marker, created once by the
 * invocation that delivers the period, so a retried or duplicated invocation sends nothing twice.
 */
export const DELIVERY_MARKER = 'delivery.json';

/** Appended to the folder of a report made before its period ended (`--partial`). */
export const PARTIAL_SUFFIX = '-partial';

/** The folder of a period's report files: `reports/<service>/<weekly|monthly|adhoc>/<period>`. */
export function reportFolder(serviceName: string, period: Period): string {
  return folderKey(serviceName, period);
}

/** The delivery marker of a scheduled period. */
export function deliveryMarkerKey(serviceName: string, period: Period): string {
  return `${folderKey(serviceName, period)}/${DELIVERY_MARKER}`;
}

/**
 * The folder of one on-demand request: the custom period's folder and a digest of the canonical
 * request (datacenter, zone, language, generator version), so equal requests share artefacts.
 */
export function adhocFolder(serviceName: string, period: Period, requestDigest: string): string {
  return `${folderKey(serviceName, period)}/${requestDigest}`;
}

/** Archived months: `archive/<service>/<YYYY-MM>/<file>`, never overwritten. */
export const ARCHIVE_FILES = {
  summary: 'summary.json',
  pdf: 'report.pdf',
  html: 'report.html',
  /** Written last: its presence means the month is archived. */
  manifest: 'manifest.json',
} as const;

export type ArchiveFile = keyof typeof ARCHIVE_FILES;

/** The key of one archived file of a month. */
export function archiveKey(serviceName: string, month: string, file: ArchiveFile): string {
  return `archive/${serviceName}/${month}/${ARCHIVE_FILES[file]}`;
}

/** The index of every archived month of every service. */
export const ARCHIVE_INDEX_KEY = 'archive/index.json';

/** The file name of a period's daily summaries inside its folder. */
export const SUMMARIES_NAME = SUMMARIES_FILE;

/**
 * The record of one on-demand job (`GET /v1/jobs/<id>`): `jobs/<id>.json`, created with a
 * conditional write by the request that starts the build, so equal requests share it.
 */
export function jobKey(jobId: string): string {
  return `jobs/${jobId}.json`;
}
