import { describe, expect, it } from 'vitest';
import { datacenterCapacity } from '../../../lib/aggregate/capacity.ts';
import type { ComponentReport } from '../../../lib/core/types.ts';
import { component, stats } from '../findings/helpers.ts';

const KB_PER_GB = 1024 * 1024;

/** A host with CPU and memory usage % at the given p95 and max (null: no series). */
function host(
  name: string,
  details: { cpuMhz: number | null; cpuCores: number | null; ramGb: number | null; inMaintenance?: boolean },
  cpu: [p95: number, max: number] | null,
  mem: [p95: number, max: number] | null,
): ComponentReport {
  return component('host', name, {
    details: { ...details, inMaintenance: details.inMaintenance ?? false },
    metrics: {
      'vscope.host.cpu.usage.perc': cpu ? stats(cpu[0], { max: cpu[1] }) : stats(null),
      'vscope.host.mem.usage.perc': mem ? stats(mem[0], { max: mem[1] }) : stats(null),
    },
  });
}

const vm = (name: string, powerState: string, cpuNum: number, memoryMaxMb: number) =>
  component('vm', name, { details: { powerState, cpuNum, memoryMaxMb } });

const filer = (name: string, sizeGb: number | null, usedGb: [p95: number, max: number]) =>
  component('filer', name, {
    details: { sizeGb },
    metrics: {
      'vscope.filer.datastore.diskspace.used': stats(usedGb[0] * KB_PER_GB, { max: usedGb[1] * KB_PER_GB }),
    },
  });

/**
 * Two counted hosts (A: 40 GHz, 256 GB; B: 20 GHz, 128 GB), one in maintenance (left out of
 * everything), one without series (left out of CPU and memory, its cores and RAM still counted).
 */
const hosts = [
  host('A', { cpuMhz: 40_000, cpuCores: 16, ramGb: 256 }, [50, 80], [60, 70]),
  host('B', { cpuMhz: 20_000, cpuCores: 8, ramGb: 128 }, [40, 50], [50, 75]),
  host('C', { cpuMhz: 40_000, cpuCores: 16, ramGb: 256, inMaintenance: true }, [1, 2], [1, 2]),
  host('D', { cpuMhz: 10_000, cpuCores: 4, ramGb: 64 }, null, null),
];
const vms = [
  vm('v1', 'poweredOn', 8, 32_768),
  vm('v2', 'poweredOn', 4, 16_384),
  vm('v3', 'poweredOff', 16, 65_536),
];
const filers = [filer('f1', 1000, [500, 600]), filer('f2', null, [10, 10])];

describe('datacenterCapacity', () => {
  const c = datacenterCapacity(hosts, vms, filers);

  it('sums CPU GHz used and free at p95 and max over the counted hosts', () => {
    // A: 40 GHz × 50 % = 20, × 80 % = 32; B: 20 GHz × 40 % = 8, × 50 % = 10.
    expect(c.cpuGhz.total).toBe(60);
    expect(c.cpuGhz.p95.used).toBeCloseTo(28, 9);
    expect(c.cpuGhz.p95.free).toBeCloseTo(32, 9);
    expect(c.cpuGhz.p95.usedPct).toBeCloseTo((28 / 60) * 100, 9);
    expect(c.cpuGhz.max.used).toBeCloseTo(42, 9);
    expect(c.cpuGhz.max.free).toBeCloseTo(18, 9);
    expect(c.cpuGhz.leftOut).toEqual(['D']);
  });

  it('sums memory GB used and free at p95 and max', () => {
    // A: 256 × 60 % = 153.6, × 70 % = 179.2; B: 128 × 50 % = 64, × 75 % = 96.
    expect(c.memoryGb.total).toBe(384);
    expect(c.memoryGb.p95.used).toBeCloseTo(217.6, 9);
    expect(c.memoryGb.p95.free).toBeCloseTo(166.4, 9);
    expect(c.memoryGb.max.used).toBeCloseTo(275.2, 9);
    expect(c.memoryGb.max.free).toBeCloseTo(108.8, 9);
  });

  it('converts datastore space used from kB to GB and leaves out a datastore without a size', () => {
    expect(c.storageGb.total).toBe(1000);
    expect(c.storageGb.p95).toEqual({ used: 500, free: 500, usedPct: 50 });
    expect(c.storageGb.max).toEqual({ used: 600, free: 400, usedPct: 60 });
    expect(c.storageGb.leftOut).toEqual(['f2']);
  });

  it('counts vCPUs and memory of powered-on VMs against the cores and RAM of hosts not in maintenance', () => {
    expect(c.vcpus).toBe(12);
    expect(c.physicalCores).toBe(28);
    expect(c.vcpuPerCore).toBeCloseTo(12 / 28, 12);
    expect(c.vmMemoryGb).toBe(48);
    expect(c.hostRamGb).toBe(448);
    expect(c.memoryOvercommitRatio).toBeCloseTo(48 / 448, 12);
    expect(c.hostsInMaintenance).toEqual(['C']);
  });

  it('fails N+1 when the other hosts cannot hold the p95 load of the largest one', () => {
    // Losing A leaves B: CPU 28 GHz on 20 GHz = 140 %, memory 217.6 GB on 128 GB = 170 %.
    expect(c.hostLoss.cpu).toMatchObject({ largestHost: 'A', largestHostTotal: 40, remainingTotal: 20 });
    expect(c.hostLoss.cpu.usedPctAfterLoss).toBeCloseTo(140, 9);
    expect(c.hostLoss.memory.usedPctAfterLoss).toBeCloseTo(170, 9);
    expect(c.survivesLargestHostLoss).toBe(false);
  });

  it('passes N+1 when the load fits in the other hosts, and fails it under a lower limit', () => {
    const even = ['X', 'Y', 'Z'].map((n) =>
      host(n, { cpuMhz: 30_000, cpuCores: 16, ramGb: 100 }, [40, 60], [50, 60]),
    );
    // CPU: 3 × 12 = 36 GHz on 60 GHz left = 60 %; memory: 3 × 50 = 150 GB on 200 GB = 75 %.
    const fits = datacenterCapacity(even, [], []);
    expect(fits.hostLoss.cpu.usedPctAfterLoss).toBeCloseTo(60, 9);
    expect(fits.hostLoss.memory.usedPctAfterLoss).toBeCloseTo(75, 9);
    expect(fits.survivesLargestHostLoss).toBe(true);
    const strict = datacenterCapacity(even, [], [], 70);
    expect([strict.hostLoss.cpu.survives, strict.hostLoss.memory.survives]).toEqual([true, false]);
    expect(strict.survivesLargestHostLoss).toBe(false);
  });

  it('says nothing about N+1 without host figures, and a single host never survives its loss', () => {
    expect(datacenterCapacity([], [], []).survivesLargestHostLoss).toBeNull();
    const one = datacenterCapacity(
      [host('solo', { cpuMhz: 1000, cpuCores: 2, ramGb: 8 }, [1, 1], [1, 1])],
      [],
      [],
    );
    expect(one.hostLoss.cpu.usedPctAfterLoss).toBeNull();
    expect(one.survivesLargestHostLoss).toBe(false);
    expect(one.vcpuPerCore).toBe(0);
  });
});
