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
 *   6 compose    model + charts           → Documents        (the formats asked for: PDF, HTML, JSON, CSV)
 *   7 store      Documents + summaries    → StoredObject[]   (ObjectStore)
 *
 * Side effects come in through `PipelineDeps`; every stage below is a function of its input,
 * except that stage 4 reads the previous period's report.json from the store to compare with.
 * Stages 1–4 live in analyse.ts; stages 5–6 for the drawn documents in render-documents.ts,
 * loaded only when a PDF, HTML or CSV is asked for. Its types are in pipeline-types.ts.
 */
import { type Analysis, analyseReport } from './analyse.ts';
import { chartRetention } from './charts/plan-charts.ts';
import { composeJson } from './compose/json.ts';
import { DOCUMENT_KINDS, type DocumentKind, type ObjectStore, type StoredObject } from './core/ports.ts';
import type { Documents, ReportModel, SummaryArchive } from './core/types.ts';
import type { PipelineDeps, ReportRequest, ReportResult, Stage, StepRunner } from './pipeline-types.ts';
import { documentFiles, reportMetadata } from './store/document-files.ts';
import { CONTENT_TYPES, reportFolder, SUMMARIES_NAME } from './store/keys.ts';
import { putChunks } from './store/put-chunks.ts';
import { summaryArchiveChunks } from './store/summary-archive-text.ts';

export type { PipelineDeps, ReportRequest, ReportResult, Stage } from './pipeline-types.ts';

/** Builds one report for the inventory's service over `request.period` and stores its files. */
export async function buildReport(
  deps: PipelineDeps,
  request: ReportRequest & { readonly formats?: undefined },
): Promise<ReportResult<Documents>>;
export async function buildReport(deps: PipelineDeps, request: ReportRequest): Promise<ReportResult>;
export async function buildReport(deps: PipelineDeps, request: ReportRequest): Promise<ReportResult> {
  const timings: Partial<Record<Stage, number>> = {};
  const step: StepRunner = async (stage, detail, run) => {
    deps.onProgress?.({ stage, detail });
    const t0 = performance.now();
    const out = await run();
    timings[stage] = performance.now() - t0;
    return out;
  };
  const formats = new Set<DocumentKind>(request.formats ?? DOCUMENT_KINDS);
  const analysis = await analyseReport(deps, request, {
    step,
    retain: (series) => drawsCharts(formats) && chartRetention(series.metric),
  });
  return publishAnalysis(deps.store, request, analysis, step, timings);
}

/** Whether the formats asked for draw charts (PDF or HTML), so the charted series must be kept. */
export function drawsCharts(formats: ReadonlySet<DocumentKind>): boolean {
  return formats.has('pdf') || formats.has('html');
}

/**
 * Stages 5–7 over an analysis however it was made (one process, or datacenter parts merged):
 * draws the charts, composes the formats asked for and stores every file.
 */
export async function publishAnalysis(
  store: ObjectStore,
  request: ReportRequest,
  analysis: Analysis,
  step: StepRunner,
  timings: Readonly<Partial<Record<Stage, number>>>,
): Promise<ReportResult> {
  const formats = new Set<DocumentKind>(request.formats ?? DOCUMENT_KINDS);
  const { seriesSet, aggregates, model, generatedAt } = analysis;
  const language = request.language ?? 'en';
  const t0 = performance.now();
  const json = composeJson(model);
  const jsonMs = performance.now() - t0;
  let rendered: Awaited<ReturnType<typeof import('./render-documents.ts').renderDocuments>> | null = null;
  if ([...formats].some((f) => f !== 'json')) {
    const { renderDocuments } = await import('./render-documents.ts');
    rendered = await renderDocuments(model, seriesSet, formats, {
      language,
      creationDate: request.creationDate ?? generatedAt,
      step,
    });
  }
  const documents: Partial<Documents> = { ...rendered?.documents, json };
  const stored = await step('store', 'writing report files', () =>
    storeDocuments(store, model, documents, aggregates.summaries, request.folder),
  );
  return {
    model,
    documents,
    summaries: aggregates.summaries,
    stored,
    requests: seriesSet.requests,
    charts: rendered?.charts ?? 0,
    timings,
    documentTimings: { ...rendered?.documentTimings, json: jsonMs },
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
  documents: Partial<Documents>,
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
  // Streamed: at L over a month the archive is hundreds of MB as one string.
  stored.push(
    await putChunks(store, `${folder}/${SUMMARIES_NAME}`, () => summaryArchiveChunks(summaries), {
      contentType: CONTENT_TYPES.json,
      metadata,
    }),
  );
  return stored;
}
