/**
 * The figures of one component: every catalogue metric of its kind, the per-NIC breakdown of host
 * network metrics, and the derived figures (CPU ready % per vCPU, datastore used %). Each series
 * computed also leaves its daily summaries and, for profiled metrics, feeds the fleet profile.
 * A series is digested (digestSeries) as soon as it is fetched; componentFigures then assembles
 * the component from the digests.
 */
import { type ComponentKind, type MetricDef, type MetricName, metricsOf } from '../core/catalogue.ts';
import type { DerivedName, MetricStats, Series, SeriesSummaries, Unavailable } from '../core/types.ts';
import { FleetProfileSum, type ProfileAccumulator } from './profile.ts';
import { computeSeriesStats, type SeriesStatsOptions } from './series-stats.ts';
import { type Points, sumAligned } from './vmware.ts';

/** What the statistics of one datacenter share between its components. */
export interface StatsContext {
  readonly dcTag: string;
  readonly base: Omit<SeriesStatsOptions, 'thresholds' | 'profile' | 'interval'>;
  readonly thresholds: Readonly<Partial<Record<MetricName | DerivedName, readonly number[]>>>;
  readonly profileMetrics: ReadonlySet<string>;
}

/** Where computed figures leave their traces, in the inventory's order. */
export interface FigureSinks {
  /** Receives the daily summaries of every series computed. */
  readonly summaries: SeriesSummaries[];
  /** Fleet profiles by metric, fed by every component's profiled metrics. */
  readonly fleetProfiles: Map<MetricName, FleetProfileSum>;
}

/** A derived figure: its name, and how to turn one of the source's samples into it. */
export interface Derivation {
  readonly source: MetricName;
  readonly name: DerivedName;
  /** The conversion given the source series' interval, or why the figure cannot be computed. */
  readonly convert: (intervalSeconds: number) => ((v: number) => number) | Unavailable;
}

/** The figures of one series, with what they leave for the archive and the fleet profile. */
interface Computed {
  readonly name: MetricName | DerivedName;
  readonly stats: MetricStats;
  readonly summary: SeriesSummaries | null;
  readonly profile: ProfileAccumulator | null;
}

/**
 * Everything one series of a component gives: its figures and the figures derived from it.
 * Computed as soon as the series is whole, so its samples can go; recorded later, in order.
 */
export interface MetricDigest {
  readonly figure: Computed;
  readonly derived: readonly (Computed | Unavailable)[];
}

/** What componentFigures is given for one metric of a component. */
export interface MetricInput {
  /** The digest of the component's series, when one came. */
  readonly digest?: MetricDigest | undefined;
  /** Every series of a per-NIC metric (host network), summed here. */
  readonly nicSeries?: readonly Series[] | undefined;
}

export interface ComponentFigures {
  readonly metrics: Partial<Record<MetricName, MetricStats>>;
  readonly derived: Partial<Record<DerivedName, MetricStats>>;
  readonly nics: Record<string, Partial<Record<MetricName, MetricStats>>>;
  readonly unavailable: Unavailable[];
  /** Metrics with at least one series. */
  readonly found: number;
}

function compute(
  ctx: StatsContext,
  kind: ComponentKind,
  component: string,
  name: MetricName | DerivedName,
  points: Points,
  extra: { profile?: boolean; interval?: SeriesStatsOptions['interval']; summaries?: boolean } = {},
): Computed {
  const result = computeSeriesStats(points.timestamps, points.values, {
    ...ctx.base,
    ...(extra.summaries === false ? { relativeAccuracy: null } : {}),
    ...(extra.interval ? { interval: extra.interval } : {}),
    thresholds: ctx.thresholds[name] ?? [],
    profile: extra.profile ?? false,
  });
  const summary =
    result.days && result.days.length > 0
      ? {
          datacenterTag: ctx.dcTag,
          kind,
          component,
          metric: name,
          intervalSeconds: result.stats.intervalSeconds,
          days: result.days,
        }
      : null;
  return { name, stats: result.stats, summary, profile: extra.profile ? result.profile : null };
}

/** Leaves the traces of `c` in the sinks; its stats. */
function record(sinks: FigureSinks, c: Computed): MetricStats {
  if (c.summary) sinks.summaries.push(c.summary);
  if (c.profile) {
    const metric = c.name as MetricName;
    const fleet = sinks.fleetProfiles.get(metric) ?? new FleetProfileSum();
    fleet.add(c.profile);
    sinks.fleetProfiles.set(metric, fleet);
  }
  return c.stats;
}

const EMPTY: Points = { timestamps: new Float64Array(0), values: new Float64Array(0) };

/** Whether a metric comes per NIC (`nicname` tag): its series are summed per host. */
export function perNic(def: MetricDef): boolean {
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
): Computed | Unavailable {
  const convert = d.convert(source.intervalSeconds);
  if (typeof convert !== 'function') return convert;
  const values = new Float64Array(points.values.length);
  for (let i = 0; i < values.length; i++) values[i] = convert(points.values[i] as number);
  // The derived series keeps its source's interval: same samples, other unit.
  return compute(
    ctx,
    kind,
    component,
    d.name,
    { timestamps: points.timestamps, values },
    { interval: { seconds: source.intervalSeconds, source: source.intervalSource } },
  );
}

/** The figures of one metric of a component from its points, and those derived from them. */
export function digestSeries(
  ctx: StatsContext,
  kind: ComponentKind,
  component: string,
  metric: MetricName,
  points: Points,
  derivations: readonly Derivation[],
): MetricDigest {
  const figure = compute(ctx, kind, component, metric, points, { profile: ctx.profileMetrics.has(metric) });
  const derived = derivations
    .filter((d) => d.source === metric)
    .map((d) => derive(ctx, kind, component, d, points, figure.stats));
  return { figure, derived };
}

/**
 * Stats of each NIC series into `nics`, and the host's total: the sum over its NICs in NIC order, computed
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
  // In NIC order, not the order the series arrived in (which follows how requests were batched):
  // the floating-point total then does not depend on it.
  const sorted = [...list].sort((a, b) => (a.nic ?? '').localeCompare(b.nic ?? '', 'en'));
  for (const s of sorted) {
    if (s.nic === undefined) continue;
    const figures = nics[s.nic] ?? {};
    figures[metric] = compute(ctx, kind, component, metric, s, { summaries: false }).stats;
    nics[s.nic] = figures;
  }
  return sumAligned(sorted);
}

/**
 * Every figure of one component, from the digests of its series (and the NIC series of per-NIC
 * metrics), recorded in catalogue order so the archive and the fleet profiles do not depend on
 * the order the series arrived in.
 */
export function componentFigures(
  ctx: StatsContext,
  sinks: FigureSinks,
  kind: ComponentKind,
  component: string,
  derivations: readonly Derivation[],
  input: (metric: MetricName) => MetricInput,
): ComponentFigures {
  const metrics: Partial<Record<MetricName, MetricStats>> = {};
  const derived: Partial<Record<DerivedName, MetricStats>> = {};
  const nics: Record<string, Partial<Record<MetricName, MetricStats>>> = {};
  const unavailable: Unavailable[] = [];
  let found = 0;
  for (const def of metricsOf(kind)) {
    const metric = def.name as MetricName;
    const { digest, nicSeries = [] } = input(metric);
    let result: MetricDigest;
    if (perNic(def) && nicSeries.length > 0) {
      const points = nicFigures(ctx, kind, component, metric, nicSeries, nics);
      result = digestSeries(ctx, kind, component, metric, points, derivations);
    } else if (digest) {
      result = digest;
    } else {
      const profile = ctx.profileMetrics.has(metric);
      result = { figure: compute(ctx, kind, component, metric, EMPTY, { profile }), derived: [] };
    }
    if (digest || nicSeries.length > 0) found++;
    metrics[metric] = record(sinks, result.figure);
    for (const figure of result.derived) {
      if ('reason' in figure) unavailable.push(figure);
      else derived[figure.name as DerivedName] = record(sinks, figure);
    }
  }
  return { metrics, derived, nics, unavailable, found };
}
