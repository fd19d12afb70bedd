/**
 * The report pipeline, in order:
 *
 *   1 discover   InventorySource        → Inventory        (APIv6, or the demo)
 *   2 fetch      MetricsSource          → SeriesSet        (OpenTSDB, grouped queries)
 *   3 aggregate  Inventory + SeriesSet  → ReportModel      (statistics, coverage, highlights)
 *   4 charts     ReportModel + series   → RenderedChart[]  (Vega-Lite → SVG, no browser)
 *   5 compose    model + charts         → Documents        (PDF, HTML, JSON)
 *   6 store      Documents              → StoredObject[]   (ObjectStore)
 *
 * Side effects come in through `PipelineDeps`; every stage below is a function of its input.
 */
import { buildReportModel } from './aggregate/build-model.ts';
import { planCharts } from './charts/plan-charts.ts';
import { renderCharts } from './charts/render-chart.ts';
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
import type { Documents, Period, ReportModel } from './core/types.ts';
import { FETCH_DEFAULTS, type FetchOptions, fetchSeries } from './fetch/fetch-series.ts';
import { CONTENT_TYPES, type ReportFile, reportKey } from './store/keys.ts';
import { GENERATOR } from './version.ts';

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
  /** Fixes the PDF's creation date (tests, reproducible builds); defaults to now. */
  readonly creationDate?: Date;
}

export type Stage = 'discover' | 'fetch' | 'aggregate' | 'charts' | 'compose' | 'store';

export interface ReportResult {
  readonly model: ReportModel;
  readonly documents: Documents;
  readonly stored: readonly StoredObject[];
  readonly requests: number;
  readonly charts: number;
  /** Milliseconds spent in each stage. */
  readonly timings: Readonly<Record<Stage, number>>;
}

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

  const inventory = await step('discover', 'listing datacenters, hosts, VMs and filers', () =>
    deps.inventory.load(deps.signal),
  );
  const seriesSet = await step('fetch', `${inventory.datacenters.length} datacenter(s)`, () =>
    fetchSeries(deps.metrics, inventory, request.period, request.fetch ?? FETCH_DEFAULTS, {
      ...(deps.signal ? { signal: deps.signal } : {}),
      ...(deps.onProgress ? { onProgress: deps.onProgress } : {}),
    }),
  );
  const generatedAt = deps.now();
  const model = await step('aggregate', `${seriesSet.series.length} series`, () =>
    buildReportModel(inventory, seriesSet, { generatedAt, generator: GENERATOR }),
  );
  const charts = await step('charts', 'rendering Vega-Lite charts', () =>
    renderCharts(planCharts(model, seriesSet)),
  );
  const documents = await step('compose', 'PDF, HTML and JSON', async () => ({
    pdf: await composePdf(model, charts, { creationDate: request.creationDate ?? generatedAt }),
    html: composeHtml(model, charts),
    json: composeJson(model),
  }));
  const stored = await step('store', 'writing report files', () =>
    storeDocuments(deps.store, model, documents),
  );
  return { model, documents, stored, requests: seriesSet.requests, charts: charts.length, timings };
}

async function storeDocuments(
  store: ObjectStore,
  model: ReportModel,
  documents: Documents,
): Promise<StoredObject[]> {
  const metadata = {
    generator: `${model.generator.name}@${model.generator.version}`,
    period: model.period.label,
    timeZone: model.period.timeZone,
    coveragePct: model.coverage.pct.toFixed(2),
  };
  const files: [ReportFile, Uint8Array | string][] = [
    ['pdf', documents.pdf],
    ['html', documents.html],
    ['json', documents.json],
  ];
  const stored: StoredObject[] = [];
  for (const [file, body] of files) {
    stored.push(
      await store.put(reportKey(model.serviceName, model.period, file), body, {
        contentType: CONTENT_TYPES[file],
        metadata,
      }),
    );
  }
  return stored;
}
