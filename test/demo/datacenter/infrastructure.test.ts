import { describe, expect, it } from 'vitest';
import { DEMO_PLANTED, DEMO_SERVICE, demoInventory } from '../../../demo/datacenter/infrastructure.ts';

const inventory = demoInventory();
const dc = inventory.datacenters[0];

describe('demoInventory', () => {
  it('describes one datacenter of the demo service with its OpenTSDB tag', () => {
    expect(inventory.serviceName).toBe('pcc-192-0-2-10');
    expect(inventory.datacenters).toHaveLength(1);
    expect(dc).toMatchObject({
      datacenterId: 1842,
      name: 'Datacenter Paris',
      tag: DEMO_SERVICE.datacenterTag,
    });
    expect(DEMO_SERVICE.datacenterTag).toBe(`${inventory.serviceName}_datacenter${dc?.datacenterId}`);
  });

  it('holds at least three hosts, twelve VMs and two datastores', () => {
    expect(dc?.hosts.length).toBeGreaterThanOrEqual(3);
    expect(dc?.vms.length).toBeGreaterThanOrEqual(12);
    expect(dc?.filers.length).toBeGreaterThanOrEqual(2);
  });

  it('gives every VM a unique moRef, a vCPU count between 1 and 16 and a host of the inventory', () => {
    const hostNames = new Set(dc?.hosts.map((h) => h.name));
    const moRefs = new Set(dc?.vms.map((v) => v.moRef));
    expect(moRefs.size).toBe(dc?.vms.length);
    for (const vm of dc?.vms ?? []) {
      expect(vm.moRef).toMatch(/^vm-\d{5}$/);
      expect(vm.cpuNum).toBeGreaterThanOrEqual(1);
      expect(vm.cpuNum).toBeLessThanOrEqual(16);
      expect(vm.snapshotNum).toBeGreaterThanOrEqual(0);
      expect(vm.snapshotNum).toBeLessThanOrEqual(2);
      expect(hostNames.has(vm.hostName ?? '')).toBe(true);
    }
    const used = new Set(dc?.vms.map((v) => v.hostName));
    expect(used.size).toBe(dc?.hosts.length);
  });

  it('keeps accented VM names as they are', () => {
    const names = dc?.vms.map((v) => v.name) ?? [];
    expect(names).toContain('bi-réplica');
    expect(names).toContain('compta-entrepôt');
  });

  it('lists every planted component under the name and key it is planted with', () => {
    const vms = new Map(dc?.vms.map((v) => [v.name, v]));
    for (const planted of [
      DEMO_PLANTED.highCpuReadyVm,
      DEMO_PLANTED.idleVm,
      DEMO_PLANTED.slowDiskVm,
      DEMO_PLANTED.poweredOffVm,
    ]) {
      expect(vms.get(planted.name)?.moRef).toBe(planted.moRef);
    }
    expect(vms.get(DEMO_PLANTED.highCpuReadyVm.name)?.cpuNum).toBe(DEMO_PLANTED.highCpuReadyVm.cpuNum);
    expect(vms.get(DEMO_PLANTED.poweredOffVm.name)?.powerState).toBe('poweredOff');
    expect(dc?.hosts.map((h) => h.name)).toContain(DEMO_PLANTED.gapHost.name);
    expect(dc?.filers.map((f) => f.name)).toContain(DEMO_PLANTED.fillingFiler.name);
  });

  it('reports datastore space that adds up to the size, with one datastore over-committed', () => {
    for (const filer of dc?.filers ?? []) {
      expect((filer.spaceUsedGb ?? 0) + (filer.spaceFreeGb ?? 0)).toBe(filer.sizeGb);
    }
    const overCommitted = dc?.filers.filter((f) => (f.spaceProvisionedGb ?? 0) > (f.sizeGb ?? 0)) ?? [];
    expect(overCommitted).toHaveLength(1);
    const filling = dc?.filers.find((f) => f.name === DEMO_PLANTED.fillingFiler.name);
    expect(((filling?.spaceUsedGb ?? 0) / (filling?.sizeGb ?? 1)) * 100).toBeCloseTo(88.5, 1);
  });

  it('returns a fresh, equal inventory on every call', () => {
    expect(demoInventory()).toEqual(inventory);
    expect(demoInventory()).not.toBe(inventory);
  });
});
