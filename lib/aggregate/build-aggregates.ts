/**
 * Stage 3, aggregate: every component of the inventory × every catalogue metric of its kind →
 * figures with coverage, derived figures (CPU ready % per vCPU, datastore used %), rollups per
 * host, datacenter and fleet, and the mergeable daily summaries. Components without series and
 * series without an inventory entry are both kept and stated, never dropped.
 */
import { type ComponentKind, type MetricName, metricDef } from '../core/catalogue.ts';
import { localIso } from '../core/period.ts';
import type { SeriesSink } from '../core/ports.ts';
import {
  type Aggregates,
  type ComponentReport,
  type DatacenterInventory,
  type DatacenterReport,
  DERIVED,
  type DerivedName,
  type DetailValue,
  type FilerInfo,
  type Inventory,
  type MetricStats,
  ownSeries,
  type Period,
  type Series,
  type SeriesSet,
  seriesKey,
  type VmInfo,
} from '../core/types.ts';
import { DEFAULT_HOST_LOSS_LIMIT_PCT, datacenterCapacity } from './capacity.ts';
import {
  type ComponentFigures,
  componentFigures,
  type Derivation,
  digestSeries,
  type FigureSinks,
  type MetricDigest,
  type MetricInput,
  perNic,
  type StatsContext,
} from './component-stats.ts';
import { LocalClock } from './local-time.ts';
import type { FleetProfileSum } from './profile.ts';
import { datacenterRollup, distributions, hostRollups, topLists } from './rollups.ts';
import { DEFAULT_RELATIVE_ACCURACY } from './sketch.ts';
import { cpuReadyPercent, overcommitRatio, usedPercent } from './vmware.ts';

export interface AggregateOptions {
  /** Thresholds to measure the time above, per metric or derived figure (from the findings rules). */
  readonly thresholds: Readonly<Partial<Record<MetricName | DerivedName, readonly number[]>>>;
  /** Metrics whose hour-of-week profile is kept per component (and summed for the fleet). */
  readonly profileMetrics: readonly MetricName[];
  /** Gaps listed per series at most; all are counted. */
  readonly gapListCap: number;
  /** Relative accuracy of the daily summaries' quantile sketches. */
  readonly relativeAccuracy: number;
  /** Components per top list. */
  readonly topN: number;
  /** The hosts-left limit of the N+1 check, % (from the findings rules' `hostLoss.maxUsedPctAfterLoss`). */
  readonly hostLossLimitPct: number;
}

/** CPU usage profiles, 20 gaps listed, 1 % sketches, top 10; thresholds come from the findings rules. */
export const AGGREGATE_DEFAULTS: AggregateOptions = {
  thresholds: {},
  profileMetrics: ['vscope.host.cpu.usage.perc', 'vscope.vm.cpu.usage.perc'],
  gapListCap: 20,
  relativeAccuracy: DEFAULT_RELATIVE_ACCURACY,
  topN: 10,
  hostLossLimitPct: DEFAULT_HOST_LOSS_LIMIT_PCT,
};

const READY = 'vscope.vm.cpu.ready';
const USED = 'vscope.filer.datastore.diskspace.used';

function vmDerivations(vm: VmInfo): Derivation[] {
  return [
    {
      source: READY,
      name: DERIVED.cpuReadyPct,
      convert: (interval) => {
        const cpuNum = vm.cpuNum;
        if (cpuNum === null || !(cpuNum > 0)) {
          return {
            figure: DERIVED.cpuReadyPct,
            reason: 'The inventory gives no vCPU count for this VM: CPU ready per vCPU is not computed.',
          };
        }
        return (ms) => cpuReadyPercent(ms, interval, cpuNum);
      },
    },
  ];
}

function filerDerivations(filer: FilerInfo): Derivation[] {
  return [
    {
      source: USED,
      name: DERIVED.datastoreUsedPct,
      convert: () => {
        const size = filer.sizeGb;
        if (size === null || !(size > 0)) {
          return {
            figure: DERIVED.datastoreUsedPct,
            reason: 'The inventory gives no size for this datastore: used % is not computed.',
          };
        }
        return (kb) => usedPercent(kb, size);
      },
    },
  ];
}

/**
 * A powered-off VM's figures with no sample expected: expected 0, coverage 100 % (nothing is
 * missing) and no gap. The one rule for every total: a powered-off VM is expected to be silent, so
 * its entry, the datacenter's coverage and the gaps list all count 0 expected samples for it
 * (samples it did send, before it was switched off, stay in its figures).
 */
function nothingExpected<K extends string>(
  figures: Readonly<Partial<Record<K, MetricStats>>>,
): Partial<Record<K, MetricStats>> {
  const out: Partial<Record<K, MetricStats>> = {};
  for (const [name, stats] of Object.entries(figures) as [K, MetricStats | undefined][]) {
    if (!stats) continue;
    out[name] = {
      ...stats,
      expected: 0,
      coveragePct: 100,
      gaps: { count: 0, missingSeconds: 0, longestSeconds: 0, listed: [] },
    };
  }
  return out;
}

function report(
  kind: ComponentKind,
  key: string,
  displayName: string,
  details: Record<string, DetailValue>,
  figures: ComponentFigures,
  capacity: ComponentReport['capacity'] = null,
): ComponentReport {
  const silent = details.powerState === 'poweredOff';
  return {
    kind,
    key,
    displayName,
    details,
    metrics: silent ? nothingExpected(figures.metrics) : figures.metrics,
    derived: silent ? nothingExpected(figures.derived) : figures.derived,
    nics: figures.nics,
    capacity,
    unavailable: figures.unavailable,
    missingSeries: figures.found === 0,
  };
}

/** The figures of a datacenter's components, from what the aggregation collected. */
interface DatacenterInput {
  readonly ctx: StatsContext;
  readonly sinks: FigureSinks;
  readonly input: (component: string) => (metric: MetricName) => MetricInput;
  readonly unknownComponents: DatacenterReport['unknownComponents'];
  readonly hostLossLimitPct: number;
}

function datacenterReport(dc: DatacenterInventory, from: DatacenterInput): DatacenterReport {
  const { ctx, sinks, input } = from;
  const hosts = dc.hosts.map((h) =>
    report(
      'host',
      h.tag,
      h.name,
      { cpuMhz: h.cpuMhz, cpuCores: h.cpuCores, ramGb: h.ramGb, inMaintenance: h.inMaintenance },
      componentFigures(ctx, sinks, 'host', h.tag, [], input(h.tag)),
    ),
  );
  const vms = dc.vms.map((v) =>
    report(
      'vm',
      v.tag,
      v.name,
      {
        moRef: v.moRef,
        powerState: v.powerState,
        cpuNum: v.cpuNum,
        memoryMaxMb: v.memoryMaxMb,
        snapshotNum: v.snapshotNum,
        hostName: v.hostName,
        datastores: v.datastores && v.datastores.length > 0 ? v.datastores.join(', ') : null,
      },
      componentFigures(ctx, sinks, 'vm', v.tag, vmDerivations(v), input(v.tag)),
    ),
  );
  const filers = dc.filers.map((f) =>
    report(
      'filer',
      f.tag,
      f.name,
      {
        sizeGb: f.sizeGb,
        spaceUsedGb: f.spaceUsedGb,
        spaceFreeGb: f.spaceFreeGb,
        spaceProvisionedGb: f.spaceProvisionedGb,
      },
      componentFigures(ctx, sinks, 'filer', f.tag, filerDerivations(f), input(f.tag)),
      {
        sizeGb: f.sizeGb,
        usedGb: f.spaceUsedGb,
        usedPct: f.sizeGb && f.spaceUsedGb !== null ? (f.spaceUsedGb / f.sizeGb) * 100 : null,
        provisionedGb: f.spaceProvisionedGb,
        overcommitRatio: overcommitRatio(f.spaceProvisionedGb, f.sizeGb),
      },
    ),
  );
  return {
    datacenterId: dc.datacenterId,
    name: dc.name,
    tag: dc.tag,
    hosts,
    vms,
    filers,
    unknownComponents: from.unknownComponents,
    hostRollups: hostRollups(dc, vms),
    rollup: datacenterRollup(dc, hosts, vms),
    capacity: datacenterCapacity(hosts, vms, filers, from.hostLossLimitPct),
  };
}

/** Samples received and expected over every component of `datacenters` (powered-off VMs left out). */
export function coverageOf(datacenters: readonly DatacenterReport[]): Aggregates['coverage'] {
  let received = 0;
  let expected = 0;
  for (const dc of datacenters) {
    for (const c of [...dc.hosts, ...dc.vms, ...dc.filers]) {
      // A powered-off VM expects 0 samples (see nothingExpected), so it adds nothing here either.
      for (const m of Object.values(c.metrics)) {
        received += Math.min(m.samples, m.expected);
        expected += m.expected;
      }
    }
  }
  return { expected, received, pct: expected > 0 ? (received / expected) * 100 : 0 };
}

export function kindOfMetric(metric: MetricName): ComponentKind {
  return metricDef(metric)?.kind ?? 'vm';
}

/** The derivations of one inventory component, by datacenter and component tag. */
function derivationsByComponent(inventory: Inventory): Map<string, Map<string, readonly Derivation[]>> {
  const byDc = new Map<string, Map<string, readonly Derivation[]>>();
  for (const dc of inventory.datacenters) {
    const components = new Map<string, readonly Derivation[]>();
    for (const h of dc.hosts) components.set(componentKey('host', h.tag), []);
    for (const v of dc.vms) components.set(componentKey('vm', v.tag), vmDerivations(v));
    for (const f of dc.filers) components.set(componentKey('filer', f.tag), filerDerivations(f));
    byDc.set(dc.tag, components);
  }
  return byDc;
}

/** A component of the inventory among its datacenter's: kind and tag. */
const componentKey = (kind: string, tag: string): string => `${kind}\u0000${tag}`;

/**
 * What to keep whole of a fetched series for the charts: nothing, all of it, or — for a metric
 * the charts draw only for the highest-ranked components — the series of the `topByP95`
 * components of its datacenter with the highest p95 (ties at the boundary kept), decided as the
 * series arrive from their digests, so the others are dropped at once.
 */
export type Retention = boolean | { readonly topByP95: number };

interface Ranked {
  readonly p95: number;
  readonly series: Series;
}

/** Keeps the entries whose p95 is at least the `top`-th highest (ties kept); the new floor. */
function prune(list: Ranked[], top: number): number {
  const floor = list.map((e) => e.p95).sort((a, b) => b - a)[top - 1] ?? Number.NEGATIVE_INFINITY;
  const kept = list.filter((e) => e.p95 >= floor);
  list.length = 0;
  list.push(...kept);
  return floor;
}

/**
 * Stage 3 as the series arrive: each series of a known component is digested (its figures and
 * daily summaries computed) the moment fetch hands it over, and its samples are dropped unless
 * `retain` asks to keep them (the series the charts draw). Host network series, summed per host
 * over their NICs, are kept until `finish`, which assembles the components, rollups and fleet
 * figures in the inventory's order, so the result does not depend on the order of arrival.
 */
export class Aggregation implements SeriesSink {
  private readonly derivations: Map<string, Map<string, readonly Derivation[]>>;
  private readonly digests = new Map<string, MetricDigest>();
  private readonly nicSeries = new Map<string, Series[]>();
  private readonly unknown = new Map<string, Map<string, { metric: MetricName; component: string }>>();
  private readonly retained: Series[] = [];
  /** Series kept by rank, per datacenter and metric, with the p95 under which a new one is dropped. */
  private readonly ranked = new Map<string, { list: Ranked[]; floor: number; top: number }>();
  private readonly clock: LocalClock;
  private readonly profileMetrics: ReadonlySet<string>;

  constructor(
    private readonly inventory: Inventory,
    private readonly period: Period,
    private readonly options: AggregateOptions = AGGREGATE_DEFAULTS,
    private readonly retain: (series: Series) => Retention = () => false,
  ) {
    this.derivations = derivationsByComponent(inventory);
    this.clock = new LocalClock(period);
    this.profileMetrics = new Set<string>(options.profileMetrics);
  }

  private context(dcTag: string, requestedIntervalSeconds: number): StatsContext {
    return {
      dcTag,
      base: {
        period: this.period,
        clock: this.clock,
        requestedIntervalSeconds,
        gapListCap: this.options.gapListCap,
        relativeAccuracy: this.options.relativeAccuracy,
      },
      thresholds: this.options.thresholds,
      profileMetrics: this.profileMetrics,
    };
  }

  /** Takes one whole series (every time window in). */
  add(series: Series, requestedIntervalSeconds: number): void {
    const retention = this.retain(series);
    if (retention === true) this.retained.push(ownSeries(series));
    const def = metricDef(series.metric);
    const components = this.derivations.get(series.datacenterTag);
    if (!def || !components) return;
    const derivations = components.get(componentKey(def.kind, series.component));
    const id = seriesKey(series.datacenterTag, series.metric, series.component);
    if (derivations === undefined) {
      const unknown = this.unknown.get(series.datacenterTag) ?? new Map();
      unknown.set(id, { metric: series.metric, component: series.component });
      this.unknown.set(series.datacenterTag, unknown);
    } else if (perNic(def)) {
      const list = this.nicSeries.get(id);
      if (list) list.push(ownSeries(series));
      else this.nicSeries.set(id, [ownSeries(series)]);
    } else if (!this.digests.has(id)) {
      // A second series for the same component and metric is ignored, as the first one counts.
      const ctx = this.context(series.datacenterTag, requestedIntervalSeconds);
      const digest = digestSeries(ctx, def.kind, series.component, series.metric, series, derivations);
      this.digests.set(id, digest);
      if (typeof retention === 'object') this.keepRanked(series, digest.figure.stats.p95, retention.topByP95);
    }
  }

  private keepRanked(series: Series, p95: number | null, top: number): void {
    if (p95 === null || top < 1) return;
    const key = `${series.datacenterTag}\u0000${series.metric}`;
    const ranked = this.ranked.get(key) ?? { list: [], floor: Number.NEGATIVE_INFINITY, top };
    this.ranked.set(key, ranked);
    if (p95 < ranked.floor) return;
    ranked.list.push({ p95, series: ownSeries(series) });
    if (ranked.list.length >= 2 * top) ranked.floor = prune(ranked.list, top);
  }

  /**
   * The aggregates of everything added, the series kept for the charts, and the sums behind the
   * fleet profiles (what a datacenter's part carries, to be merged with the others').
   */
  finish(set: Omit<SeriesSet, 'series'>): {
    aggregates: Aggregates;
    series: Series[];
    profiles: ReadonlyMap<MetricName, FleetProfileSum>;
  } {
    const { period, options } = this;
    const sinks: FigureSinks = { summaries: [], fleetProfiles: new Map() };
    const datacenters = this.inventory.datacenters.map((dc) =>
      datacenterReport(dc, {
        ctx: this.context(dc.tag, set.intervalSeconds),
        sinks,
        input: (component) => (metric) => ({
          digest: this.digests.get(seriesKey(dc.tag, metric, component)),
          nicSeries: this.nicSeries.get(seriesKey(dc.tag, metric, component)),
        }),
        hostLossLimitPct: options.hostLossLimitPct,
        // Sorted, so the list does not depend on the order the series arrived in.
        unknownComponents: [...(this.unknown.get(dc.tag)?.values() ?? [])].sort(
          (a, b) => a.component.localeCompare(b.component, 'en') || a.metric.localeCompare(b.metric, 'en'),
        ),
      }),
    );
    const periodWithIso = {
      ...period,
      startIso: localIso(period.startMs, period.timeZone),
      endIso: localIso(period.endMs, period.timeZone),
    };
    const aggregates: Aggregates = {
      serviceName: this.inventory.serviceName,
      period: periodWithIso,
      intervalSeconds: set.intervalSeconds,
      coverage: coverageOf(datacenters),
      datacenters,
      fleet: {
        top: topLists(datacenters, options.topN),
        distributions: distributions(datacenters),
        profiles: [...sinks.fleetProfiles].map(([metric, acc]) => ({
          kind: kindOfMetric(metric),
          metric,
          cells: acc.means(),
        })),
      },
      gaps: set.gaps,
      summaries: {
        schemaVersion: 1,
        serviceName: this.inventory.serviceName,
        period: periodWithIso,
        sketch: { kind: 'log-buckets', relativeAccuracy: options.relativeAccuracy },
        series: sinks.summaries,
      },
    };
    const ranked = [...this.ranked.values()].flatMap(({ list, top }) => {
      prune(list, top);
      return list.map((e) => e.series);
    });
    return { aggregates, series: [...this.retained, ...ranked], profiles: sinks.fleetProfiles };
  }
}

/** Computes every figure of the report from the inventory and the fetched series. */
export function aggregate(
  inventory: Inventory,
  set: SeriesSet,
  options: AggregateOptions = AGGREGATE_DEFAULTS,
): Aggregates {
  const aggregation = new Aggregation(inventory, set.period, options);
  for (const series of set.series) aggregation.add(series, set.intervalSeconds);
  return aggregation.finish(set).aggregates;
}
