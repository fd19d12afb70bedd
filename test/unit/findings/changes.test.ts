import { describe, expect, it } from 'vitest';
import { type DatacenterReport, DERIVED } from '../../../lib/core/types.ts';
import { computeChanges } from '../../../lib/findings/changes.ts';
import { readPreviousDatacenters } from '../../../lib/findings/previous-figures.ts';
import { aggregates, component, DC_TAG, datacenter, stats } from './helpers.ts';

const vm = (key: string, details: Record<string, string | number | null>, readyP95: number | null = null) =>
  component('vm', key, {
    details: { powerState: 'poweredOn', cpuNum: 4, memoryMaxMb: 8192, snapshotNum: 0, ...details },
    ...(readyP95 === null ? {} : { derived: { [DERIVED.cpuReadyPct]: stats(readyP95) } }),
  });
const host = (key: string, inMaintenance: boolean, cpuP95: number) =>
  component('host', key, {
    details: { inMaintenance },
    metrics: { 'vscope.host.cpu.usage.perc': stats(cpuP95) },
  });
const filer = (key: string, usedPct: number) =>
  component('filer', key, {
    capacity: { sizeGb: 4096, usedGb: null, usedPct, provisionedGb: null, overcommitRatio: null },
  });

function withRollup(dc: DatacenterReport, vms: number, vcpuTotal: number): DatacenterReport {
  return { ...dc, rollup: { ...dc.rollup, vms, vcpuTotal } };
}

/** The previous period as its report.json holds it: written out and read back. */
function asStored(dc: DatacenterReport) {
  return readPreviousDatacenters(JSON.parse(JSON.stringify({ schemaVersion: 2, datacenters: [dc] })));
}

const before = withRollup(
  datacenter([
    host('h0', false, 30),
    host('h1', false, 40),
    vm('vm-a', { cpuNum: 8 }, 14),
    vm('vm-b', { memoryMaxMb: 8192 }),
    vm('vm-c', { powerState: 'poweredOn' }),
    vm('vm-d', { snapshotNum: 0 }),
    vm('vm-e', { cpuNum: null }),
    vm('vm-old', {}),
    filer('ds-1', 88.5),
  ]),
  6,
  28,
);
const after = withRollup(
  datacenter([
    host('h1', true, 55),
    vm('vm-a', { cpuNum: 12 }, 4),
    vm('vm-b', { memoryMaxMb: 16_384 }),
    vm('vm-c', { powerState: 'poweredOff' }),
    vm('vm-d', { snapshotNum: 2 }),
    vm('vm-e', { cpuNum: 4 }),
    vm('vm-new', {}),
    filer('ds-1', 93),
  ]),
  6,
  36,
);

describe('computeChanges', () => {
  const changes = computeChanges(aggregates([after]), asStored(before), '2026-W46');

  it('lists additions, removals and property changes, by kind of change, hosts before VMs', () => {
    expect(changes.found).toBe(true);
    expect(changes.events.map((e) => [e.kind, e.key, e.before, e.after])).toEqual([
      ['added', 'vm-new', null, null],
      ['removed', 'h0', null, null],
      ['removed', 'vm-old', null, null],
      ['vcpu', 'vm-a', 8, 12],
      ['memory', 'vm-b', 8192, 16_384],
      ['powerState', 'vm-c', 'poweredOn', 'poweredOff'],
      ['snapshots', 'vm-d', 0, 2],
      ['maintenance', 'h1', false, true],
    ]);
    expect(changes.events.every((e) => e.datacenterTag === DC_TAG)).toBe(true);
  });

  it('does not call a value that was unknown before a change', () => {
    expect(changes.events.some((e) => e.key === 'vm-e')).toBe(false);
  });

  it('gives the figures of hosts, datastores and resized VMs beside the previous ones', () => {
    const find = (key: string, figure: string) =>
      changes.figures.find((f) => f.key === key && f.figure === figure);
    expect(find('h1', 'cpuP95Pct')).toMatchObject({ previous: 40, current: 55, delta: 15 });
    expect(find('ds-1', 'usedPct')).toMatchObject({ previous: 88.5, current: 93 });
    expect(find('ds-1', 'usedPct')?.delta).toBeCloseTo(4.5, 10);
    // vm-a was resized: its CPU ready is compared even though it is in no top list.
    expect(find('vm-a', 'readyP95Pct')).toMatchObject({ previous: 14, current: 4, delta: -10 });
    // An added VM is in no top list (the fixture has none) and was not resized: not compared.
    expect(find('vm-new', 'readyP95Pct')).toBeUndefined();
  });

  it('compares the datacenter totals', () => {
    const vcpu = changes.keyFigures.find((f) => f.figure === 'vcpuTotal');
    expect(vcpu).toMatchObject({ previous: 28, current: 36, delta: 8 });
    expect(changes.keyFigures.find((f) => f.figure === 'vms')).toMatchObject({ delta: 0 });
  });

  it('lists nothing when there is no previous report', () => {
    expect(computeChanges(aggregates([after]), null, '2026-W46')).toEqual({
      previousLabel: '2026-W46',
      found: false,
      events: [],
      keyFigures: [],
      figures: [],
    });
  });

  it('reads no datacenters from a previous report of another shape', () => {
    expect(readPreviousDatacenters({ schemaVersion: 2, datacenters: [{ tag: 1 }] })).toBeNull();
    expect(readPreviousDatacenters({ schemaVersion: 2 })).toBeNull();
  });
});
