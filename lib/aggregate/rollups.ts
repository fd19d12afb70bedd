/**
 * Rollups over the per-component figures: what runs on each host (from the VMs' hostName), each
 * datacenter's totals, the fleet's top N per metric, and distributions of per-VM figures.
 */
import { type ComponentKind, METRICS, type MetricName } from '../core/catalogue.ts';
import {
  type ComponentReport,
  type DatacenterInventory,
  type DatacenterReport,
  type DatacenterRollup,
  DERIVED,
  type DerivedName,
  type Distribution,
  type HostRollup,
  type MetricStats,
  type TopList,
} from '../core/types.ts';

const VM_CPU = 'vscope.vm.cpu.usage.perc';
const VM_MEM = 'vscope.vm.mem.usage.perc';
const HOST_CPU = 'vscope.host.cpu.usage.perc';
const MB_PER_GB = 1024;

const num = (c: ComponentReport, key: string): number | null => {
  const v = c.details[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
};

const isPoweredOn = (vm: ComponentReport): boolean => vm.details.powerState === 'poweredOn';

/** Per host: its VMs' count, vCPUs, memory, summed CPU means and worst CPU ready. */
export function hostRollups(dc: DatacenterInventory, vms: readonly ComponentReport[]): HostRollup[] {
  return dc.hosts.map((host) => {
    const mine = vms.filter((vm) => vm.details.hostName === host.name);
    let vcpuTotal = 0;
    let withoutCpuNum = 0;
    let memoryMb = 0;
    let cpuMeanSum = 0;
    let busy = 0;
    let worstReady: number | null = null;
    for (const vm of mine) {
      const cpuNum = num(vm, 'cpuNum');
      if (cpuNum === null) withoutCpuNum++;
      else vcpuTotal += cpuNum;
      memoryMb += num(vm, 'memoryMaxMb') ?? 0;
      const mean = vm.metrics[VM_CPU]?.mean ?? null;
      if (mean !== null) {
        cpuMeanSum += mean;
        if (cpuNum !== null) busy += (mean / 100) * cpuNum;
      }
      const ready = vm.derived[DERIVED.cpuReadyPct]?.p95 ?? null;
      if (ready !== null && (worstReady === null || ready > worstReady)) worstReady = ready;
    }
    const vmMemoryGb = memoryMb / MB_PER_GB;
    return {
      host: host.name,
      vmCount: mine.length,
      poweredOnVmCount: mine.filter(isPoweredOn).length,
      vcpuTotal,
      vmsWithoutCpuNum: withoutCpuNum,
      vmMemoryGb,
      memoryOvercommitRatio: host.ramGb ? vmMemoryGb / host.ramGb : null,
      vmCpuMeanSumPct: cpuMeanSum,
      busyVcpuMean: busy,
      worstReadyP95Pct: worstReady,
    };
  });
}

/** Totals of one datacenter. */
export function datacenterRollup(
  dc: DatacenterInventory,
  hosts: readonly ComponentReport[],
  vms: readonly ComponentReport[],
): DatacenterRollup {
  const hostNames = new Set(dc.hosts.map((h) => h.name));
  let weighted = 0;
  let samples = 0;
  for (const h of hosts) {
    const s = h.metrics[HOST_CPU];
    if (s?.mean == null || s.samples === 0) continue;
    weighted += s.mean * s.samples;
    samples += s.samples;
  }
  let size = 0;
  let provisionedOfSized = 0;
  let sizeWithProvisioned = 0;
  for (const f of dc.filers) {
    size += f.sizeGb ?? 0;
    if (f.sizeGb && f.spaceProvisionedGb !== null) {
      sizeWithProvisioned += f.sizeGb;
      provisionedOfSized += f.spaceProvisionedGb;
    }
  }
  return {
    hosts: dc.hosts.length,
    hostsInMaintenance: dc.hosts.filter((h) => h.inMaintenance === true).length,
    vms: dc.vms.length,
    poweredOnVms: dc.vms.filter((v) => v.powerState === 'poweredOn').length,
    vcpuTotal: dc.vms.reduce((n, v) => n + (v.cpuNum ?? 0), 0),
    vmMemoryGb: dc.vms.reduce((n, v) => n + (v.memoryMaxMb ?? 0), 0) / MB_PER_GB,
    hostRamGb: dc.hosts.reduce((n, h) => n + (h.ramGb ?? 0), 0),
    storageSizeGb: size,
    storageUsedGb: dc.filers.reduce((n, f) => n + (f.spaceUsedGb ?? 0), 0),
    storageProvisionedGb: dc.filers.reduce((n, f) => n + (f.spaceProvisionedGb ?? 0), 0),
    storageOvercommitRatio: sizeWithProvisioned > 0 ? provisionedOfSized / sizeWithProvisioned : null,
    hostCpuMeanPct: samples > 0 ? weighted / samples : null,
    vmsWithoutHost: vms
      .filter((vm) => {
        const host = vm.details.hostName;
        return typeof host !== 'string' || !hostNames.has(host);
      })
      .map((vm) => vm.key),
  };
}

type Figure = { kind: ComponentKind; metric: MetricName | DerivedName };

const RANKED: readonly Figure[] = [
  ...METRICS.map((m) => ({ kind: m.kind, metric: m.name })),
  { kind: 'vm', metric: DERIVED.cpuReadyPct },
  { kind: 'filer', metric: DERIVED.datastoreUsedPct },
];

function statsOf(c: ComponentReport, metric: MetricName | DerivedName): MetricStats | undefined {
  return metric in c.metrics ? c.metrics[metric as MetricName] : c.derived[metric as DerivedName];
}

function componentsOf(dc: DatacenterReport, kind: ComponentKind): readonly ComponentReport[] {
  return kind === 'host' ? dc.hosts : kind === 'vm' ? dc.vms : dc.filers;
}

/** The `n` components with the highest p95 of every metric and derived figure, fleet-wide. */
export function topLists(datacenters: readonly DatacenterReport[], n: number): TopList[] {
  return RANKED.map(({ kind, metric }) => {
    const entries = datacenters
      .flatMap((dc) =>
        componentsOf(dc, kind).map((c) => ({
          datacenterTag: dc.tag,
          key: c.key,
          displayName: c.displayName,
          value: statsOf(c, metric)?.p95 ?? null,
        })),
      )
      .filter((e): e is typeof e & { value: number } => e.value !== null)
      .sort((a, b) => b.value - a.value || a.displayName.localeCompare(b.displayName, 'en'))
      .slice(0, n);
    return { kind, metric, statistic: 'p95' as const, entries };
  });
}

const TENS = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100];

/** Counts of `values` per bin of `edges`; the last bin takes everything at or above its lower edge. */
export function histogram(
  values: readonly (number | null)[],
  edges: readonly number[],
): { counts: number[]; missing: number } {
  const bins = edges.length - 1;
  const counts = new Array<number>(bins).fill(0);
  let missing = 0;
  for (const v of values) {
    if (v === null) {
      missing++;
      continue;
    }
    let i = 0;
    while (i < bins - 1 && v >= (edges[i + 1] as number)) i++;
    counts[i] = (counts[i] as number) + 1;
  }
  return { counts, missing };
}

/** Fleet distributions of per-component p95 figures (powered-on VMs, all hosts). */
export function distributions(datacenters: readonly DatacenterReport[]): Distribution[] {
  const vms = datacenters.flatMap((dc) => dc.vms.filter(isPoweredOn));
  const hosts = datacenters.flatMap((dc) => dc.hosts);
  const spec = (
    id: string,
    label: string,
    edges: readonly number[],
    values: readonly (number | null)[],
  ): Distribution => ({ id, label, edges, ...histogram(values, edges) });
  return [
    spec(
      'vm-cpu-p95',
      'VM CPU usage p95 (%)',
      TENS,
      vms.map((v) => v.metrics[VM_CPU]?.p95 ?? null),
    ),
    spec(
      'vm-mem-p95',
      'VM memory usage p95 (%)',
      TENS,
      vms.map((v) => v.metrics[VM_MEM]?.p95 ?? null),
    ),
    spec(
      'vm-ready-p95',
      'VM CPU ready p95 (% per vCPU)',
      [0, 1, 2, 5, 10, 20, 100],
      vms.map((v) => v.derived[DERIVED.cpuReadyPct]?.p95 ?? null),
    ),
    spec(
      'host-cpu-p95',
      'Host CPU usage p95 (%)',
      TENS,
      hosts.map((h) => h.metrics[HOST_CPU]?.p95 ?? null),
    ),
  ];
}
