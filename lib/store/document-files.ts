/**
 * The files of a report as they are stored: `report.pdf`, `report.html`, `report.json` and one
 * `<table>.csv` per component kind, each with its content type.
 */
import { type Documents, failedQueries, type ReportModel } from '../core/types.ts';
import { CONTENT_TYPES } from './keys.ts';

export interface DocumentFile {
  /** File name inside the report's folder. */
  readonly name: string;
  readonly body: Uint8Array | string;
  readonly contentType: string;
}

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

/** The name of a CSV table's file (`vms.csv`). */
export const csvFileName = (table: string): string => `${table}.csv`;

/** Every file of the documents produced, in the order they are written. */
export function documentFiles(documents: Partial<Documents>): DocumentFile[] {
  const files: DocumentFile[] = [];
  if (documents.pdf) files.push({ name: 'report.pdf', body: documents.pdf, contentType: CONTENT_TYPES.pdf });
  if (documents.html !== undefined) {
    files.push({ name: 'report.html', body: documents.html, contentType: CONTENT_TYPES.html });
  }
  if (documents.json !== undefined) {
    files.push({ name: 'report.json', body: documents.json, contentType: CONTENT_TYPES.json });
  }
  // Read as a plain record: the tables are whatever the CSV composer produces.
  const csv: Readonly<Record<string, string>> = documents.csv ?? {};
  for (const [table, text] of Object.entries(csv)) {
    files.push({ name: csvFileName(table), body: text, contentType: CSV_CONTENT_TYPE });
  }
  return files;
}

/**
 * Metadata stored with every file of a report. S3 returns user metadata names in lower case,
 * so read them back with `metadataValue`.
 */
export function reportMetadata(model: ReportModel): Record<string, string> {
  return {
    generator: `${model.generator.name}@${model.generator.version}`,
    period: model.period.label,
    timeZone: model.period.timeZone,
    coveragePct: model.coverage.pct.toFixed(2),
    generatedAt: model.generatedAt,
    // Queries that failed after retries: an on-demand artefact built with any is never reused.
    failedQueries: String(failedQueries(model.gaps).length),
  };
}

/** A metadata value by name, whatever case the store returned the name in. */
export function metadataValue(metadata: Readonly<Record<string, string>>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(metadata)) if (k.toLowerCase() === lower) return v;
  return undefined;
}
