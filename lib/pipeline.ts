/**
 * The report pipeline, in order:
 *
 *   1 discover   InventorySource          → Inventory        (APIv6, or the demo)
 *   2 fetch      MetricsSource            → SeriesSet        (OpenTSDB, grouped queries)
 *   3 aggregate  Inventory + SeriesSet    → Aggregates       (statistics, coverage, rollups, daily summaries)
 *                each series' statistics are computed as it arrives in stage 2, and only the
 *                series the charts draw are kept whole
 *   4 findings   Aggregates + previous    → Findings         (rules, runway, new / persisting / resolved)
 *                                          → ReportModel
 *   5 charts     ReportModel + series     → RenderedChart[]  (Vega-Lite → SVG, no browser)
 *   6 compose    model + charts           → Documents        (PDF, HTML, JSON, CSV)
 *   7 store      Documents + summaries    → StoredObject[]   (ObjectStore)
 *
 * Side effects come in through `PipelineDeps`; every stage below is a function of its input,
 * except that stage 4 reads the previous period's report.json from the store to compare with.
 * Stages 1–4 live in analyse.ts, which loads no renderer (the JSON-only path stops there).
 */
import { analyseReport } from './analyse.ts';
import { CHARTED_METRICS, planCharts } from './charts/plan-charts.ts';
import { renderCharts } from './charts/render-chart.ts';
import { composeCsv } from './compose/csv.ts';
import { composeHtml } from './compose/html.ts';
import { composeJson } from './compose/json.ts';
import { composePdf } from './compose/pdf.ts';
import type {
  InventorySource,
  MetricsSource,
  ObjectStore,
  ProgressListener,
  StoredObject,
} from './core/ports.ts';
import type { Documents, Language, Period, ReportModel, SummaryArchive } from './core/types.ts';
import type { FetchOptions } from './fetch/fetch-series.ts';
import type { FindingsConfig } from './findings/config.ts';
import { documentFiles, reportMetadata } from './store/document-files.ts';
import { CONTENT_TYPES, reportFolder, SUMMARIES_NAME } from './store/keys.ts';

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
  /** Fixes the PDF's creation date (tests, reproducible builds); defaults to now. */
  readonly creationDate?: Date;
  /** Language of the documents and charts (the configuration's `language`); default 'en'. */
  readonly language?: Language;
  /** Folder the files are stored in; the period's (`reports/<service>/<kind>/<period>`) by default. */
  readonly folder?: string;
}

export type Stage = 'discover' | 'fetch' | 'aggregate' | 'findings' | 'charts' | 'compose' | 'store';

export interface ReportResult {
  readonly model: ReportModel;
  readonly documents: Documents;
  readonly summaries: SummaryArchive;
  readonly stored: readonly StoredObject[];
  readonly requests: number;
  readonly charts: number;
  /** Milliseconds spent in each stage. */
  readonly timings: Readonly<Record<Stage, number>>;
  /** Milliseconds spent composing each document (within the compose stage). */
  readonly documentTimings: Readonly<Record<DocumentKind, number>>;
}

export type DocumentKind = 'pdf' | 'html' | 'json' | 'csv';

/** Builds one report for the inventory's service over `request.period` and stores its files. */
export async function buildReport(deps: PipelineDeps, request: ReportRequest): Promise<ReportResult> {
  const timings = {} as Record<Stage, number>;
  const step = async <T>(stage: Stage, detail: string, run: () => Promise<T> | T): Promise<T> => {
    deps.onProgress?.({ stage, detail });
    const t0 = performance.now();
    const out = await run();
    timings[stage] = performance.now() - t0;
    return out;
  };
  const { seriesSet, aggregates, model, generatedAt } = await analyseReport(deps, request, {
    step,
    retain: (series) => CHARTED_METRICS.has(series.metric),
  });
  const language = request.language ?? 'en';
  const charts = await step('charts', 'rendering Vega-Lite charts', () =>
    renderCharts(planCharts(model, seriesSet, { language })),
  );
  const documentTimings = {} as Record<DocumentKind, number>;
  const timed = async <T>(kind: DocumentKind, compose: () => Promise<T> | T): Promise<T> => {
    const t0 = performance.now();
    const out = await compose();
    documentTimings[kind] = performance.now() - t0;
    return out;
  };
  const documents = await step('compose', 'PDF, HTML, JSON and CSV', async () => ({
    pdf: await timed('pdf', () =>
      composePdf(model, charts, { creationDate: request.creationDate ?? generatedAt, language }),
    ),
    html: await timed('html', () => composeHtml(model, charts, { language })),
    json: await timed('json', () => composeJson(model)),
    csv: await timed('csv', () => composeCsv(model, language)),
  }));
  const stored = await step('store', 'writing report files', () =>
    storeDocuments(deps.store, model, documents, aggregates.summaries, request.folder),
  );
  return {
    model,
    documents,
    summaries: aggregates.summaries,
    stored,
    requests: seriesSet.requests,
    charts: charts.length,
    timings,
    documentTimings,
  };
}

/**
 * Writes every file, then the summaries: each object is visible only once complete (an atomic
 * S3 PUT or completed multipart upload, a rename on disk), and `summaries.json` last, so its
 * presence means the set is whole.
 */
async function storeDocuments(
  store: ObjectStore,
  model: ReportModel,
  documents: Documents,
  summaries: SummaryArchive,
  folder = reportFolder(model.serviceName, model.period),
): Promise<StoredObject[]> {
  const metadata = reportMetadata(model);
  const stored: StoredObject[] = [];
  for (const file of documentFiles(documents)) {
    stored.push(
      await store.put(`${folder}/${file.name}`, file.body, { contentType: file.contentType, metadata }),
    );
  }
  stored.push(
    await store.put(`${folder}/${SUMMARIES_NAME}`, `${JSON.stringify(summaries)}\n`, {
      contentType: CONTENT_TYPES.json,
      metadata,
    }),
  );
  return stored;
}
