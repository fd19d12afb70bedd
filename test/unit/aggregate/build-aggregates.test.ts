import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AGGREGATE_DEFAULTS, Aggregation, aggregate } from '../../../lib/aggregate/build-aggregates.ts';
import type { MetricName } from '../../../lib/core/catalogue.ts';
import { customPeriod } from '../../../lib/core/period.ts';
import { DERIVED, type Inventory, type Series, type SeriesSet } from '../../../lib/core/types.ts';

/** One UTC day, 288 five-minute slots. */
const day = customPeriod('2026-11-16', '2026-11-17', 'UTC');
const START = day.startMs / 1000;
const DC = 'pcc-1_datacenter1';
const GB = 1024 * 1024;

const inventory: Inventory = {
  serviceName: 'pcc-1',
  datacenters: [
    {
      datacenterId: 1,
      name: 'DC 1',
      tag: DC,
      hosts: [
        {
          hostId: 1,
          name: '10.0.0.1',
          tag: '10.0.0.1',
          cpuMhz: 83_200,
          cpuCores: 32,
          ramGb: 16,
          inMaintenance: false,
        },
        {
          hostId: 2,
          name: '10.0.0.2',
          tag: '10.0.0.2',
          cpuMhz: 83_200,
          cpuCores: null,
          ramGb: null,
          inMaintenance: true,
        },
      ],
      vms: [
        vm('vm-a', 4, 8192, '10.0.0.1'),
        vm('vm-b', null, 4096, '10.0.0.1'),
        vm('vm-c', 2, 2048, 'gone-host'),
      ],
      filers: [
        {
          filerId: 1,
          name: 'ds1',
          tag: 'ds1',
          sizeGb: 1000,
          spaceUsedGb: 500,
          spaceFreeGb: 500,
          spaceProvisionedGb: 1500,
        },
      ],
    },
  ],
};

function vm(moRef: string, cpuNum: number | null, memoryMaxMb: number, hostName: string) {
  return {
    vmId: Number(moRef.length),
    moRef,
    name: moRef.toUpperCase(),
    tag: moRef,
    powerState: 'poweredOn' as const,
    cpuNum,
    memoryMaxMb,
    snapshotNum: 0,
    hostName,
  };
}

function series(
  metric: MetricName,
  component: string,
  step: number,
  value: number,
  extra: Partial<Series> = {},
): Series {
  const count = 86_400 / step;
  return {
    metric,
    datacenterTag: DC,
    component,
    tags: {},
    timestamps: Float64Array.from({ length: count }, (_, i) => START + i * step),
    values: new Float64Array(count).fill(value),
    ...extra,
  };
}

const nic1 = series('vscope.host.net.tx', '10.0.0.1', 300, 50, { nic: 'vmnic1' });
const set: SeriesSet = {
  period: day,
  intervalSeconds: 300,
  requests: 1,
  gaps: [],
  series: [
    series('vscope.host.net.tx', '10.0.0.1', 300, 100, { nic: 'vmnic0' }),
    // vmnic1 misses its first hour: those 12 instants have no host total.
    { ...nic1, timestamps: nic1.timestamps.slice(12), values: nic1.values.slice(12) },
    series('vscope.host.cpu.usage.perc', '10.0.0.1', 300, 40),
    series('vscope.vm.cpu.usage.perc', 'vm-a', 300, 30),
    // vm-a reports every 20 minutes: 48,000 ms / (1,200 s × 1000) × 100 / 4 vCPU = 1 % per vCPU.
    series('vscope.vm.cpu.ready', 'vm-a', 1200, 48_000),
    series('vscope.vm.cpu.ready', 'vm-b', 300, 3_000),
    series('vscope.vm.cpu.usage.perc', 'vm-zzz', 300, 5),
    series('vscope.filer.datastore.diskspace.used', 'ds1', 300, 500 * GB),
  ],
};

const result = aggregate(inventory, set, {
  ...AGGREGATE_DEFAULTS,
  thresholds: { [DERIVED.cpuReadyPct]: [0.5, 5] },
});
const dc = result.datacenters[0];
const byKey = (key: string) =>
  [...(dc?.hosts ?? []), ...(dc?.vms ?? []), ...(dc?.filers ?? [])].find((c) => c.key === key);

describe('aggregate', () => {
  it('sums host network over the NICs where all reported, and keeps each NIC', () => {
    const host = byKey('10.0.0.1');
    const tx = host?.metrics['vscope.host.net.tx'];
    expect(tx?.samples).toBe(288 - 12);
    expect(tx?.mean).toBe(150);
    expect(host?.nics.vmnic0?.['vscope.host.net.tx']?.mean).toBe(100);
    expect(host?.nics.vmnic1?.['vscope.host.net.tx']?.samples).toBe(276);
    expect(byKey('vm-a')?.nics).toEqual({});
  });

  it("converts CPU ready with the ready series' own interval and the VM's vCPU count", () => {
    const ready = byKey('vm-a')?.derived[DERIVED.cpuReadyPct];
    expect(ready?.intervalSeconds).toBe(1200);
    expect(ready?.expected).toBe(72);
    expect(ready?.mean).toBeCloseTo(1, 12);
    // Every sample is 1 %: above 0.5 for 72 × 1,200 s.
    expect(ready?.timeAbove).toEqual([
      { threshold: 0.5, seconds: 86_400, sharePct: 100 },
      { threshold: 5, seconds: 0, sharePct: 0 },
    ]);
  });

  it('says so, and guesses nothing, when the vCPU count is unknown', () => {
    const b = byKey('vm-b');
    expect(b?.derived[DERIVED.cpuReadyPct]).toBeUndefined();
    expect(b?.unavailable).toEqual([
      { figure: DERIVED.cpuReadyPct, reason: expect.stringContaining('vCPU count') },
    ]);
    expect(b?.metrics['vscope.vm.cpu.ready']?.samples).toBe(288);
  });

  it('derives used % and over-commit of a datastore from its inventory size', () => {
    const ds = byKey('ds1');
    expect(ds?.derived[DERIVED.datastoreUsedPct]?.mean).toBe(50);
    expect(ds?.capacity).toEqual({
      sizeGb: 1000,
      usedGb: 500,
      usedPct: 50,
      provisionedGb: 1500,
      overcommitRatio: 1.5,
    });
  });

  it('keeps components without series and series without component', () => {
    expect(byKey('vm-c')?.missingSeries).toBe(true);
    expect(byKey('vm-c')?.metrics['vscope.vm.cpu.usage.perc']?.samples).toBe(0);
    expect(dc?.unknownComponents).toEqual([{ metric: 'vscope.vm.cpu.usage.perc', component: 'vm-zzz' }]);
  });

  it('rolls VMs up per host from their hostName (figures by hand)', () => {
    // 10.0.0.1 runs vm-a (4 vCPU, 8 GB, CPU mean 30 %) and vm-b (vCPU unknown, 4 GB, no CPU series):
    // 4 vCPU, 1 VM without count, 12 GB on 16 GB of RAM = 0.75, busy vCPU 0.30 × 4 = 1.2.
    expect(dc?.hostRollups[0]).toEqual({
      host: '10.0.0.1',
      vmCount: 2,
      poweredOnVmCount: 2,
      vcpuTotal: 4,
      vmsWithoutCpuNum: 1,
      vmMemoryGb: 12,
      memoryOvercommitRatio: 0.75,
      vmCpuMeanSumPct: 30,
      busyVcpuMean: 1.2,
      worstReadyP95Pct: 1,
    });
    expect(dc?.hostRollups[1]).toMatchObject({ host: '10.0.0.2', vmCount: 0, memoryOvercommitRatio: null });
    expect(dc?.rollup).toMatchObject({
      hosts: 2,
      hostsInMaintenance: 1,
      vms: 3,
      vcpuTotal: 6,
      vmMemoryGb: 14,
      storageOvercommitRatio: 1.5,
      hostCpuMeanPct: 40,
      vmsWithoutHost: ['vm-c'],
    });
  });

  it('ranks the fleet per metric and spreads p95 figures into bins', () => {
    const cpuTop = result.fleet.top.find((t) => t.metric === 'vscope.vm.cpu.usage.perc');
    expect(cpuTop?.entries.map((e) => [e.key, e.value])).toEqual([['vm-a', 30]]);
    const cpu = result.fleet.distributions.find((d) => d.id === 'vm-cpu-p95');
    // vm-a at 30 % falls in [30, 40); vm-b and vm-c have no CPU samples.
    expect(cpu?.counts).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    expect(cpu?.missing).toBe(2);
  });

  it('keeps daily summaries of every series with samples, not of the per-NIC ones', () => {
    const keys = result.summaries.series.map((s) => `${s.component} ${s.metric}`);
    expect(keys).toContain('10.0.0.1 vscope.host.net.tx');
    expect(keys).toContain(`vm-a ${DERIVED.cpuReadyPct}`);
    expect(keys.filter((k) => k === '10.0.0.1 vscope.host.net.tx')).toHaveLength(1);
    expect(result.summaries.series.every((s) => s.days.length === 1 && s.days[0]?.day === '2026-11-16')).toBe(
      true,
    );
  });

  it('counts coverage over the metrics of every component that should report', () => {
    // Every metric of every component expects samples; received are capped at the expected count.
    let expected = 0;
    let received = 0;
    for (const c of [...(dc?.hosts ?? []), ...(dc?.vms ?? []), ...(dc?.filers ?? [])]) {
      for (const m of Object.values(c.metrics)) {
        expected += m.expected;
        received += Math.min(m.samples, m.expected);
      }
    }
    expect(result.coverage).toEqual({ expected, received, pct: (received / expected) * 100 });
    expect(received).toBe(276 + 288 + 288 + 72 + 288 + 288);
  });

  it('expects no sample from a powered-off VM, in its own entry as in the datacenter total', () => {
    const [only] = inventory.datacenters;
    if (!only) throw new Error('fixture has one datacenter');
    const off = { ...vm('vm-off', 2, 2048, '10.0.0.1'), powerState: 'poweredOff' as const };
    const withOff: Inventory = { ...inventory, datacenters: [{ ...only, vms: [...only.vms, off] }] };
    // Powered off after its first hour: 12 samples, then silence.
    const early = series('vscope.vm.cpu.usage.perc', 'vm-off', 300, 7);
    const sent = { ...early, timestamps: early.timestamps.slice(0, 12), values: early.values.slice(0, 12) };
    const r = aggregate(withOff, { ...set, series: [...set.series, sent] });
    const entry = r.datacenters[0]?.vms.find((v) => v.key === 'vm-off');
    const figures = Object.values(entry?.metrics ?? {});
    expect(figures.length).toBeGreaterThan(10);
    for (const m of figures) expect([m.expected, m.coveragePct, m.gaps.count]).toEqual([0, 100, 0]);
    expect(entry?.metrics['vscope.vm.cpu.usage.perc']?.samples).toBe(12);
    expect(entry?.metrics['vscope.vm.cpu.usage.perc']?.mean).toBe(7);
    // The same totals as without it: 0 expected, and its 12 samples are not counted as received.
    expect(r.coverage).toEqual(result.coverage);
  });

  it('gives the same aggregates whatever order the series arrive in, keeping only those asked for', () => {
    // Varying values, so the order of the fleet profile sums would show.
    const wavy = (metric: MetricName, component: string, phase: number): Series => {
      const s = series(metric, component, 300, 0);
      return { ...s, values: s.values.map((_, i) => 10 + 7.3 * Math.sin(i / 9 + phase) + (i % 5) * 0.1) };
    };
    const all = [
      ...set.series,
      wavy('vscope.vm.cpu.usage.perc', 'vm-b', 1),
      wavy('vscope.vm.cpu.usage.perc', 'vm-c', 2),
      wavy('vscope.host.cpu.usage.perc', '10.0.0.2', 3),
    ];
    const options = { ...AGGREGATE_DEFAULTS, thresholds: { [DERIVED.cpuReadyPct]: [0.5, 5] } };
    const inOrder = aggregate(inventory, { ...set, series: all }, options);
    const charted = (s: Series) => s.metric === 'vscope.vm.cpu.usage.perc';
    fc.assert(
      fc.property(fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }), (shuffled) => {
        const aggregation = new Aggregation(inventory, day, options, charted);
        for (const s of shuffled) aggregation.add(s, set.intervalSeconds);
        const { aggregates, series: kept } = aggregation.finish(set);
        expect(aggregates).toEqual(inOrder);
        expect(new Set(kept)).toEqual(new Set(all.filter(charted)));
      }),
      { numRuns: 25 },
    );
  });
});
