import { demoInventory } from '../../demo/datacenter/infrastructure.ts';
import { METRICS } from '../../lib/core/catalogue.ts';
import type { Inventory, VmInfo } from '../../lib/core/types.ts';

/**
 * Series the catalogue expects of the demo datacenter (as before 2026-11-23): one per component
 * and metric, four NICs per host. Counted here from the catalogue, not by the planner under test.
 */
export function demoSeriesCount(): number {
  const dc = demoInventory().datacenters[0];
  if (!dc) throw new Error('the demo has a datacenter');
  const count = { host: dc.hosts.length, vm: dc.vms.length, filer: dc.filers.length };
  return METRICS.reduce(
    (n, m) => n + count[m.kind] * ((m.tagKeys as readonly string[]).includes('nicname') ? 4 : 1),
    0,
  );
}

/** A small inventory with `vmCount` VMs, for tests that need one without the demo's data. */
export function syntheticInventory(vmCount: number, datacenters = 1): Inventory {
  return {
    serviceName: 'pcc-198-51-100-1',
    datacenters: Array.from({ length: datacenters }, (_, d) => ({
      datacenterId: 100 + d,
      name: `DC ${d}`,
      tag: `pcc-198-51-100-1_datacenter${100 + d}`,
      hosts: [
        {
          hostId: 1,
          name: '10.0.0.1',
          tag: '10.0.0.1',
          cpuMhz: 41_600,
          cpuCores: 16,
          ramGb: 384,
          inMaintenance: false,
        },
      ],
      vms: Array.from(
        { length: vmCount },
        (_, i): VmInfo => ({
          vmId: i,
          moRef: `vm-${1000 + i}`,
          tag: `vm-${1000 + i}`,
          name: `vm ${i}`,
          powerState: 'poweredOn',
          cpuNum: 2,
          memoryMaxMb: 4096,
          snapshotNum: 0,
          hostName: '10.0.0.1',
        }),
      ),
      filers: [
        {
          filerId: 1,
          name: 'pcc-000001',
          tag: 'pcc-000001',
          sizeGb: 1024,
          spaceUsedGb: 512,
          spaceFreeGb: 512,
          spaceProvisionedGb: 900,
        },
      ],
    })),
  };
}
