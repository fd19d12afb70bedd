/**
 * Benchmark scenarios: synthetic datacenters of three sizes, built like the demo's (same
 * generator, ordinary healthy load profiles), deterministic for a size and a period.
 */
import type { FilerInfo, HostInfo, Inventory, VmInfo } from '../lib/core/types.ts';

export const SIZES = {
  S: { vms: 12, hosts: 3, filers: 2 },
  M: { vms: 250, hosts: 12, filers: 8 },
  L: { vms: 1000, hosts: 40, filers: 20 },
} as const;

export type SizeName = keyof typeof SIZES;

const SERVICE = 'pcc-198-51-100-7';
const DC_ID = 2001;

/** The inventory of one benchmark datacenter. */
export function scenarioInventory(size: SizeName): Inventory {
  const spec = SIZES[size];
  const hosts: HostInfo[] = Array.from({ length: spec.hosts }, (_, i) => {
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
  const vms: VmInfo[] = Array.from({ length: spec.vms }, (_, i) => {
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
      hostName: hosts[i % hosts.length]?.name ?? null,
    };
  });
  const filers: FilerInfo[] = Array.from({ length: spec.filers }, (_, i) => {
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
  return {
    serviceName: SERVICE,
    datacenters: [
      {
        datacenterId: DC_ID,
        name: `Bench ${size}`,
        tag: `${SERVICE}_datacenter${DC_ID}`,
        hosts,
        vms,
        filers,
      },
    ],
  };
}
