/**
 * A service's report made in parts, one per datacenter, then merged: what the fan-out of the
 * weekly and monthly jobs runs (see lib/runtime/fan-out-jobs.ts for the jobs and the store).
 *
 *   buildDatacenterPart   stages 1–3 for one datacenter  → DatacenterPart   (one job each)
 *   mergeParts            DatacenterPart[]               → Aggregates + charted series
 *   composeFromParts      stages 4–7 over the merge      → the service's report, stored as a
 *                                                          one-process build stores it
 *
 * A part holds everything the later stages need of its datacenter: the datacenter's figures
 * and rollups, its daily summaries, the sums behind the fleet's hour-of-week profiles and the
 * series the charts draw. The fleet figures (top lists, distributions, profiles, coverage) are
 * recomputed over the merged datacenters exactly as the one-process aggregation computes them.
 * Parts travel through the store as the bytes of part-codec.ts.
 */
import { AGGREGATE_DEFAULTS, coverageOf, kindOfMetric } from '../aggregate/build-aggregates.ts';
import { FleetProfileSum } from '../aggregate/profile.ts';
import { distributions, topLists } from '../aggregate/rollups.ts';
import { aggregateReport, findReport } from '../analyse.ts';
import { CHARTED_METRICS } from '../charts/plan-charts.ts';
import type { MetricName } from '../core/catalogue.ts';
import { StoreError } from '../core/errors.ts';
import { DOCUMENT_KINDS, type DocumentKind, type InventorySource } from '../core/ports.ts';
import type {
  Aggregates,
  DatacenterReport,
  FetchGap,
  ReportPeriod,
  Series,
  SeriesSet,
  SeriesSummaries,
  SummaryArchive,
} from '../core/types.ts';
import { UnknownDatacenterError } from '../discover/one-datacenter.ts';
import { drawsCharts, publishAnalysis } from '../pipeline.ts';
import type { PipelineDeps, ReportRequest, ReportResult, Stage, StepRunner } from '../pipeline-types.ts';
import { GENERATOR } from '../version.ts';

export const PART_SCHEMA_VERSION = 1;

/** One datacenter's share of a service's report: what composing the report needs of it. */
export interface DatacenterPart {
  readonly schemaVersion: typeof PART_SCHEMA_VERSION;
  /** The version that wrote it: parts of different versions are never merged. */
  readonly generator: { readonly name: string; readonly version: string };
  readonly serviceName: string;
  readonly period: ReportPeriod;
  readonly datacenterTag: string;
  readonly intervalSeconds: number;
  readonly requests: number;
  readonly gaps: readonly FetchGap[];
  readonly datacenter: DatacenterReport;
  readonly sketch: SummaryArchive['sketch'];
  readonly summaries: readonly SeriesSummaries[];
  /**
   * The fleet profiles' exact sums (as partials) and counts per hour of the week, per profiled
   * metric, in the order the metrics were first met.
   */
  readonly profiles: readonly {
    readonly metric: MetricName;
    readonly partials: readonly (readonly number[])[];
    readonly counts: readonly number[];
  }[];
  /** The series the charts draw (none when the report draws no chart). */
  readonly chartSeries: readonly Series[];
}

/** The inventory of `source` reduced to the datacenter tagged `datacenterTag`. */
function datacenterOnly(source: InventorySource, datacenterTag: string): InventorySource {
  return {
    async load(signal) {
      const inventory = await source.load(signal);
      const kept = inventory.datacenters.filter((dc) => dc.tag === datacenterTag);
      if (kept.length === 0) throw new UnknownDatacenterError(inventory.serviceName, datacenterTag);
      return { ...inventory, datacenters: kept };
    },
  };
}

/**
 * Stages 1–3 for one datacenter of the service: its part. `formats` says whether charts will be
 * drawn (their series are then kept); every format by default, as a delivery's report.
 */
export async function buildDatacenterPart(
  deps: PipelineDeps,
  request: ReportRequest & { readonly datacenterTag: string },
): Promise<DatacenterPart> {
  const formats = new Set<DocumentKind>(request.formats ?? DOCUMENT_KINDS);
  const { aggregates, seriesSet, profiles } = await aggregateReport(
    { ...deps, inventory: datacenterOnly(deps.inventory, request.datacenterTag) },
    request,
    { retain: (series) => drawsCharts(formats) && CHARTED_METRICS.has(series.metric) },
  );
  const [datacenter] = aggregates.datacenters;
  if (!datacenter) throw new UnknownDatacenterError(aggregates.serviceName, request.datacenterTag);
  return {
    schemaVersion: PART_SCHEMA_VERSION,
    generator: { name: GENERATOR.name, version: GENERATOR.version },
    serviceName: aggregates.serviceName,
    period: aggregates.period,
    datacenterTag: request.datacenterTag,
    intervalSeconds: aggregates.intervalSeconds,
    requests: seriesSet.requests,
    gaps: seriesSet.gaps,
    datacenter,
    sketch: aggregates.summaries.sketch,
    summaries: aggregates.summaries.series,
    profiles: [...profiles].map(([metric, acc]) => ({ metric, ...acc.toJSON() })),
    chartSeries: seriesSet.series,
  };
}

/** The parts do not make one report: different services, periods, bucket widths or versions. */
export class PartsMismatchError extends StoreError {}

/** Why `p` does not fit in one report with `first`, or null. */
function misfit(p: DatacenterPart, first: DatacenterPart): string | null {
  if (p.serviceName !== first.serviceName) return `service ${p.serviceName}, not ${first.serviceName}`;
  if (p.period.label !== first.period.label || p.period.startMs !== first.period.startMs)
    return `period ${p.period.label}, not ${first.period.label}`;
  if (p.intervalSeconds !== first.intervalSeconds)
    return `buckets of ${p.intervalSeconds} s, not ${first.intervalSeconds} s`;
  if (p.generator.version !== first.generator.version)
    return `written by version ${p.generator.version}, not ${first.generator.version}`;
  if (p.sketch.relativeAccuracy !== first.sketch.relativeAccuracy) return 'sketches of another accuracy';
  return null;
}

function checkParts(parts: readonly DatacenterPart[]): DatacenterPart {
  const [first] = parts;
  if (!first) throw new PartsMismatchError('There is no datacenter part to compose a report from.');
  for (const p of parts) {
    const why = misfit(p, first);
    if (why) {
      throw new PartsMismatchError(
        `The part of datacenter ${p.datacenterTag} does not fit the others (${why}): run the job again.`,
        { context: { component: p.datacenterTag } },
      );
    }
  }
  const tags = new Set(parts.map((p) => p.datacenterTag));
  if (tags.size !== parts.length) throw new PartsMismatchError('Two parts are of the same datacenter.');
  return first;
}

/**
 * The service's aggregates from its datacenters' parts, given in the inventory's order, as the
 * one-process aggregation makes them; and the fetch they add up to, with the charted series.
 */
export function mergeParts(
  parts: readonly DatacenterPart[],
  topN: number = AGGREGATE_DEFAULTS.topN,
): { readonly aggregates: Aggregates; readonly seriesSet: SeriesSet } {
  const first = checkParts(parts);
  const datacenters = parts.map((p) => p.datacenter);
  const fleetProfiles = new Map<MetricName, FleetProfileSum>();
  for (const part of parts) {
    for (const saved of part.profiles) {
      const acc = fleetProfiles.get(saved.metric) ?? new FleetProfileSum();
      acc.merge(FleetProfileSum.restore(saved));
      fleetProfiles.set(saved.metric, acc);
    }
  }
  const gaps = parts.flatMap((p) => p.gaps);
  const aggregates: Aggregates = {
    serviceName: first.serviceName,
    period: first.period,
    intervalSeconds: first.intervalSeconds,
    coverage: coverageOf(datacenters),
    datacenters,
    fleet: {
      top: topLists(datacenters, topN),
      distributions: distributions(datacenters),
      profiles: [...fleetProfiles].map(([metric, acc]) => ({
        kind: kindOfMetric(metric),
        metric,
        cells: acc.means(),
      })),
    },
    gaps,
    summaries: {
      schemaVersion: 1,
      serviceName: first.serviceName,
      period: first.period,
      sketch: first.sketch,
      series: parts.flatMap((p) => p.summaries),
    },
  };
  const seriesSet: SeriesSet = {
    period: first.period,
    intervalSeconds: first.intervalSeconds,
    series: parts.flatMap((p) => p.chartSeries),
    gaps,
    requests: parts.reduce((n, p) => n + p.requests, 0),
  };
  return { aggregates, seriesSet };
}

/**
 * Stages 4–7 over the merged parts (in the inventory's datacenter order): the service's report,
 * its files stored where and as a one-process build stores them.
 */
export async function composeFromParts(
  deps: Pick<PipelineDeps, 'store' | 'now' | 'onProgress'>,
  request: ReportRequest,
  parts: readonly DatacenterPart[],
): Promise<ReportResult> {
  const timings: Partial<Record<Stage, number>> = {};
  const step: StepRunner = async (stage, detail, run) => {
    deps.onProgress?.({ stage, detail });
    const t0 = performance.now();
    const out = await run();
    timings[stage] = (timings[stage] ?? 0) + performance.now() - t0;
    return out;
  };
  const { aggregates, seriesSet } = await step(
    'aggregate',
    `merging ${parts.length} datacenter part(s)`,
    () => mergeParts(parts),
  );
  const generatedAt = deps.now();
  const model = await findReport(deps.store, request, aggregates, seriesSet, generatedAt, step);
  return publishAnalysis(deps.store, request, { seriesSet, aggregates, model, generatedAt }, step, timings);
}
