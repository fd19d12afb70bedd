/**
 * Capacity headroom of a datacenter: CPU (GHz), memory (GB) and storage (GB) used and free at p95
 * and max, vCPUs per physical core, memory over-commit, and whether the other hosts absorb the
 * largest host's p95 load (N+1).
 *
 * Used = each component's own p95 (or max) of its usage series × its capacity, summed. The
 * components peak at different times, so the sum bounds the datacenter's p95 from above: an N+1
 * check on it errs on the safe side. Summing the hosts' series point by point would give the exact
 * figure but needs every sample kept; the aggregation keeps none past digestion.
 */
import type { MetricName } from '../core/catalogue.ts';
import type {
  ComponentReport,
  DatacenterCapacity,
  HostLossCheck,
  ResourceCapacity,
  UsedFree,
} from '../core/types.ts';
import { KB_PER_GB } from './vmware.ts';

const HOST_CPU: MetricName = 'vscope.host.cpu.usage.perc';
const HOST_MEM: MetricName = 'vscope.host.mem.usage.perc';
const FILER_USED: MetricName = 'vscope.filer.datastore.diskspace.used';
const MHZ_PER_GHZ = 1000;
const MB_PER_GB = 1024;

/** The default hosts-left limit: the other hosts must hold the p95 load at all (100 % of them). */
export const DEFAULT_HOST_LOSS_LIMIT_PCT = 100;

/** One component's share of a resource: its capacity, and its p95 and max use in the same unit. */
export interface Share {
  readonly name: string;
  readonly total: number;
  readonly p95: number;
  readonly max: number;
}

const detailNumber = (c: ComponentReport, key: string): number | null => {
  const v = c.details[key];
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null;
};

function usedFree(used: number, total: number): UsedFree {
  return { used, free: total - used, usedPct: total > 0 ? (used / total) * 100 : null };
}

/** The shares of a kind of component: those without a capacity or samples are left out by name. */
function resource(
  components: readonly ComponentReport[],
  share: (c: ComponentReport) => Share | null,
): { capacity: ResourceCapacity; shares: Share[] } {
  const shares: Share[] = [];
  const leftOut: string[] = [];
  for (const c of components) {
    const s = share(c);
    if (s) shares.push(s);
    else leftOut.push(c.displayName);
  }
  const total = shares.reduce((n, s) => n + s.total, 0);
  const p95 = shares.reduce((n, s) => n + s.p95, 0);
  const max = shares.reduce((n, s) => n + s.max, 0);
  return { capacity: { total, p95: usedFree(p95, total), max: usedFree(max, total), leftOut }, shares };
}

/** A host's share of a resource from its capacity detail (scaled) and a usage % series. */
const percentShare =
  (detail: string, scale: number, metric: MetricName) =>
  (c: ComponentReport): Share | null => {
    const capacity = detailNumber(c, detail);
    const stats = c.metrics[metric];
    if (capacity === null || stats?.p95 == null || stats.max == null) return null;
    const total = capacity / scale;
    return { name: c.displayName, total, p95: (stats.p95 / 100) * total, max: (stats.max / 100) * total };
  };

/** A datastore's share: its size and its space-used series (kB). */
function filerShare(c: ComponentReport): Share | null {
  const size = detailNumber(c, 'sizeGb');
  const stats = c.metrics[FILER_USED];
  if (size === null || stats?.p95 == null || stats.max == null) return null;
  return { name: c.displayName, total: size, p95: stats.p95 / KB_PER_GB, max: stats.max / KB_PER_GB };
}

/** Losing the host with the most of the resource: does the p95 load fit in what the others have? */
export function hostLossCheck(shares: readonly Share[], usedP95: number, limitPct: number): HostLossCheck {
  let largest: Share | null = null;
  for (const s of shares) if (largest === null || s.total > largest.total) largest = s;
  const total = shares.reduce((n, s) => n + s.total, 0);
  const remainingTotal = total - (largest?.total ?? 0);
  const usedPctAfterLoss = remainingTotal > 0 ? (usedP95 / remainingTotal) * 100 : null;
  return {
    largestHost: largest?.name ?? null,
    largestHostTotal: largest?.total ?? 0,
    remainingTotal,
    usedP95,
    usedPctAfterLoss,
    survives: usedPctAfterLoss !== null && usedPctAfterLoss <= limitPct,
  };
}

/** The capacity figures of one datacenter's components; `limitPct` is the hosts-left limit. */
export function datacenterCapacity(
  hosts: readonly ComponentReport[],
  vms: readonly ComponentReport[],
  filers: readonly ComponentReport[],
  limitPct: number = DEFAULT_HOST_LOSS_LIMIT_PCT,
): DatacenterCapacity {
  const inMaintenance = hosts.filter((h) => h.details.inMaintenance === true);
  const active = hosts.filter((h) => h.details.inMaintenance !== true);
  const cpu = resource(active, percentShare('cpuMhz', MHZ_PER_GHZ, HOST_CPU));
  const memory = resource(active, percentShare('ramGb', 1, HOST_MEM));
  const storage = resource(filers, filerShare);

  const running = vms.filter((v) => v.details.powerState === 'poweredOn');
  const vcpus = running.reduce((n, v) => n + (detailNumber(v, 'cpuNum') ?? 0), 0);
  const vmMemoryGb = running.reduce((n, v) => n + (detailNumber(v, 'memoryMaxMb') ?? 0), 0) / MB_PER_GB;
  const physicalCores = active.reduce((n, h) => n + (detailNumber(h, 'cpuCores') ?? 0), 0);
  const ramGb = active.reduce((n, h) => n + (detailNumber(h, 'ramGb') ?? 0), 0);

  const cpuLoss = hostLossCheck(cpu.shares, cpu.capacity.p95.used, limitPct);
  const memoryLoss = hostLossCheck(memory.shares, memory.capacity.p95.used, limitPct);
  const judged = cpu.shares.length > 0 && memory.shares.length > 0;
  return {
    cpuGhz: cpu.capacity,
    memoryGb: memory.capacity,
    storageGb: storage.capacity,
    vcpus,
    physicalCores,
    vcpuPerCore: physicalCores > 0 ? vcpus / physicalCores : null,
    vmMemoryGb,
    hostRamGb: ramGb,
    memoryOvercommitRatio: ramGb > 0 ? vmMemoryGb / ramGb : null,
    hostsInMaintenance: inMaintenance.map((h) => h.displayName),
    hostLossLimitPct: limitPct,
    hostLoss: { cpu: cpuLoss, memory: memoryLoss },
    survivesLargestHostLoss: judged ? cpuLoss.survives && memoryLoss.survives : null,
  };
}
