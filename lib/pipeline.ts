/**
 * The report pipeline, in order:
 *
 *   1 discover   InventorySource          → Inventory        (APIv6, or the demo)
 *   2 fetch      MetricsSource            → SeriesSet        (OpenTSDB, grouped queries)
 *   3 aggregate  Inventory + SeriesSet    → Aggregates       (statistics, coverage, rollups, daily summaries)
 *   4 findings   Aggregates + previous    → Findings         (rules, runway, new / persisting / resolved)
 *                                          → ReportModel
 *   5 charts     ReportModel + series     → RenderedChart[]  (Vega-Lite → SVG, no browser)
 *   6 compose    model + charts           → Documents        (PDF, HTML, JSON)
 *   7 store      Documents + summaries    → StoredObject[]   (ObjectStore)
 *
 * Side effects come in through `PipelineDeps`; every stage below is a function of its input,
 * except that stage 4 reads the previous period's report.json from the store to compare with.
 */
import { AGGREGATE_DEFAULTS, aggregate } from './aggregate/build-aggregates.ts';
import { buildReportModel } from './aggregate/build-model.ts';
import { planCharts } from './charts/plan-charts.ts';
import { renderCharts } from './charts/render-chart.ts';
import { composeHtml } from './compose/html.ts';
import { composeJson } from './compose/json.ts';
import { composePdf } from './compose/pdf.ts';
import { VscopeError } from './core/errors.ts';
import { previousPeriod } from './core/period.ts';
import type {
  InventorySource,
  MetricsSource,
  ObjectStore,
  ProgressListener,
  StoredObject,
} from './core/ports.ts';
import type { Documents, Period, ReportModel, SummaryArchive } from './core/types.ts';
import { FETCH_DEFAULTS, type FetchOptions, fetchSeries } from './fetch/fetch-series.ts';
import { FINDINGS_DEFAULTS, type FindingsConfig, statsThresholds } from './findings/config.ts';
import { evaluateFindings, type PreviousInput } from './findings/evaluate.ts';
import { readPreviousReport } from './findings/status.ts';
import { CONTENT_TYPES, type ReportFile, reportKey, summariesKey } from './store/keys.ts';
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
  /** Thresholds of the findings rules (the configuration's `findings` section); defaults otherwise. */
  readonly findings?: FindingsConfig;
  /** Fixes the PDF's creation date (tests, reproducible builds); defaults to now. */
  readonly creationDate?: Date;
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
  const rules = request.findings ?? FINDINGS_DEFAULTS;

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
  const aggregates = await step('aggregate', `${seriesSet.series.length} series`, () =>
    aggregate(inventory, seriesSet, { ...AGGREGATE_DEFAULTS, thresholds: statsThresholds(rules) }),
  );
  const model = await step('findings', 'rules, runway and comparison with the previous period', async () => {
    const previous = await readPrevious(deps.store, inventory.serviceName, request.period);
    const findings = evaluateFindings(aggregates, rules, previous);
    return buildReportModel(aggregates, findings, { generatedAt, generator: GENERATOR });
  });
  const charts = await step('charts', 'rendering Vega-Lite charts', () =>
    renderCharts(planCharts(model, seriesSet)),
  );
  const documents = await step('compose', 'PDF, HTML and JSON', async () => ({
    pdf: await composePdf(model, charts, { creationDate: request.creationDate ?? generatedAt }),
    html: composeHtml(model, charts),
    json: composeJson(model),
  }));
  const stored = await step('store', 'writing report files', () =>
    storeDocuments(deps.store, model, documents, aggregates.summaries),
  );
  return {
    model,
    documents,
    summaries: aggregates.summaries,
    stored,
    requests: seriesSet.requests,
    charts: charts.length,
    timings,
  };
}

/**
 * The previous period's findings, from its report.json in the store. Missing or unreadable is
 * not an error: the report says so and every finding is new.
 */
async function readPrevious(store: ObjectStore, serviceName: string, period: Period): Promise<PreviousInput> {
  const previous = previousPeriod(period);
  const label = previous.label;
  const none = (why: string): PreviousInput => ({
    label,
    report: null,
    note: `${why}: every finding is new.`,
  });
  let bytes: Uint8Array | null;
  try {
    bytes = await store.get(reportKey(serviceName, previous, 'json'));
  } catch (error) {
    if (!(error instanceof VscopeError)) throw error;
    return none(`The report for ${label} could not be read (${error.message})`);
  }
  if (bytes === null) return none(`There is no report for ${label} to compare with`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return none(`The report for ${label} is not valid JSON`);
  }
  const read = readPreviousReport(json);
  if ('unusable' in read) return none(`The report for ${label} cannot be compared with: ${read.unusable}`);
  return { label, report: read, note: `Compared with the report for ${label}.` };
}

async function storeDocuments(
  store: ObjectStore,
  model: ReportModel,
  documents: Documents,
  summaries: SummaryArchive,
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
  stored.push(
    await store.put(summariesKey(model.serviceName, model.period), `${JSON.stringify(summaries)}\n`, {
      contentType: CONTENT_TYPES.json,
      metadata,
    }),
  );
  return stored;
}
