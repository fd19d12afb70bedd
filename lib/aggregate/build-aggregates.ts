/**
 * Stage 3, aggregate: every component of the inventory × every catalogue metric of its kind →
 * figures with coverage, derived figures (CPU ready % per vCPU, datastore used %), rollups per
 * host, datacenter and fleet, and the mergeable daily summaries. Components without series and
 * series without an inventory entry are both kept and stated, never dropped.
 */
import { type ComponentKind, type MetricName, metricDef } from '../core/catalogue.ts';
import { localIso } from '../core/period.ts';
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
  type SeriesSet,
  type SeriesSummaries,
  type VmInfo,
} from '../core/types.ts';
import {
  type ComponentFigures,
  componentFigures,
  type Derivation,
  indexSeries,
  type StatsContext,
} from './component-stats.ts';
import { LocalClock } from './local-time.ts';
import type { ProfileAccumulator } from './profile.ts';
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
}

/** CPU usage profiles, 20 gaps listed, 1 % sketches, top 10; thresholds come from the findings rules. */
export const AGGREGATE_DEFAULTS: AggregateOptions = {
  thresholds: {},
  profileMetrics: ['vscope.host.cpu.usage.perc', 'vscope.vm.cpu.usage.perc'],
  gapListCap: 20,
  relativeAccuracy: DEFAULT_RELATIVE_ACCURACY,
  topN: 10,
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

function report(
  kind: ComponentKind,
  key: string,
  displayName: string,
  details: Record<string, DetailValue>,
  figures: ComponentFigures,
  capacity: ComponentReport['capacity'] = null,
): ComponentReport {
  return {
    kind,
    key,
    displayName,
    details,
    metrics: figures.metrics,
    derived: figures.derived,
    nics: figures.nics,
    capacity,
    unavailable: figures.unavailable,
    missingSeries: figures.found === 0,
  };
}

function datacenterReport(dc: DatacenterInventory, set: SeriesSet, ctx: StatsContext): DatacenterReport {
  const hosts = dc.hosts.map((h) =>
    report(
      'host',
      h.tag,
      h.name,
      { cpuMhz: h.cpuMhz, ramGb: h.ramGb, inMaintenance: h.inMaintenance },
      componentFigures(ctx, 'host', h.tag, []),
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
      },
      componentFigures(ctx, 'vm', v.tag, vmDerivations(v)),
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
      componentFigures(ctx, 'filer', f.tag, filerDerivations(f)),
      {
        sizeGb: f.sizeGb,
        usedGb: f.spaceUsedGb,
        usedPct: f.sizeGb && f.spaceUsedGb !== null ? (f.spaceUsedGb / f.sizeGb) * 100 : null,
        provisionedGb: f.spaceProvisionedGb,
        overcommitRatio: overcommitRatio(f.spaceProvisionedGb, f.sizeGb),
      },
    ),
  );
  const known: Record<ComponentKind, Set<string>> = {
    host: new Set(hosts.map((c) => c.key)),
    vm: new Set(vms.map((c) => c.key)),
    filer: new Set(filers.map((c) => c.key)),
  };
  const unknown = new Map<string, { metric: MetricName; component: string }>();
  for (const s of set.series) {
    const kind = metricDef(s.metric)?.kind;
    if (s.datacenterTag !== dc.tag || !kind || known[kind].has(s.component)) continue;
    unknown.set(`${s.metric}\u0000${s.component}`, { metric: s.metric, component: s.component });
  }
  return {
    datacenterId: dc.datacenterId,
    name: dc.name,
    tag: dc.tag,
    hosts,
    vms,
    filers,
    unknownComponents: [...unknown.values()],
    hostRollups: hostRollups(dc, vms),
    rollup: datacenterRollup(dc, hosts, vms),
  };
}

function coverageOf(datacenters: readonly DatacenterReport[]): Aggregates['coverage'] {
  let received = 0;
  let expected = 0;
  for (const dc of datacenters) {
    for (const c of [...dc.hosts, ...dc.vms, ...dc.filers]) {
      // A powered-off VM is expected to be silent.
      if (c.details.powerState === 'poweredOff') continue;
      for (const m of Object.values(c.metrics)) {
        received += Math.min(m.samples, m.expected);
        expected += m.expected;
      }
    }
  }
  return { expected, received, pct: expected > 0 ? (received / expected) * 100 : 0 };
}

function kindOfMetric(metric: MetricName): ComponentKind {
  return metricDef(metric)?.kind ?? 'vm';
}

/** Computes every figure of the report from the inventory and the fetched series. */
export function aggregate(
  inventory: Inventory,
  set: SeriesSet,
  options: AggregateOptions = AGGREGATE_DEFAULTS,
): Aggregates {
  const { period } = set;
  const index = indexSeries(set.series);
  const summaries: SeriesSummaries[] = [];
  const fleetProfiles = new Map<MetricName, ProfileAccumulator>();
  const base = {
    period,
    clock: new LocalClock(period),
    requestedIntervalSeconds: set.intervalSeconds,
    gapListCap: options.gapListCap,
    relativeAccuracy: options.relativeAccuracy,
  };
  const profileMetrics = new Set<string>(options.profileMetrics);
  const datacenters = inventory.datacenters.map((dc) =>
    datacenterReport(dc, set, {
      dcTag: dc.tag,
      index,
      base,
      thresholds: options.thresholds,
      profileMetrics,
      summaries,
      fleetProfiles,
    }),
  );
  const periodWithIso = {
    ...period,
    startIso: localIso(period.startMs, period.timeZone),
    endIso: localIso(period.endMs, period.timeZone),
  };
  return {
    serviceName: inventory.serviceName,
    period: periodWithIso,
    intervalSeconds: set.intervalSeconds,
    coverage: coverageOf(datacenters),
    datacenters,
    fleet: {
      top: topLists(datacenters, options.topN),
      distributions: distributions(datacenters),
      profiles: [...fleetProfiles].map(([metric, acc]) => ({
        kind: kindOfMetric(metric),
        metric,
        cells: acc.means(),
      })),
    },
    gaps: set.gaps,
    summaries: {
      schemaVersion: 1,
      serviceName: inventory.serviceName,
      period: periodWithIso,
      sketch: { kind: 'log-buckets', relativeAccuracy: options.relativeAccuracy },
      series: summaries,
    },
  };
}
