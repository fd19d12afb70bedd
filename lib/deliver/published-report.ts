/**
 * A report as a delivery needs it — digest, PDF and HTML — either already complete in the store
 * (a retried or resumed run reuses it, rewriting nothing) or freshly built by the pipeline.
 */

import { StoreError } from '../core/errors.ts';
import type { VersionedObjectStore } from '../core/ports.ts';
import type { Language, Period, SummaryArchive } from '../core/types.ts';
import { reportFolder, SUMMARIES_NAME } from '../store/keys.ts';
import { parseReportDigest, type ReportDigest } from './mail/report-digest.ts';

export interface PublishedReport {
  readonly digest: ReportDigest;
  readonly pdf: Uint8Array;
  readonly html: string;
  readonly summaries: SummaryArchive;
  /** True when the files were already complete in the store and were not rebuilt. */
  readonly reused: boolean;
  readonly folder: string;
}

/** Builds and stores the whole report set of a service for a delivery, returning what it needs. */
export type PublishedReportBuilder = (request: {
  readonly serviceName: string;
  readonly period: Period;
  readonly language: Language;
}) => Promise<Omit<PublishedReport, 'reused' | 'folder'>>;

/** The period's stored report when its set is complete (summaries.json is written last), else null. */
export async function readStoredReport(
  store: VersionedObjectStore,
  serviceName: string,
  period: Period,
): Promise<PublishedReport | null> {
  const folder = reportFolder(serviceName, period);
  const summariesKey = `${folder}/${SUMMARIES_NAME}`;
  if ((await store.head(summariesKey)) === null) return null;
  const [json, pdf, html, summaries] = await Promise.all(
    ['report.json', 'report.pdf', 'report.html', SUMMARIES_NAME].map((name) =>
      store.get(`${folder}/${name}`),
    ),
  );
  if (!json || !pdf || !html || !summaries) {
    throw new StoreError(`The report set under ${folder}/ is incomplete although ${SUMMARIES_NAME} exists.`, {
      context: { key: folder },
    });
  }
  const digest = parseReportDigest(json, `${folder}/report.json`);
  // Made before the period ended (an older version stored partial reports here): not the period's report.
  if (Date.parse(digest.generatedAt) < period.endMs) return null;
  return {
    digest,
    pdf,
    html: new TextDecoder().decode(html),
    summaries: JSON.parse(new TextDecoder().decode(summaries)) as SummaryArchive,
    reused: true,
    folder,
  };
}

/** The stored report of the period, or a new one from `build`. */
export async function storedOrBuilt(
  store: VersionedObjectStore,
  build: PublishedReportBuilder,
  request: Parameters<PublishedReportBuilder>[0],
): Promise<PublishedReport> {
  const stored = await readStoredReport(store, request.serviceName, request.period);
  if (stored) return stored;
  const built = await build(request);
  return { ...built, reused: false, folder: reportFolder(request.serviceName, request.period) };
}
