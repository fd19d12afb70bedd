import { describe, expect, it } from 'vitest';
import { StoreError } from '../../../lib/core/errors.ts';
import { isoWeekPeriod } from '../../../lib/core/period.ts';
import type { DatacenterReport } from '../../../lib/core/types.ts';
import type { DatacenterPart } from '../../../lib/pipeline/datacenter-part.ts';
import { decodePart, encodePart } from '../../../lib/pipeline/part-codec.ts';

const week = isoWeekPeriod('2026-W47', 'Europe/Paris');

function samplePart(): DatacenterPart {
  return {
    schemaVersion: 1,
    generator: { name: 'vscope-reports', version: '9.9.9' },
    serviceName: 'pcc-192-0-2-10',
    period: { ...week, startIso: '2026-11-16T00:00:00+01:00', endIso: '2026-11-23T00:00:00+01:00' },
    datacenterTag: 'pcc-192-0-2-10_datacenter1842',
    intervalSeconds: 300,
    requests: 3,
    gaps: [
      {
        metric: 'vscope.vm.cpu.usage.perc',
        datacenterTag: 'pcc-192-0-2-10_datacenter1842',
        components: ['vm-1'],
        reason: 'HTTP 503',
      },
    ],
    datacenter: {
      datacenterId: 1842,
      name: 'Paris',
      tag: 'pcc-192-0-2-10_datacenter1842',
      hosts: [],
      vms: [
        {
          kind: 'vm',
          key: 'vm-1',
          displayName: 'app',
          details: {},
          metrics: { 'vscope.vm.cpu.usage.perc': { samples: 10, expected: 12, mean: Number.NaN, min: -0 } },
          missingSeries: false,
        },
      ],
      filers: [],
      unknownComponents: [],
      hostRollups: [],
      rollup: { overcommit: Number.POSITIVE_INFINITY },
    } as unknown as DatacenterReport,
    sketch: { kind: 'log-buckets', relativeAccuracy: 0.01 },
    summaries: [],
    profiles: [{ metric: 'vscope.host.cpu.usage.perc', partials: [[1e-17, 0.1], []], counts: [2, 0] }],
    chartSeries: [
      {
        metric: 'vscope.host.cpu.usage.perc',
        datacenterTag: 'pcc-192-0-2-10_datacenter1842',
        component: '172.17.86.51',
        tags: { host: '172.17.86.51' },
        timestamps: Float64Array.of(1_794_000_000_000, 1_794_000_300_000),
        values: Float64Array.of(0.1 + 0.2, Number.NaN),
      },
    ],
  };
}

describe('part codec', () => {
  it('reads back what it wrote, samples bit for bit and the numbers JSON cannot carry', () => {
    const part = samplePart();
    const back = decodePart(new TextEncoder().encode(encodePart(part)), 'runs/x/parts/0000.json');
    expect(back).toEqual(part);
    const metrics = back.datacenter.vms[0]?.metrics['vscope.vm.cpu.usage.perc'];
    expect(Object.is(metrics?.min, -0)).toBe(true);
    expect(metrics?.mean).toBeNaN();
    expect(back.chartSeries[0]?.values[0]).toBe(0.30000000000000004);
    expect(back.chartSeries[0]?.values).toBeInstanceOf(Float64Array);
    // Key order is kept: a report composed from parts lists its keys as a one-process one.
    expect(Object.keys(back.datacenter.vms[0] ?? {})).toEqual(Object.keys(part.datacenter.vms[0] ?? {}));
  });

  it('refuses a part of another schema version, naming the field and the key', () => {
    const text = encodePart(samplePart()).replace('"schemaVersion":1', '"schemaVersion":2');
    expect(() => decodePart(text, 'runs/x/parts/0001.json')).toThrow(StoreError);
    expect(() => decodePart(text, 'runs/x/parts/0001.json')).toThrow(/parts\/0001\.json.*schemaVersion/);
  });

  it('refuses bytes that are not JSON, and a series whose samples are cut', () => {
    expect(() => decodePart('{"schemaVersion":', 'k')).toThrow(/not JSON/);
    const part = samplePart();
    const cut = JSON.parse(encodePart(part)) as { chartSeries: { values: string }[] };
    const first = cut.chartSeries[0];
    if (first) first.values = Buffer.from([1, 2, 3]).toString('base64');
    expect(() => decodePart(JSON.stringify(cut), 'k')).toThrow(/charted series/);
  });
});
