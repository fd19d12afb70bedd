/**
 * Stages 1–4 of the report pipeline (see pipeline.ts), from the sources to the ReportModel:
 *
 *   1 discover   InventorySource          → Inventory
 *   2 fetch      MetricsSource            → SeriesSet        (each series digested as it arrives)
 *   3 aggregate  Inventory + SeriesSet    → Aggregates
 *   4 findings   Aggregates + previous    → Findings → ReportModel
 *
 * Kept apart from the renderers so that a run that only needs the JSON (the HTTP endpoint's
 * `format=json`) loads neither vega nor pdfkit.
 */
import { AGGREGATE_DEFAULTS, Aggregation, type Retention } from './aggregate/build-aggregates.ts';
import { buildReportModel } from './aggregate/build-model.ts';
import { assertSufficientData, DEFAULT_MIN_COVERAGE_PCT } from './aggregate/data-sufficiency.ts';
import type { FleetProfileSum } from './aggregate/profile.ts';
import type { MetricName } from './core/catalogue.ts';
import { VscopeError } from './core/errors.ts';
import { previousPeriod } from './core/period.ts';
import type { ObjectStore } from './core/ports.ts';
import type { Aggregates, Period, ReportModel, Series, SeriesSet } from './core/types.ts';
import { FETCH_DEFAULTS, fetchSeries } from './fetch/fetch-series.ts';
import { computeChanges } from './findings/changes.ts';
import { FINDINGS_DEFAULTS, statsThresholds } from './findings/config.ts';
import { evaluateFindings, type PreviousInput } from './findings/evaluate.ts';
import { readPreviousReport } from './findings/status.ts';
import type { PipelineDeps, ReportRequest, StepRunner } from './pipeline-types.ts';
import { reportKey } from './store/keys.ts';
import { GENERATOR } from './version.ts';

export interface Analysis {
  /** The series `retain` kept (none by default); the others were digested and dropped. */
  readonly seriesSet: SeriesSet;
  readonly aggregates: Aggregates;
  readonly model: ReportModel;
  readonly generatedAt: Date;
}

const untimed =
  (deps: PipelineDeps): StepRunner =>
  async (stage, detail, run) => {
    deps.onProgress?.({ stage, detail });
    return run();
  };

export interface AnalyseOptions {
  readonly step?: StepRunner;
  /**
   * Which fetched series to keep whole (for the charts): all, none, or the top ones by p95 of
   * their datacenter; every other one is dropped once digested.
   */
  readonly retain?: (series: Series) => Retention;
}

/** Stages 1–3: the aggregates of the inventory's service, with what fetch and the aggregation kept. */
export interface Aggregated {
  readonly aggregates: Aggregates;
  /** What fetch gave (the series `retain` kept): requests, gaps, bucket width. */
  readonly seriesSet: SeriesSet;
  /** The sums behind the fleet profiles, mergeable with another datacenter's. */
  readonly profiles: ReadonlyMap<MetricName, FleetProfileSum>;
  readonly generatedAt: Date;
}

/**
 * Stages 1–3: the aggregates of the inventory's service over `request.period`. Stages 2 and 3
 * overlap: each series is digested by the aggregation as soon as it is fetched, and stage 3 then
 * assembles the components, rollups and fleet figures.
 */
export async function aggregateReport(
  deps: PipelineDeps,
  request: ReportRequest,
  options: AnalyseOptions = {},
): Promise<Aggregated> {
  const step = options.step ?? untimed(deps);
  const rules = request.findings ?? FINDINGS_DEFAULTS;
  const inventory = await step('discover', 'listing datacenters, hosts, VMs and filers', () =>
    deps.inventory.load(deps.signal),
  );
  const aggregation = new Aggregation(
    inventory,
    request.period,
    {
      ...AGGREGATE_DEFAULTS,
      thresholds: statsThresholds(rules),
      hostLossLimitPct: rules.hostLoss.maxUsedPctAfterLoss,
    },
    options.retain,
  );
  const fetched = await step('fetch', `${inventory.datacenters.length} datacenter(s)`, () =>
    fetchSeries(deps.metrics, inventory, request.period, request.fetch ?? FETCH_DEFAULTS, {
      ...(deps.signal ? { signal: deps.signal } : {}),
      ...(deps.onProgress ? { onProgress: deps.onProgress } : {}),
      sink: aggregation,
    }),
  );
  const generatedAt = deps.now();
  const { aggregates, series, profiles } = await step(
    'aggregate',
    'components, rollups and fleet figures',
    () => aggregation.finish(fetched),
  );
  return { aggregates, seriesSet: { ...fetched, series }, profiles, generatedAt };
}

/**
 * Stages 1–4: the model of one report for the inventory's service over `request.period`.
 */
export async function analyseReport(
  deps: PipelineDeps,
  request: ReportRequest,
  options: AnalyseOptions = {},
): Promise<Analysis> {
  const step = options.step ?? untimed(deps);
  const { aggregates, seriesSet, generatedAt } = await aggregateReport(deps, request, { ...options, step });
  const model = await findReport(deps.store, request, aggregates, seriesSet, generatedAt, step);
  return { seriesSet, aggregates, model, generatedAt };
}

/**
 * Stage 4 over aggregates however they were made (one process, or datacenter parts merged): fails
 * when too little data came, then evaluates the rules against the previous period's report.
 */
export async function findReport(
  store: ObjectStore,
  request: ReportRequest,
  aggregates: Aggregates,
  fetched: { readonly gaps: SeriesSet['gaps']; readonly requests: number },
  generatedAt: Date,
  step: StepRunner,
): Promise<ReportModel> {
  const rules = request.findings ?? FINDINGS_DEFAULTS;
  assertSufficientData(aggregates, fetched, request.minCoveragePct ?? DEFAULT_MIN_COVERAGE_PCT);
  return step('findings', 'rules, runway and comparison with the previous period', async () => {
    const previous = await readPrevious(store, aggregates.serviceName, request.period);
    const findings = evaluateFindings(aggregates, rules, previous);
    const changes = computeChanges(aggregates, previous.report?.datacenters ?? null, previous.label);
    return buildReportModel(aggregates, findings, { generatedAt, generator: GENERATOR, changes });
  });
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
