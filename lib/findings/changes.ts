/**
 * What changed since the previous period's report: components added or removed, VMs resized,
 * powered on or off, snapshots taken or removed, hosts entering or leaving maintenance; and the
 * figures of hosts, datastores and the top VMs this period beside the previous one. A pure
 * function of the aggregates and the previous report.json's datacenters.
 */
import type { MetricName } from '../core/catalogue.ts';
import {
  type Aggregates,
  type ChangeEvent,
  type ChangeEventKind,
  type Changes,
  type ComponentReport,
  type DatacenterReport,
  DERIVED,
  type DerivedName,
  type DetailValue,
  type FigureDelta,
} from '../core/types.ts';
import type { PreviousComponent, PreviousDatacenter } from './previous-figures.ts';

/** How many VMs of each top list ("top VMs") get their figures compared. */
export const TOP_VMS_COMPARED = 5;

const EVENT_ORDER: readonly ChangeEventKind[] = [
  'added',
  'removed',
  'vcpu',
  'memory',
  'powerState',
  'snapshots',
  'maintenance',
];
const KIND_ORDER = ['host', 'vm', 'filer'] as const;

/** Detail key compared for each event kind that is a change of one property. */
const PROPERTY: Readonly<Partial<Record<ChangeEventKind, { kind: 'host' | 'vm'; detail: string }>>> = {
  vcpu: { kind: 'vm', detail: 'cpuNum' },
  memory: { kind: 'vm', detail: 'memoryMaxMb' },
  powerState: { kind: 'vm', detail: 'powerState' },
  snapshots: { kind: 'vm', detail: 'snapshotNum' },
  maintenance: { kind: 'host', detail: 'inMaintenance' },
};

type Figure = { readonly name: string; readonly metric: MetricName | DerivedName };
const HOST_FIGURES: readonly Figure[] = [
  { name: 'cpuP95Pct', metric: 'vscope.host.cpu.usage.perc' },
  { name: 'memP95Pct', metric: 'vscope.host.mem.usage.perc' },
];
const VM_FIGURES: readonly Figure[] = [
  { name: 'cpuP95Pct', metric: 'vscope.vm.cpu.usage.perc' },
  { name: 'readyP95Pct', metric: DERIVED.cpuReadyPct },
  { name: 'memP95Pct', metric: 'vscope.vm.mem.usage.perc' },
];

interface Comparable {
  readonly key: string;
  readonly displayName: string;
  readonly details: Readonly<Record<string, DetailValue>>;
}

/** No previous report to compare with: nothing is listed as changed. */
export function noChanges(previousLabel: string): Changes {
  return { previousLabel, found: false, events: [], keyFigures: [], figures: [] };
}

function delta(previous: number | null, current: number | null): number | null {
  return previous === null || current === null ? null : current - previous;
}

function componentsOf<T>(
  dc: { hosts: readonly T[]; vms: readonly T[]; filers: readonly T[] },
  kind: 'host' | 'vm' | 'filer',
) {
  return kind === 'host' ? dc.hosts : kind === 'vm' ? dc.vms : dc.filers;
}

function componentEvents(
  kind: 'host' | 'vm' | 'filer',
  current: readonly Comparable[],
  previous: readonly Comparable[],
  datacenterTag: string,
): ChangeEvent[] {
  const event = (
    c: Comparable,
    k: ChangeEventKind,
    before: DetailValue,
    after: DetailValue,
  ): ChangeEvent => ({
    kind: k,
    componentKind: kind,
    key: c.key,
    displayName: c.displayName,
    datacenterTag,
    before,
    after,
  });
  const before = new Map(previous.map((c) => [c.key, c]));
  const now = new Set(current.map((c) => c.key));
  const events: ChangeEvent[] = [];
  for (const c of current) {
    const was = before.get(c.key);
    if (!was) {
      events.push(event(c, 'added', null, null));
      continue;
    }
    for (const [k, property] of Object.entries(PROPERTY)) {
      if (!property || property.kind !== kind) continue;
      const a = was.details[property.detail] ?? null;
      const b = c.details[property.detail] ?? null;
      // An unknown value on either side is not a change anyone made.
      if (a !== null && b !== null && a !== b) events.push(event(c, k as ChangeEventKind, a, b));
    }
  }
  for (const c of previous) if (!now.has(c.key)) events.push(event(c, 'removed', null, null));
  return events;
}

function p95Of(c: ComponentReport, metric: MetricName | DerivedName): number | null {
  const stats = metric in c.metrics ? c.metrics[metric as MetricName] : c.derived[metric as DerivedName];
  return stats?.p95 ?? null;
}

function previousP95(c: PreviousComponent | undefined, metric: string): number | null {
  if (!c) return null;
  return c.metrics[metric]?.p95 ?? c.derived[metric]?.p95 ?? null;
}

function figureDeltas(
  dc: DatacenterReport,
  prev: PreviousDatacenter,
  topVms: ReadonlySet<string>,
): FigureDelta[] {
  const out: FigureDelta[] = [];
  const push = (
    componentKind: FigureDelta['componentKind'],
    c: ComponentReport,
    figure: string,
    previous: number | null,
    current: number | null,
  ) => {
    if (previous === null && current === null) return;
    out.push({
      componentKind,
      key: c.key,
      displayName: c.displayName,
      datacenterTag: dc.tag,
      figure,
      previous,
      current,
      delta: delta(previous, current),
    });
  };
  const prevHosts = new Map(prev.hosts.map((c) => [c.key, c]));
  for (const host of dc.hosts) {
    for (const f of HOST_FIGURES)
      push('host', host, f.name, previousP95(prevHosts.get(host.key), f.metric), p95Of(host, f.metric));
  }
  const prevFilers = new Map(prev.filers.map((c) => [c.key, c]));
  for (const filer of dc.filers) {
    push(
      'filer',
      filer,
      'usedPct',
      prevFilers.get(filer.key)?.capacity?.usedPct ?? null,
      filer.capacity?.usedPct ?? null,
    );
  }
  const prevVms = new Map(prev.vms.map((c) => [c.key, c]));
  for (const vm of dc.vms.filter((v) => topVms.has(`${dc.tag}/${v.key}`))) {
    for (const f of VM_FIGURES)
      push('vm', vm, f.name, previousP95(prevVms.get(vm.key), f.metric), p95Of(vm, f.metric));
  }
  return out;
}

function keyFigures(dc: DatacenterReport, prev: PreviousDatacenter): FigureDelta[] {
  const r = dc.rollup;
  const p = prev.rollup;
  const pairs: readonly [string, number | null, number | null][] = [
    ['hosts', p.hosts, r.hosts],
    ['vms', p.vms, r.vms],
    ['poweredOnVms', p.poweredOnVms, r.poweredOnVms],
    ['vcpuTotal', p.vcpuTotal, r.vcpuTotal],
    ['vmMemoryGb', p.vmMemoryGb, r.vmMemoryGb],
    ['storageUsedGb', p.storageUsedGb, r.storageUsedGb],
    ['hostCpuMeanPct', p.hostCpuMeanPct, r.hostCpuMeanPct],
  ];
  return pairs.map(([figure, previous, current]) => ({
    componentKind: 'datacenter',
    key: dc.tag,
    displayName: dc.name,
    datacenterTag: dc.tag,
    figure,
    previous,
    current,
    delta: delta(previous, current),
  }));
}

/**
 * The VMs whose figures are compared: the first of the fleet's VM CPU, CPU ready and memory top
 * lists, and every VM resized or powered on or off (its figures are what the change was for).
 */
function comparedVms(aggregates: Aggregates, events: readonly ChangeEvent[]): Set<string> {
  const metrics = new Set(VM_FIGURES.map((f) => f.metric as string));
  const keys = new Set<string>();
  for (const list of aggregates.fleet.top) {
    if (list.kind !== 'vm' || !metrics.has(list.metric)) continue;
    for (const e of list.entries.slice(0, TOP_VMS_COMPARED)) keys.add(`${e.datacenterTag}/${e.key}`);
  }
  for (const e of events) {
    if (e.componentKind === 'vm' && e.kind !== 'added' && e.kind !== 'removed')
      keys.add(`${e.datacenterTag}/${e.key}`);
  }
  return keys;
}

/** What changed between the previous report's datacenters and this period's aggregates. */
export function computeChanges(
  aggregates: Aggregates,
  previous: readonly PreviousDatacenter[] | null,
  previousLabel: string,
): Changes {
  if (previous === null) return noChanges(previousLabel);
  const empty: PreviousDatacenter = {
    tag: '',
    name: '',
    hosts: [],
    vms: [],
    filers: [],
    rollup: {
      hosts: 0,
      vms: 0,
      poweredOnVms: 0,
      vcpuTotal: 0,
      vmMemoryGb: 0,
      storageUsedGb: 0,
      hostCpuMeanPct: null,
    },
  };
  const events: ChangeEvent[] = [];
  const pairs = aggregates.datacenters.map((dc) => ({
    dc,
    prev: previous.find((p) => p.tag === dc.tag) ?? empty,
  }));
  for (const { dc, prev } of pairs) {
    const found: ChangeEvent[] = KIND_ORDER.flatMap((kind) =>
      componentEvents(kind, componentsOf(dc, kind), componentsOf(prev, kind), dc.tag),
    );
    found.sort(
      (a, b) =>
        EVENT_ORDER.indexOf(a.kind) - EVENT_ORDER.indexOf(b.kind) ||
        KIND_ORDER.indexOf(a.componentKind) - KIND_ORDER.indexOf(b.componentKind) ||
        a.displayName.localeCompare(b.displayName, 'en'),
    );
    events.push(...found);
  }
  // A datacenter gone since: everything in it was removed.
  for (const prev of previous.filter((p) => !aggregates.datacenters.some((dc) => dc.tag === p.tag))) {
    events.push(
      ...KIND_ORDER.flatMap((kind) => componentEvents(kind, [], componentsOf(prev, kind), prev.tag)),
    );
  }
  const topVms = comparedVms(aggregates, events);
  return {
    previousLabel,
    found: true,
    events,
    keyFigures: pairs.flatMap(({ dc, prev }) => (prev === empty ? [] : keyFigures(dc, prev))),
    figures: pairs.flatMap(({ dc, prev }) => figureDeltas(dc, prev, topVms)),
  };
}
