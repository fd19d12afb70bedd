import { describe, expect, it } from 'vitest';
import { cpuReadyPercent, overcommitRatio, sumAligned, usedPercent } from '../../../lib/aggregate/vmware.ts';

describe('VMware arithmetic', () => {
  it('converts CPU ready milliseconds to % of one vCPU (checked by hand)', () => {
    // 36,000 ms over 300 s on 8 vCPU: 36,000 / 300,000 = 0.12 → 12 % of one vCPU's time, / 8 = 1.5 %.
    expect(cpuReadyPercent(36_000, 300, 8)).toBeCloseTo(1.5, 12);
    // vCenter's real-time 20 s samples, 1 vCPU, 1,000 ms: 1,000 / 20,000 = 5 %.
    expect(cpuReadyPercent(1_000, 20, 1)).toBeCloseTo(5, 12);
    // 20-minute samples, 4 vCPU, 480,000 ms: 480,000 / 1,200,000 = 40 %, / 4 = 10 %.
    expect(cpuReadyPercent(480_000, 1_200, 4)).toBeCloseTo(10, 12);
    // The planted VM of the demo: 13.5 % per vCPU on 8 vCPU at 5 minutes is 0.135 × 300,000 × 8 = 324,000 ms.
    expect(cpuReadyPercent(324_000, 300, 8)).toBeCloseTo(13.5, 12);
  });

  it('turns datastore kB into % of its size, 1 GB being 1024² kB', () => {
    // 3,625.0 GB of 4,096 GB = 88.5 %; 3,625 × 1,048,576 kB = 3,801,088,000 kB.
    expect(usedPercent(3_801_088_000, 4096)).toBeCloseTo(88.5, 2);
    expect(usedPercent(1024 * 1024, 1)).toBe(100);
  });

  it('computes thin-provisioning over-commit as provisioned / size, null when unknown', () => {
    expect(overcommitRatio(5734, 4096)).toBeCloseTo(1.4, 3);
    expect(overcommitRatio(null, 4096)).toBeNull();
    expect(overcommitRatio(100, 0)).toBeNull();
  });

  it('sums NICs where every NIC reported, leaving the other instants out rather than summing short', () => {
    const nic0 = { timestamps: Float64Array.from([0, 300, 600]), values: Float64Array.from([10, 20, 30]) };
    const nic1 = { timestamps: Float64Array.from([0, 600]), values: Float64Array.from([1, 3]) };
    const nic2 = { timestamps: Float64Array.from([600, 0]), values: Float64Array.from([0.5, 0.25]) };
    const sum = sumAligned([nic0, nic1, nic2]);
    expect(Array.from(sum.timestamps)).toEqual([0, 600]);
    expect(Array.from(sum.values)).toEqual([11.25, 33.5]);
  });
});
