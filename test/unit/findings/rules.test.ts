import { describe, expect, it } from 'vitest';
import { DERIVED } from '../../../lib/core/types.ts';
import { FINDINGS_DEFAULTS, findingsConfigSchema } from '../../../lib/findings/config.ts';
import { cpuContention, cpuSaturation, memorySaturation } from '../../../lib/findings/rule-compute.ts';
import { hostMaintenance, snapshotSprawl, vmPoweredOff } from '../../../lib/findings/rule-inventory.ts';
import { missingData } from '../../../lib/findings/rule-missing-data.ts';
import { vmIdle, vmOversized, vmUndersized } from '../../../lib/findings/rule-rightsizing.ts';
import { datastoreFullness, datastoreRunway, storageLatency } from '../../../lib/findings/rule-storage.ts';
import { component, input, stats } from './helpers.ts';

const ready = (p95: number) => ({ [DERIVED.cpuReadyPct]: stats(p95) });
const vmWith = (cpu: number, mem: number, readyP95: number, details: Record<string, string | number> = {}) =>
  component('vm', 'vm-1', {
    details: { powerState: 'poweredOn', cpuNum: 8, memoryMaxMb: 16_384, ...details },
    metrics: { 'vscope.vm.cpu.usage.perc': stats(cpu), 'vscope.vm.mem.usage.perc': stats(mem) },
    derived: ready(readyP95),
  });

describe('CPU contention', () => {
  it('is nothing below 5 %, a warning from 5 % and critical from 10 % of one vCPU (p95)', () => {
    const verdict = (p95: number) => cpuContention.evaluate(input(vmWith(30, 40, p95)))?.severity ?? null;
    expect([verdict(4.99), verdict(5), verdict(9.99), verdict(10), verdict(14)]).toEqual([
      null,
      'warning',
      'warning',
      'critical',
      'critical',
    ]);
  });

  it('never recommends shrinking the VM', () => {
    const draft = cpuContention.evaluate(input(vmWith(30, 40, 12)));
    expect(draft?.recommendation).toMatch(/do not take vCPUs or memory away/);
  });

  it('reads the configured statistic and thresholds', () => {
    const config = findingsConfigSchema.parse({ cpuContention: { statistic: 'mean', criticalPct: 20 } });
    const vm = vmWith(30, 40, 0);
    const withMean = { ...vm, derived: { [DERIVED.cpuReadyPct]: stats(12, { mean: 15, p95: 25 }) } };
    expect(cpuContention.evaluate(input(withMean, config))?.severity).toBe('warning');
  });
});

describe('saturation', () => {
  it('flags hosts and VMs at p95 85 % (warning) and 95 % (critical)', () => {
    const host = component('host', '10.0.0.1', {
      details: { inMaintenance: false },
      metrics: {
        'vscope.host.cpu.usage.perc': stats(50, { p95: 96 }),
        'vscope.host.mem.usage.perc': stats(86),
      },
    });
    expect(cpuSaturation.evaluate(input(host))?.severity).toBe('critical');
    expect(memorySaturation.evaluate(input(host))?.severity).toBe('warning');
    expect(memorySaturation.evaluate(input(host))?.recommendation).toMatch(/Move VMs off this host/);
    expect(cpuSaturation.evaluate(input(vmWith(84.9, 10, 0)))).toBeNull();
  });
});

describe('storage latency', () => {
  const latency = (share20: number, share10: number, p50: number) =>
    stats(p50, {
      timeAbove: [
        { threshold: 10, seconds: 0, sharePct: share10 },
        { threshold: 20, seconds: 0, sharePct: share20 },
      ],
    });
  const vm = (read: ReturnType<typeof latency>, write: ReturnType<typeof latency>) =>
    component('vm', 'vm-1', {
      metrics: { 'vscope.vm.disk.latency.read': read, 'vscope.vm.disk.latency.write': write },
    });

  it('is critical when above 20 ms for a quarter of the samples or more, whichever direction', () => {
    const draft = storageLatency.evaluate(input(vm(latency(0, 0, 2), latency(100, 100, 35))));
    expect(draft?.severity).toBe('critical');
    expect(draft?.summary).toContain('write above 20 ms for 100.0 %');
  });

  it('is worth a look when sustained above 10 ms only, and nothing for spikes', () => {
    expect(storageLatency.evaluate(input(vm(latency(5, 30, 8), latency(0, 0, 2))))?.severity).toBe('warning');
    // 20 % of the samples above 20 ms: spikes, not sustained.
    expect(storageLatency.evaluate(input(vm(latency(20, 24, 3), latency(0, 0, 2))))).toBeNull();
  });
});

describe('datastores', () => {
  const filer = (
    lastPct: number,
    trend: { slopePerDay: number; slopeStdErrPerDay: number | null; fittedAtEnd: number } | null,
  ) =>
    component('filer', 'ds1', {
      details: {},
      derived: { [DERIVED.datastoreUsedPct]: stats(lastPct, { trend }) },
      capacity: { sizeGb: 4096, usedGb: 3625, usedPct: 88.5, provisionedGb: 5734, overcommitRatio: 1.4 },
    });

  it('warns from 80 % full and is critical from 90 %, at the last sample', () => {
    expect(datastoreFullness.evaluate(input(filer(79.9, null)))).toBeNull();
    expect(datastoreFullness.evaluate(input(filer(88.5, null)))?.severity).toBe('warning');
    expect(datastoreFullness.evaluate(input(filer(90, null)))?.severity).toBe('critical');
    expect(datastoreFullness.evaluate(input(filer(88.5, null)))?.summary).toContain('provisioned 140.0 %');
  });

  it('suggests the roomiest other datastore', () => {
    const other = component('filer', 'ds2', {
      details: {},
      derived: { [DERIVED.datastoreUsedPct]: stats(41.2) },
    });
    expect(
      datastoreFullness.evaluate(input(filer(88.5, null), FINDINGS_DEFAULTS, [other]))?.recommendation,
    ).toContain('move VMs to ds2 (41.2 % used)');
  });

  it('forecasts the runway of a filling datastore, warning when full within 30 days', () => {
    // 88.5 % + 0.65 a day: 90 % in 2.3 days, 100 % in 17.7 days (≤ 30): warning.
    const draft = datastoreRunway.evaluate(
      input(filer(88.5, { slopePerDay: 0.65, slopeStdErrPerDay: 0.05, fittedAtEnd: 88.5 })),
    );
    expect(draft?.severity).toBe('warning');
    expect(draft?.figures.daysTo90Pct).toBe(2.3);
    expect(draft?.figures.daysTo100Pct).toBe(17.7);
    expect(draft?.figures.daysTo100PctEarliest).toBe(15.3);
    expect(draft?.figures.daysTo100PctLatest).toBe(20.9);
    // The same forecast, typed, for the charts and the CSV: the figures are its rounded values.
    expect(draft?.runway).toEqual({
      slopePctPerDay: 0.65,
      slopeStdErrPctPerDay: 0.05,
      fittedEndPct: 88.5,
      confidenceZ: 2,
      lines: [
        { linePct: 90, days: 2.3, daysEarliest: 2, daysLatest: 2.7 },
        { linePct: 100, days: 17.7, daysEarliest: 15.3, daysLatest: 20.9 },
      ],
    });
    // Earliest day for 90 %: 2.0 days after the period's end (Monday 23 Nov 00:00 Paris) = 25 Nov.
    expect(draft?.recommendation).toContain('25 Nov 2026');
  });

  it('is critical when full within a week, and says nothing for a flat or falling trend', () => {
    const fast = filer(95, { slopePerDay: 1, slopeStdErrPerDay: 0.01, fittedAtEnd: 95 });
    expect(datastoreRunway.evaluate(input(fast))?.severity).toBe('critical');
    expect(
      datastoreRunway.evaluate(
        input(filer(88.5, { slopePerDay: 0, slopeStdErrPerDay: 0.01, fittedAtEnd: 88.5 })),
      ),
    ).toBeNull();
    expect(
      datastoreRunway.evaluate(
        input(filer(88.5, { slopePerDay: -2, slopeStdErrPerDay: 0.01, fittedAtEnd: 88.5 })),
      ),
    ).toBeNull();
  });

  it('leaves out forecasts beyond the horizon', () => {
    // 58 % at 0.04 a day: 80 % in 550 days, past the 180-day horizon.
    expect(
      datastoreRunway.evaluate(
        input(filer(58, { slopePerDay: 0.04, slopeStdErrPerDay: 0.001, fittedAtEnd: 58 })),
      ),
    ).toBeNull();
  });
});

describe('rightsizing', () => {
  it('calls a VM with low p95 CPU and memory and no contention oversized, with a smaller vCPU count', () => {
    // 8 vCPU at p95 12 %: ⌈8 × 12 / 60⌉ = 2 vCPU would peak near 60 %.
    const draft = vmOversized.evaluate(input(vmWith(12, 25, 0.8)));
    expect(draft?.severity).toBe('info');
    expect(draft?.figures.suggestedVcpu).toBe(2);
  });

  it('never calls a VM with CPU contention oversized, nor a single-vCPU VM', () => {
    expect(vmOversized.evaluate(input(vmWith(12, 25, 6)))).toBeNull();
    expect(vmOversized.evaluate(input(vmWith(12, 25, 0.8, { cpuNum: 1 })))).toBeNull();
  });

  it('calls a VM undersized below saturation, or when busy and waiting for CPU', () => {
    expect(vmUndersized.evaluate(input(vmWith(82, 40, 1)))?.summary).toContain('CPU p95 82.0 %');
    // At 90 % the saturation rule speaks instead.
    expect(vmUndersized.evaluate(input(vmWith(90, 40, 1)))).toBeNull();
    const waiting = vmUndersized.evaluate(input(vmWith(65, 40, 7)));
    expect(waiting?.recommendation).toMatch(/Never shrink/);
    expect(vmUndersized.evaluate(input(vmWith(40, 40, 14)))).toBeNull();
  });

  it('calls a VM idle when CPU, disk and network are all near zero', () => {
    const idle = (cpu: number, io: number, net: number) =>
      component('vm', 'vm-1', {
        metrics: {
          'vscope.vm.cpu.usage.perc': stats(cpu),
          'vscope.vm.disk.io.read': stats(io),
          'vscope.vm.disk.io.write': stats(io),
          'vscope.vm.net.rx': stats(net),
          'vscope.vm.net.tx': stats(net),
        },
      });
    expect(vmIdle.evaluate(input(idle(0.7, 0.2, 1)))?.title).toBe('Idle VM');
    expect(vmIdle.evaluate(input(idle(0.7, 3, 1)))).toBeNull();
    expect(vmIdle.evaluate(input(idle(0.7, 0.2, 3)))).toBeNull();
  });
});

describe('inventory rules', () => {
  it('lists powered-off VMs, snapshot sprawl above the limit and hosts in maintenance', () => {
    const off = component('vm', 'vm-9', {
      details: { powerState: 'poweredOff', cpuNum: 2, memoryMaxMb: 4096, snapshotNum: 3 },
    });
    expect(vmPoweredOff.evaluate(input(off))?.summary).toContain('2 vCPU, 4.0 GB');
    expect(snapshotSprawl.evaluate(input(off))?.severity).toBe('warning');
    expect(snapshotSprawl.evaluate(input(vmWith(10, 10, 0, { snapshotNum: 2 })))).toBeNull();
    const host = component('host', '10.0.0.2', { details: { inMaintenance: true } });
    expect(hostMaintenance.evaluate(input(host))?.title).toBe('Host in maintenance');
  });
});

describe('missing data', () => {
  it('reports a component without any series, but not a powered-off VM', () => {
    expect(missingData.evaluate(input(component('host', 'h', { missingSeries: true })))?.title).toBe(
      'No data',
    );
    const off = component('vm', 'vm-9', { details: { powerState: 'poweredOff' }, missingSeries: true });
    expect(missingData.evaluate(input(off))).toBeNull();
  });

  it('reports a 6-hour gap with its local times, even at 96 % coverage', () => {
    // Wednesday 18 November 01:00–07:00 UTC = 02:00–08:00 in Paris.
    const gap = { startMs: Date.UTC(2026, 10, 18, 1), endMs: Date.UTC(2026, 10, 18, 7), missingSamples: 72 };
    const cpu = stats(30, {
      samples: 1944,
      coveragePct: (1944 / 2016) * 100,
      gaps: { count: 1, missingSeconds: 21_600, longestSeconds: 21_600, listed: [gap] },
    });
    const host = component('host', '172.17.86.53', { metrics: { 'vscope.host.cpu.usage.perc': cpu } });
    const draft = missingData.evaluate(input(host));
    expect(draft?.summary).toContain('Coverage 96.4 % (1944 of 2016 samples)');
    expect(draft?.summary).toContain('Wed 18 Nov 02:00 – 08:00 (Europe/Paris)');
    expect(draft?.figures.longestGapHours).toBe(6);
    expect(draft?.coveragePct).toBeNull();
  });

  it('stays quiet for complete data', () => {
    const host = component('host', 'h', { metrics: { 'vscope.host.cpu.usage.perc': stats(30) } });
    expect(missingData.evaluate(input(host))).toBeNull();
  });
});
