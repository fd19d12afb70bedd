/**
 * Benchmark scenarios: one service of synthetic datacenters, built like the demo's (same
 * generator, ordinary healthy load profiles), deterministic for a size and a period. S, M and L
 * are one datacenter; XL is five, the service's VMs, hosts and datastores split evenly across
 * them (names unique across the service).
 */
import type { DatacenterInventory, FilerInfo, HostInfo, Inventory, VmInfo } from '../lib/core/types.ts';

/** Counts for the whole service. */
export const SIZES = {
  S: { vms: 12, hosts: 3, filers: 2, datacenters: 1 },
  M: { vms: 250, hosts: 12, filers: 8, datacenters: 1 },
  L: { vms: 1000, hosts: 40, filers: 20, datacenters: 1 },
  XL: { vms: 5000, hosts: 200, filers: 100, datacenters: 5 },
} as const;

export type SizeName = keyof typeof SIZES;

const SERVICE = 'pcc-198-51-100-7';
const DC_ID = 2001;

/** The first index and the end (exclusive) of share `k` of `total` split in `parts` (the first shares get the remainder). */
function share(total: number, parts: number, k: number): [number, number] {
  const base = Math.floor(total / parts);
  const extra = total % parts;
  const from = k * base + Math.min(k, extra);
  return [from, from + base + (k < extra ? 1 : 0)];
}

/** The service of a benchmark size: its datacenters, or only the one at `onlyDatacenter` (an index). */
export function scenarioInventory(size: SizeName, onlyDatacenter?: number): Inventory {
  const spec = SIZES[size];
  const all = Array.from({ length: spec.datacenters }, (_, k) => scenarioDatacenter(size, k));
  if (onlyDatacenter === undefined) return { serviceName: SERVICE, datacenters: all };
  const one = all[onlyDatacenter];
  if (!one) throw new RangeError(`size ${size} has ${all.length} datacenter(s); no index ${onlyDatacenter}`);
  return { serviceName: SERVICE, datacenters: [one] };
}

/** Datacenter `k` of a benchmark size's service. */
function scenarioDatacenter(size: SizeName, k: number): DatacenterInventory {
  const spec = SIZES[size];
  const [h0, h1] = share(spec.hosts, spec.datacenters, k);
  const [v0, v1] = share(spec.vms, spec.datacenters, k);
  const [f0, f1] = share(spec.filers, spec.datacenters, k);
  const hosts: HostInfo[] = Array.from({ length: h1 - h0 }, (_, j) => {
    const i = h0 + j;
    const name = `10.20.${Math.floor(i / 250)}.${(i % 250) + 1}`;
    return {
      hostId: 5000 + i,
      name,
      tag: name,
      cpuMhz: 83_200,
      cpuCores: 32,
      ramGb: 768,
      inMaintenance: false,
    };
  });
  const vms: VmInfo[] = Array.from({ length: v1 - v0 }, (_, j) => {
    const i = v0 + j;
    const moRef = `vm-${String(20_000 + i)}`;
    return {
      vmId: 20_000 + i,
      moRef,
      name: `app-${String(i).padStart(4, '0')}`,
      tag: moRef,
      powerState: 'poweredOn',
      cpuNum: 2 + (i % 4) * 2,
      memoryMaxMb: 8192,
      snapshotNum: i % 7 === 0 ? 1 : 0,
      hostName: hosts[j % hosts.length]?.name ?? null,
    };
  });
  const filers: FilerInfo[] = Array.from({ length: f1 - f0 }, (_, j) => {
    const i = f0 + j;
    const name = `pcc-${String(700_000 + i)}`;
    return {
      filerId: 900 + i,
      name,
      tag: name,
      sizeGb: 4096,
      spaceUsedGb: 2048,
      spaceFreeGb: 2048,
      spaceProvisionedGb: 5000,
    };
  });
  const datacenterId = DC_ID + k;
  return {
    datacenterId,
    name: spec.datacenters === 1 ? `Bench ${size}` : `Bench ${size} ${k + 1}`,
    tag: `${SERVICE}_datacenter${datacenterId}`,
    hosts,
    vms,
    filers,
  };
}
