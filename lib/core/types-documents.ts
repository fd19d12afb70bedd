/** Stage 5, charts and compose: rendered charts and the report's files. */

/** A chart rendered to SVG, with a text alternative for readers who cannot see it. */
export interface RenderedChart {
  readonly id: string;
  readonly kind: 'heatmap' | 'top-bars' | 'timeseries' | 'datastore' | 'distribution';
  readonly title: string;
  readonly description: string;
  /** Section the chart belongs to: a datacenter tag, or `summary`. */
  readonly section: string;
  readonly svg: string;
  readonly width: number;
  readonly height: number;
}

/** Languages a report can be written in (templates/i18n/<language>.json). */
export const LANGUAGES = ['en', 'fr', 'pt'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The CSV exports: one file per component kind, one row per component. */
export const CSV_FILES = ['hosts', 'vms', 'datastores'] as const;
export type CsvFile = (typeof CSV_FILES)[number];

/** Stage 5 output: the report's files, ready to store. */
export interface Documents {
  readonly pdf: Uint8Array;
  readonly html: string;
  readonly json: string;
  /** CSV text per component kind (UTF-8 with a byte-order mark, CRLF line ends). */
  readonly csv: Readonly<Record<CsvFile, string>>;
}
