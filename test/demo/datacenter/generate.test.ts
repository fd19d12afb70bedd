import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type DemoSeries, generateDemoSeries } from '../../../demo/datacenter/generate.ts';
import { DEMO_PLANTED, demoInventory } from '../../../demo/datacenter/infrastructure.ts';
import { METRICS } from '../../../lib/core/catalogue.ts';

const DAY = 86_400;
const STEP = 300;
/** Monday 2025-12-29 00:00 UTC: two whole ISO weeks, each with one Wednesday. */
const FROM = Date.UTC(2025, 11, 29) / 1000;
const TO = FROM + 14 * DAY;

const inventory = demoInventory();
const all = [...generateDemoSeries(inventory, { fromSec: FROM, toSec: TO })];

function componentOf(s: DemoSeries): string {
  return s.tags.vm ?? s.tags.host ?? s.tags.datastore ?? '';
}

function keyOf(s: DemoSeries): string {
  return `${s.metric}|${componentOf(s)}|${s.tags.nicname ?? ''}`;
}

function find(metric: string, component: string): DemoSeries {
  const s = all.find((x) => x.metric === metric && componentOf(x) === component);
  if (!s) throw new Error(`no series ${metric} ${component}`);
  return s;
}

/** A content hash of series keys, tags, timestamps and values (deep equality on typed arrays is slow). */
function digest(series: readonly DemoSeries[]): string {
  const hash = createHash('sha256');
  for (const s of series) {
    hash.update(`${s.metric}${JSON.stringify(s.tags)}`);
    hash.update(new Uint8Array(s.timestamps.buffer, s.timestamps.byteOffset, s.timestamps.byteLength));
    hash.update(new Uint8Array(s.values.buffer, s.values.byteOffset, s.values.byteLength));
  }
  return hash.digest('hex');
}

function mean(values: Float64Array): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function percentile(values: Float64Array, p: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const vmByName = new Map(inventory.datacenters[0]?.vms.map((v) => [v.name, v]));
const filerByName = new Map(inventory.datacenters[0]?.filers.map((f) => [f.name, f]));
const PLANTED_VMS = new Set<string>([
  DEMO_PLANTED.highCpuReadyVm.moRef,
  DEMO_PLANTED.idleVm.moRef,
  DEMO_PLANTED.slowDiskVm.moRef,
]);

describe('generateDemoSeries: shape', () => {
  it('yields identical series on two runs', () => {
    const again = [...generateDemoSeries(inventory, { fromSec: FROM, toSec: TO })];
    expect(digest(again)).toBe(digest(all));
  });

  it('yields for a sub-range exactly the matching slice of a longer range', () => {
    const subFrom = FROM + 3 * DAY + 1234;
    const subTo = FROM + 5 * DAY + 17;
    const sub = [...generateDemoSeries(inventory, { fromSec: subFrom, toSec: subTo, anchorSec: TO })];
    const firstGrid = Math.ceil(subFrom / STEP) * STEP;
    expect(sub.map(keyOf)).toEqual(all.map(keyOf));
    for (const [i, s] of sub.entries()) {
      const long = all[i];
      if (!long) throw new Error('missing long series');
      const keep = Array.from(long.timestamps, (t) => t - (t % STEP)).map((g) => g >= firstGrid && g < subTo);
      expect(Array.from(s.timestamps)).toEqual(Array.from(long.timestamps).filter((_, j) => keep[j]));
      expect(Array.from(s.values)).toEqual(Array.from(long.values).filter((_, j) => keep[j]));
    }
  });

  it('changes the values, not the timestamps grid, with another seed', () => {
    const other = [...generateDemoSeries(inventory, { fromSec: FROM, toSec: FROM + DAY, seed: 7 })];
    const base = [...generateDemoSeries(inventory, { fromSec: FROM, toSec: FROM + DAY })];
    expect(other.map(keyOf)).toEqual(base.map(keyOf));
    expect(other[10]?.values).not.toEqual(base[10]?.values);
  });

  it('yields series for every catalogue metric and every powered-on component', () => {
    const dc = inventory.datacenters[0];
    const poweredOn = dc?.vms.filter((v) => v.powerState !== 'poweredOff').length ?? 0;
    for (const def of METRICS) {
      const series = all.filter((s) => s.metric === def.name);
      const components = new Set(series.map(componentOf));
      const expected =
        def.kind === 'vm' ? poweredOn : def.kind === 'host' ? dc?.hosts.length : dc?.filers.length;
      expect(components.size, def.name).toBe(expected);
      const perComponent = def.name.startsWith('vscope.host.net.') ? 4 : 1;
      expect(series.length, def.name).toBe(components.size * perComponent);
    }
  });

  it('gives host network series one nicname each, vmnic0 to vmnic3', () => {
    const nics = new Set(all.filter((s) => s.metric === 'vscope.host.net.rx').map((s) => s.tags.nicname));
    expect([...nics].sort()).toEqual(['vmnic0', 'vmnic1', 'vmnic2', 'vmnic3']);
  });

  it('tags every series with the datacenter, its component and the service tags OVH adds', () => {
    for (const s of all) {
      expect(s.tags).toMatchObject({
        datacenter: 'pcc-192-0-2-10_datacenter1842',
        servicename: 'pcc-192-0-2-10',
        servicetype: 'vscope',
        env: 'prod',
      });
      const def = METRICS.find((m) => m.name === s.metric);
      expect(s.tags[def?.componentTag ?? '']).toBeDefined();
    }
  });

  it('produces no series for the powered-off VM', () => {
    expect(all.some((s) => s.tags.vm === DEMO_PLANTED.poweredOffVm.moRef)).toBe(false);
  });

  it('places each sample 0–59 s after its own 5-minute grid point, inside the range', () => {
    const misplaced: string[] = [];
    for (const s of all) {
      let previousBucket = -1;
      for (const t of s.timestamps) {
        const bucket = t - (t % STEP);
        if (t - bucket >= 60 || bucket <= previousBucket || bucket < FROM || bucket >= TO) {
          misplaced.push(`${keyOf(s)}@${t}`);
        }
        previousBucket = bucket;
      }
    }
    expect(misplaced).toEqual([]);
  });

  it('samples every grid point of a healthy component', () => {
    expect(find('vscope.vm.cpu.usage.perc', 'vm-01201').timestamps.length).toBe((TO - FROM) / STEP);
  });

  it('keeps every percentage within 0–100', () => {
    const out = all
      .filter((x) => x.metric.endsWith('.perc'))
      .filter((x) => x.values.some((v) => v < 0 || v > 100))
      .map(keyOf);
    expect(out).toEqual([]);
  });
});

describe('generateDemoSeries: planted conditions', () => {
  it('gives the contended VM a CPU ready of 12–16 % per vCPU on every sample', () => {
    const { moRef, cpuNum } = DEMO_PLANTED.highCpuReadyVm;
    const ready = find('vscope.vm.cpu.ready', moRef).values.map((ms) => (ms / (STEP * 1000) / cpuNum) * 100);
    expect(Math.min(...ready)).toBeGreaterThanOrEqual(12);
    expect(Math.max(...ready)).toBeLessThanOrEqual(16);
    expect(mean(ready)).toBeGreaterThan(12.5);
  });

  it('keeps the idle VM near zero on CPU, network and disk', () => {
    const { moRef } = DEMO_PLANTED.idleVm;
    const cpu = find('vscope.vm.cpu.usage.perc', moRef).values;
    expect(Math.min(...cpu)).toBeGreaterThanOrEqual(0.3);
    expect(Math.max(...cpu)).toBeLessThanOrEqual(1);
    for (const metric of [
      'vscope.vm.net.rx',
      'vscope.vm.net.tx',
      'vscope.vm.disk.io.read',
      'vscope.vm.disk.io.write',
    ]) {
      expect(Math.max(...find(metric, moRef).values), metric).toBeLessThan(2);
    }
  });

  it('fills the planted datastore by about 0.65 points a day, ending near 88.5 %', () => {
    const { name, endUsedPct, pctPerDay } = DEMO_PLANTED.fillingFiler;
    const sizeKb = (filerByName.get(name)?.sizeGb ?? 0) * 1024 * 1024;
    const s = find('vscope.filer.datastore.diskspace.used', name);
    const pct = s.values.map((kb) => (kb / sizeKb) * 100);
    expect(pct.at(-1)).toBeCloseTo(endUsedPct, 0);
    const days = s.timestamps.map((t) => t / DAY);
    const mx = mean(days);
    const my = mean(pct);
    let num = 0;
    let den = 0;
    for (let i = 0; i < days.length; i++) {
      num += ((days[i] ?? 0) - mx) * ((pct[i] ?? 0) - my);
      den += ((days[i] ?? 0) - mx) ** 2;
    }
    expect(num / den).toBeCloseTo(pctPerDay, 1);
  });

  it('ends every datastore series at the space used the inventory reports', () => {
    for (const filer of inventory.datacenters[0]?.filers ?? []) {
      const last = find('vscope.filer.datastore.diskspace.used', filer.name).values.at(-1) ?? 0;
      expect(Math.abs(last / 1024 / 1024 - (filer.spaceUsedGb ?? 0))).toBeLessThan(
        (filer.sizeGb ?? 0) * 0.002,
      );
    }
  });

  it('leaves a 6-hour hole in every series of the gap host each Wednesday 01:00–07:00 UTC', () => {
    const { name } = DEMO_PLANTED.gapHost;
    const series = all.filter((s) => s.tags.host === name);
    expect(series.length).toBe(18);
    const wednesdays = [FROM + 2 * DAY, FROM + 9 * DAY];
    for (const s of series) {
      expect(s.timestamps.length).toBe((TO - FROM) / STEP - 2 * 72);
      for (const wed of wednesdays) {
        const inside = s.timestamps.filter((t) => t >= wed + 3600 && t < wed + 7 * 3600);
        expect(inside.length).toBe(0);
        const before = s.timestamps.filter((t) => t < wed + 3600).at(-1) ?? 0;
        const after = s.timestamps.find((t) => t >= wed + 7 * 3600) ?? 0;
        expect(after - before).toBeGreaterThanOrEqual(6 * 3600);
        expect(after - before).toBeLessThan(6 * 3600 + 2 * STEP);
      }
    }
  });

  it('leaves no gap longer than one sample in any other series', () => {
    const gapped = all
      .filter((x) => x.tags.host !== DEMO_PLANTED.gapHost.name)
      .filter((x) => x.timestamps.some((t, i) => i > 0 && t - (x.timestamps[i - 1] ?? t) >= 2 * STEP))
      .map(keyOf);
    expect(gapped).toEqual([]);
  });

  it('gives the slow-disk VM about 25 ms read and 35 ms write latency, sustained', () => {
    const { moRef, readLatencyMs, writeLatencyMs } = DEMO_PLANTED.slowDiskVm;
    const read = find('vscope.vm.disk.latency.read', moRef).values;
    const write = find('vscope.vm.disk.latency.write', moRef).values;
    expect(mean(read)).toBeGreaterThan(readLatencyMs - 2);
    expect(mean(read)).toBeLessThan(readLatencyMs + 2);
    expect(mean(write)).toBeGreaterThan(writeLatencyMs - 2);
    expect(mean(write)).toBeLessThan(writeLatencyMs + 2);
    expect(Math.min(...read)).toBeGreaterThan(20);
    expect(Math.min(...write)).toBeGreaterThan(20);
    expect(new Set(read).size).toBeGreaterThan(100);
  });
});

describe('generateDemoSeries: healthy components', () => {
  const healthyVm = (s: DemoSeries) => s.tags.vm !== undefined && !PLANTED_VMS.has(s.tags.vm);

  function expectWithin(metric: string, filter: (s: DemoSeries) => boolean, lo: number, hi: number) {
    const series = all.filter((s) => s.metric === metric && filter(s));
    expect(series.length).toBeGreaterThan(0);
    for (const s of series) {
      expect(Math.min(...s.values), `${metric} ${componentOf(s)}`).toBeGreaterThanOrEqual(lo);
      expect(Math.max(...s.values), `${metric} ${componentOf(s)}`).toBeLessThanOrEqual(hi);
    }
  }

  it('keeps VM CPU within 5–55 % and memory within 25–70 %', () => {
    expectWithin('vscope.vm.cpu.usage.perc', healthyVm, 5, 55);
    expectWithin('vscope.vm.mem.usage.perc', (s) => s.tags.vm !== undefined, 25, 70);
  });

  it('keeps CPU ready under 1.5 % per vCPU for every VM but the contended one', () => {
    for (const s of all.filter((x) => x.metric === 'vscope.vm.cpu.ready')) {
      if (s.tags.vm === DEMO_PLANTED.highCpuReadyVm.moRef) continue;
      const cpuNum = [...vmByName.values()].find((v) => v.moRef === s.tags.vm)?.cpuNum ?? 1;
      const worst = (Math.max(...s.values) / (STEP * 1000) / cpuNum) * 100;
      expect(worst, s.tags.vm).toBeLessThan(1.5);
    }
  });

  it('keeps disk latency within 0.5–4 ms for every VM but the slow-disk one', () => {
    const notSlow = (s: DemoSeries) => s.tags.vm !== DEMO_PLANTED.slowDiskVm.moRef;
    expectWithin('vscope.vm.disk.latency.read', notSlow, 0.5, 4);
    expectWithin('vscope.vm.disk.latency.write', notSlow, 0.5, 4);
  });

  it('keeps host CPU within 15–60 % and host memory within 40–75 %', () => {
    expectWithin('vscope.host.cpu.usage.perc', () => true, 15, 60);
    expectWithin('vscope.host.mem.usage.perc', () => true, 40, 75);
  });

  it('keeps every other datastore under 75 % full', () => {
    for (const s of all.filter((x) => x.metric === 'vscope.filer.datastore.diskspace.used')) {
      if (s.tags.datastore === DEMO_PLANTED.fillingFiler.name) continue;
      const sizeKb = (filerByName.get(s.tags.datastore ?? '')?.sizeGb ?? 0) * 1024 * 1024;
      expect((Math.max(...s.values) / sizeKb) * 100).toBeLessThan(75);
    }
  });

  it('keeps p95 CPU of every VM under 80 %', () => {
    for (const s of all.filter((x) => x.metric === 'vscope.vm.cpu.usage.perc')) {
      expect(percentile(s.values, 95)).toBeLessThan(80);
    }
  });

  it('follows office hours: weekday afternoons are busier than nights and weekends', () => {
    const s = find('vscope.vm.cpu.usage.perc', 'vm-01205');
    const avgWhere = (pred: (t: number) => boolean) =>
      mean(s.values.filter((_, i) => pred(s.timestamps[i] ?? 0)));
    const hour = (t: number) => (((t % DAY) + DAY) % DAY) / 3600;
    const weekdayAfternoon = avgWhere((t) => t < FROM + 5 * DAY && hour(t) >= 13 && hour(t) < 16);
    const night = avgWhere((t) => hour(t) >= 1 && hour(t) < 4);
    const weekendAfternoon = avgWhere(
      (t) => t >= FROM + 5 * DAY && t < FROM + 7 * DAY && hour(t) >= 13 && hour(t) < 16,
    );
    expect(weekdayAfternoon).toBeGreaterThan(night + 15);
    expect(weekdayAfternoon).toBeGreaterThan(weekendAfternoon + 10);
  });

  it('produces plausible, non-negative network, packet, IOPS and bandwidth figures', () => {
    for (const s of all.filter((x) => /net|disk\.io|bandwidth/.test(x.metric))) {
      expect(Math.min(...s.values)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...s.values)).toBeLessThan(100_000);
    }
  });
});
