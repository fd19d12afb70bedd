/**
 * The figures of one component: every catalogue metric of its kind, the per-NIC breakdown of host
 * network metrics, and the derived figures (CPU ready % per vCPU, datastore used %). Each series
 * computed also leaves its daily summaries and, for profiled metrics, feeds the fleet profile.
 */
import { type ComponentKind, type MetricDef, type MetricName, metricsOf } from '../core/catalogue.ts';
import type { DerivedName, MetricStats, Series, SeriesSummaries, Unavailable } from '../core/types.ts';
import { ProfileAccumulator } from './profile.ts';
import { computeSeriesStats, type SeriesStatsOptions } from './series-stats.ts';
import { type Points, sumAligned } from './vmware.ts';

export type SeriesIndex = ReadonlyMap<string, readonly Series[]>;

/** The index key of a series: datacenter, metric, component. */
export const seriesKey = (dcTag: string, metric: string, component: string): string =>
  `${dcTag}\u0000${metric}\u0000${component}`;

/** Series grouped by datacenter, metric and component (host network metrics: one per NIC). */
export function indexSeries(series: readonly Series[]): SeriesIndex {
  const index = new Map<string, Series[]>();
  for (const s of series) {
    const key = seriesKey(s.datacenterTag, s.metric, s.component);
    const list = index.get(key);
    if (list) list.push(s);
    else index.set(key, [s]);
  }
  return index;
}

/** What the aggregation of one datacenter shares between its components. */
export interface StatsContext {
  readonly dcTag: string;
  readonly index: SeriesIndex;
  readonly base: Omit<SeriesStatsOptions, 'thresholds' | 'profile' | 'interval'>;
  readonly thresholds: Readonly<Partial<Record<MetricName | DerivedName, readonly number[]>>>;
  readonly profileMetrics: ReadonlySet<string>;
  /** Receives the daily summaries of every series computed. */
  readonly summaries: SeriesSummaries[];
  /** Fleet profiles by metric, fed by every component's profiled metrics. */
  readonly fleetProfiles: Map<MetricName, ProfileAccumulator>;
}

/** A derived figure: its name, and how to turn one of the source's samples into it. */
export interface Derivation {
  readonly source: MetricName;
  readonly name: DerivedName;
  /** The conversion given the source series' interval, or why the figure cannot be computed. */
  readonly convert: (intervalSeconds: number) => ((v: number) => number) | Unavailable;
}

export interface ComponentFigures {
  readonly metrics: Partial<Record<MetricName, MetricStats>>;
  readonly derived: Partial<Record<DerivedName, MetricStats>>;
  readonly nics: Record<string, Partial<Record<MetricName, MetricStats>>>;
  readonly unavailable: Unavailable[];
  /** Metrics with at least one series. */
  readonly found: number;
}

function statsOf(
  ctx: StatsContext,
  kind: ComponentKind,
  component: string,
  metric: MetricName | DerivedName,
  points: Points,
  extra: { profile?: boolean; interval?: SeriesStatsOptions['interval']; summaries?: boolean } = {},
): MetricStats {
  const result = computeSeriesStats(points.timestamps, points.values, {
    ...ctx.base,
    ...(extra.summaries === false ? { relativeAccuracy: null } : {}),
    ...(extra.interval ? { interval: extra.interval } : {}),
    thresholds: ctx.thresholds[metric] ?? [],
    profile: extra.profile ?? false,
  });
  if (result.days && result.days.length > 0) {
    ctx.summaries.push({
      datacenterTag: ctx.dcTag,
      kind,
      component,
      metric,
      intervalSeconds: result.stats.intervalSeconds,
      days: result.days,
    });
  }
  if (extra.profile) {
    const fleet = ctx.fleetProfiles.get(metric as MetricName) ?? new ProfileAccumulator();
    fleet.merge(result.profile);
    ctx.fleetProfiles.set(metric as MetricName, fleet);
  }
  return result.stats;
}

const EMPTY: Points = { timestamps: new Float64Array(0), values: new Float64Array(0) };

function perNic(def: MetricDef): boolean {
  return (def.tagKeys as readonly string[]).includes('nicname');
}

/** The derived figure of `d` from its source's points, or why it cannot be computed. */
function derive(
  ctx: StatsContext,
  kind: ComponentKind,
  component: string,
  d: Derivation,
  points: Points,
  source: MetricStats,
): MetricStats | Unavailable {
  const convert = d.convert(source.intervalSeconds);
  if (typeof convert !== 'function') return convert;
  const values = new Float64Array(points.values.length);
  for (let i = 0; i < values.length; i++) values[i] = convert(points.values[i] as number);
  // The derived series keeps its source's interval: same samples, other unit.
  return statsOf(
    ctx,
    kind,
    component,
    d.name,
    { timestamps: points.timestamps, values },
    { interval: { seconds: source.intervalSeconds, source: source.intervalSource } },
  );
}

/**
 * Stats of each NIC series into `nics`, and the host's total: the sum over its NICs, computed
 * client-side because the query groups by NIC. NIC figures keep no daily summaries (the host
 * total does), which bounds the archive's size.
 */
function nicFigures(
  ctx: StatsContext,
  kind: ComponentKind,
  component: string,
  metric: MetricName,
  list: readonly Series[],
  nics: Record<string, Partial<Record<MetricName, MetricStats>>>,
): Points {
  for (const s of list) {
    if (s.nic === undefined) continue;
    const figures = nics[s.nic] ?? {};
    figures[metric] = statsOf(ctx, kind, component, metric, s, { summaries: false });
    nics[s.nic] = figures;
  }
  return sumAligned(list);
}

/** Computes every figure of one component from the index. */
export function componentFigures(
  ctx: StatsContext,
  kind: ComponentKind,
  component: string,
  derivations: readonly Derivation[],
): ComponentFigures {
  const metrics: Partial<Record<MetricName, MetricStats>> = {};
  const derived: Partial<Record<DerivedName, MetricStats>> = {};
  const nics: Record<string, Partial<Record<MetricName, MetricStats>>> = {};
  const unavailable: Unavailable[] = [];
  let found = 0;
  for (const def of metricsOf(kind)) {
    const metric = def.name as MetricName;
    const list = ctx.index.get(seriesKey(ctx.dcTag, metric, component)) ?? [];
    if (list.length > 0) found++;
    const profile = ctx.profileMetrics.has(metric);
    const points =
      perNic(def) && list.length > 0
        ? nicFigures(ctx, kind, component, metric, list, nics)
        : (list[0] ?? EMPTY);
    const stats = statsOf(ctx, kind, component, metric, points, { profile });
    metrics[metric] = stats;
    if (list.length === 0) continue;
    for (const d of derivations) {
      if (d.source !== metric) continue;
      const figure = derive(ctx, kind, component, d, points, stats);
      if ('reason' in figure) unavailable.push(figure);
      else derived[d.name] = figure;
    }
  }
  return { metrics, derived, nics, unavailable, found };
}
