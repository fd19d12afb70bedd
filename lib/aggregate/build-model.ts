/**
 * Stage 3, aggregate: every component of the inventory × every catalogue metric of its kind →
 * utilisation figures with coverage, plus derived figures (CPU ready % per vCPU, datastore
 * used %). Components without series and series without an inventory entry are both kept and
 * stated, never dropped.
 */
import { type ComponentKind, type MetricName, metricsOf } from '../core/catalogue.ts';
import { localIso } from '../core/period.ts';
import {
  type ComponentReport,
  type DatacenterInventory,
  type DatacenterReport,
  DERIVED,
  type DerivedName,
  type DetailValue,
  type Inventory,
  type MetricStats,
  type ReportModel,
  type Series,
  type SeriesSet,
} from '../core/types.ts';
import { deriveHighlights } from './highlights.ts';
import { emptyStats, seriesStats } from './stats.ts';

export interface ModelOptions {
  readonly generatedAt: Date;
  readonly generator: { readonly name: string; readonly version: string };
}

type SeriesIndex = Map<string, Series>;

const indexKey = (dcTag: string, metric: string, component: string): string =>
  `${dcTag}\u0000${metric}\u0000${component}`;

function indexSeries(series: readonly Series[]): SeriesIndex {
  const index: SeriesIndex = new Map();
  for (const s of series) index.set(indexKey(s.datacenterTag, s.metric, s.component), s);
  return index;
}

/** CPU ready ms per sample → % of one vCPU's time: ms / (interval × 1000) × 100 / cpuNum. */
export function cpuReadyPercent(readyMs: number, intervalSeconds: number, cpuNum: number): number {
  return ((readyMs / (intervalSeconds * 1000)) * 100) / cpuNum;
}

/** Datastore used kB → % of the filer's size in GB (1 GB = 1024² kB, as vSphere counts). */
export function usedPercent(usedKb: number, sizeGb: number): number {
  return (usedKb / (sizeGb * 1024 * 1024)) * 100;
}

function mapValues(values: Float64Array, f: (v: number) => number): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = f(values[i] as number);
  return out;
}

interface ComponentInput {
  readonly kind: ComponentKind;
  readonly key: string;
  readonly displayName: string;
  readonly details: Record<string, DetailValue>;
  readonly derive: (metric: MetricName, s: Series) => [DerivedName, Float64Array] | null;
}

function componentReport(
  dc: DatacenterInventory,
  c: ComponentInput,
  index: SeriesIndex,
  expected: number,
): ComponentReport {
  const metrics: Partial<Record<MetricName, MetricStats>> = {};
  const derived: Partial<Record<DerivedName, MetricStats>> = {};
  let found = 0;
  for (const def of metricsOf(c.kind)) {
    const s = index.get(indexKey(dc.tag, def.name, c.key));
    if (!s) {
      metrics[def.name as MetricName] = emptyStats(expected);
      continue;
    }
    found++;
    metrics[def.name as MetricName] = seriesStats(s.values, expected);
    const d = c.derive(def.name as MetricName, s);
    if (d) derived[d[0]] = seriesStats(d[1], expected);
  }
  return {
    kind: c.kind,
    key: c.key,
    displayName: c.displayName,
    details: c.details,
    metrics,
    derived,
    missingSeries: found === 0,
  };
}

function datacenterReport(
  dc: DatacenterInventory,
  set: SeriesSet,
  index: SeriesIndex,
  expected: number,
): DatacenterReport {
  const none = (): null => null;
  const hosts = dc.hosts.map((h) =>
    componentReport(
      dc,
      {
        kind: 'host',
        key: h.tag,
        displayName: h.name,
        details: { cpuMhz: h.cpuMhz, ramGb: h.ramGb, inMaintenance: h.inMaintenance },
        derive: none,
      },
      index,
      expected,
    ),
  );
  const vms = dc.vms.map((v) =>
    componentReport(
      dc,
      {
        kind: 'vm',
        key: v.tag,
        displayName: v.name,
        details: {
          moRef: v.moRef,
          powerState: v.powerState,
          cpuNum: v.cpuNum,
          memoryMaxMb: v.memoryMaxMb,
          snapshotNum: v.snapshotNum,
          hostName: v.hostName,
        },
        derive: (metric, s) =>
          metric === 'vscope.vm.cpu.ready' && v.cpuNum
            ? [
                DERIVED.cpuReadyPct,
                mapValues(s.values, (ms) => cpuReadyPercent(ms, set.intervalSeconds, v.cpuNum ?? 1)),
              ]
            : null,
      },
      index,
      expected,
    ),
  );
  const filers = dc.filers.map((f) =>
    componentReport(
      dc,
      {
        kind: 'filer',
        key: f.tag,
        displayName: f.name,
        details: {
          sizeGb: f.sizeGb,
          spaceUsedGb: f.spaceUsedGb,
          spaceFreeGb: f.spaceFreeGb,
          spaceProvisionedGb: f.spaceProvisionedGb,
        },
        derive: (metric, s) =>
          metric === 'vscope.filer.datastore.diskspace.used' && f.sizeGb
            ? [DERIVED.datastoreUsedPct, mapValues(s.values, (kb) => usedPercent(kb, f.sizeGb ?? 1))]
            : null,
      },
      index,
      expected,
    ),
  );
  const known = new Set([...hosts, ...vms, ...filers].map((c) => c.key));
  const unknownComponents = set.series
    .filter((s) => s.datacenterTag === dc.tag && !known.has(s.component))
    .map((s) => ({ metric: s.metric, component: s.component }));
  return { datacenterId: dc.datacenterId, name: dc.name, tag: dc.tag, hosts, vms, filers, unknownComponents };
}

/** Builds the report model (every figure the documents show) from the inventory and fetched series. */
export function buildReportModel(inventory: Inventory, set: SeriesSet, options: ModelOptions): ReportModel {
  const { period } = set;
  const expected = Math.round((period.endMs - period.startMs) / 1000 / set.intervalSeconds);
  const index = indexSeries(set.series);
  const datacenters = inventory.datacenters.map((dc) => datacenterReport(dc, set, index, expected));
  let received = 0;
  let expectedTotal = 0;
  for (const dc of datacenters) {
    for (const c of [...dc.hosts, ...dc.vms, ...dc.filers]) {
      if (c.details.powerState === 'poweredOff') continue;
      for (const m of Object.values(c.metrics)) {
        received += Math.min(m.samples, m.expected);
        expectedTotal += m.expected;
      }
    }
  }
  return {
    schemaVersion: 1,
    generator: options.generator,
    serviceName: inventory.serviceName,
    period: {
      ...period,
      startIso: localIso(period.startMs, period.timeZone),
      endIso: localIso(period.endMs, period.timeZone),
    },
    generatedAt: options.generatedAt.toISOString(),
    intervalSeconds: set.intervalSeconds,
    coverage: {
      expected: expectedTotal,
      received,
      pct: expectedTotal > 0 ? (received / expectedTotal) * 100 : 0,
    },
    datacenters,
    highlights: deriveHighlights(datacenters, set.intervalSeconds),
    gaps: set.gaps,
  };
}
