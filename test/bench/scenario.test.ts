import { describe, expect, it } from 'vitest';
import { SIZES, scenarioInventory } from '../../bench/scenario.ts';

describe('bench scenarios', () => {
  it('XL is one service of 5,000 VMs, 200 hosts and 100 datastores over 5 datacenters', () => {
    const inventory = scenarioInventory('XL');
    const dcs = inventory.datacenters;
    expect(dcs).toHaveLength(5);
    const count = (pick: (dc: (typeof dcs)[number]) => readonly unknown[]) =>
      dcs.reduce((n, dc) => n + pick(dc).length, 0);
    expect(count((dc) => dc.vms)).toBe(5000);
    expect(count((dc) => dc.hosts)).toBe(200);
    expect(count((dc) => dc.filers)).toBe(100);
    for (const dc of dcs) {
      expect([dc.vms.length, dc.hosts.length, dc.filers.length]).toEqual([1000, 40, 20]);
      const hostNames = new Set(dc.hosts.map((h) => h.name));
      // Every VM runs on a host of its own datacenter.
      expect(dc.vms.every((vm) => vm.hostName !== null && hostNames.has(vm.hostName))).toBe(true);
    }
    const unique = (tags: string[]) => new Set(tags).size;
    expect(unique(dcs.map((dc) => dc.tag))).toBe(5);
    expect(unique(dcs.flatMap((dc) => dc.vms.map((v) => v.tag)))).toBe(5000);
    expect(unique(dcs.flatMap((dc) => dc.hosts.map((h) => h.tag)))).toBe(200);
    expect(unique(dcs.flatMap((dc) => dc.filers.map((f) => f.tag)))).toBe(100);
  });

  it('restricts the service to one datacenter when asked, and refuses an index it lacks', () => {
    const whole = scenarioInventory('XL');
    const third = scenarioInventory('XL', 2);
    expect(third.serviceName).toBe(whole.serviceName);
    expect(third.datacenters).toEqual([whole.datacenters[2]]);
    expect(() => scenarioInventory('XL', 5)).toThrow(RangeError);
  });

  it('keeps S, M and L as one datacenter of their stated counts', () => {
    for (const size of ['S', 'M', 'L'] as const) {
      const [dc, ...rest] = scenarioInventory(size).datacenters;
      expect(rest).toEqual([]);
      expect(dc?.name).toBe(`Bench ${size}`);
      expect(dc?.datacenterId).toBe(2001);
      expect([dc?.vms.length, dc?.hosts.length, dc?.filers.length]).toEqual([
        SIZES[size].vms,
        SIZES[size].hosts,
        SIZES[size].filers,
      ]);
    }
  });
});
