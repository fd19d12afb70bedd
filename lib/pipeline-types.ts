/**
 * What the pipeline takes and gives (see pipeline.ts), declared below it so that its halves —
 * analyse.ts (stages 1–4) and pipeline.ts (the whole run) — and their callers share them without
 * importing each other.
 */
import type {
  DocumentKind,
  InventorySource,
  MetricsSource,
  ObjectStore,
  ProgressListener,
  StoredObject,
} from './core/ports.ts';
import type { Documents, Language, Period, ReportModel, SummaryArchive } from './core/types.ts';
import type { FetchOptions } from './fetch/fetch-series.ts';
import type { FindingsConfig } from './findings/config.ts';

export interface PipelineDeps {
  readonly inventory: InventorySource;
  readonly metrics: MetricsSource;
  readonly store: ObjectStore;
  readonly now: () => Date;
  readonly onProgress?: ProgressListener;
  readonly signal?: AbortSignal;
}

export interface ReportRequest {
  readonly period: Period;
  readonly fetch?: FetchOptions;
  /** Thresholds of the findings rules (the configuration's `findings` section); defaults otherwise. */
  readonly findings?: FindingsConfig;
  /**
   * Coverage (%) under which the run fails instead of making a report (the configuration's
   * `report.minCoveragePct`); 50 by default. A run with no sample at all always fails.
   */
  readonly minCoveragePct?: number;
  /** Fixes the PDF's creation date (tests, reproducible builds); defaults to now. */
  readonly creationDate?: Date;
  /** Language of the documents and charts (the configuration's `language`); default 'en'. */
  readonly language?: Language;
  /** Folder the files are stored in; the period's (`reports/<service>/<kind>/<period>`) by default. */
  readonly folder?: string;
  /**
   * The documents to produce; all by default. `report.json` and `summaries.json` are always
   * stored; with `json` alone no chart is drawn and no renderer is loaded.
   */
  readonly formats?: readonly DocumentKind[];
}

export type Stage = 'discover' | 'fetch' | 'aggregate' | 'findings' | 'charts' | 'compose' | 'store';

/** Runs one stage: reports progress, times it. */
export type StepRunner = <T>(stage: Stage, detail: string, run: () => Promise<T> | T) => Promise<T>;

export interface ReportResult<D extends Partial<Documents> = Partial<Documents>> {
  readonly model: ReportModel;
  /** The documents produced: those of `request.formats` (every one by default), and always the JSON. */
  readonly documents: D;
  readonly summaries: SummaryArchive;
  readonly stored: readonly StoredObject[];
  readonly requests: number;
  readonly charts: number;
  /** Milliseconds spent in each stage that ran. */
  readonly timings: Readonly<Partial<Record<Stage, number>>>;
  /** Milliseconds spent composing each document produced (within the compose stage). */
  readonly documentTimings: Readonly<Partial<Record<DocumentKind, number>>>;
}
