/**
 * Synthetic vScope series for an inventory: every catalogue metric for every component, one
 * sample per 5-minute grid point with a per-series collector delay of 0–59 s.
 *
 * A value is a pure function of (seed, anchor, series key, grid time): nothing is drawn from a
 * sequence, so generating a sub-range yields exactly the matching slice of a longer range.
 */
import { METRICS, type MetricName } from '../../lib/core/catalogue.ts';
import type { DatacenterInventory, FilerInfo, HostInfo, Inventory, VmInfo } from '../../lib/core/types.ts';
import {
  type Band,
  DEMO_EVOLUTION,
  DEMO_PLANTED,
  filerProfile,
  type HostProfile,
  hostProfile,
  type Rhythm,
  type VmProfile,
  vmCpuNumAt,
  vmExistsFromSec,
  vmProfile,
} from './infrastructure.ts';
import { hash2, hashString, signed, smoothNoise, unit } from './random.ts';
import { activity, hourOfDay, weekday } from './rhythm.ts';

/** One generated series; timestamps in epoch seconds, ascending. */
export interface DemoSeries {
  readonly metric: MetricName;
  readonly tags: Readonly<Record<string, string>>;
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
}

export interface DemoRange {
  /** Inclusive, epoch seconds. */
  readonly fromSec: number;
  /** Exclusive, epoch seconds. */
  readonly toSec: number;
  readonly seed?: number;
  /**
   * The instant datastore growth is anchored to: filers reach their inventory `spaceUsedGb` here.
   * Defaults to `toSec`; pass the same anchor to compare sub-ranges of one generation.
   */
  readonly anchorSec?: number;
}

export const DEMO_SAMPLE_INTERVAL_SEC = 300;
export const DEMO_DEFAULT_SEED = 1842;

const MAX_COLLECTOR_DELAY_SEC = 50;
const MAX_SAMPLE_WOBBLE_SEC = 10;
const NICS = ['vmnic0', 'vmnic1', 'vmnic2', 'vmnic3'] as const;
/** Share of the host's traffic each NIC carries: two VM uplinks, then vMotion and management. */
const NIC_SHARE = [1, 0.75, 0.25, 0.08] as const;
const KB_PER_GB = 1024 * 1024;
const DAY_SEC = 86_400;
/** Activity peaks are shifted per component by up to this much, so VMs do not move in lockstep. */
const MAX_PHASE_SHIFT_SEC = 2700;

type Sampler = (gridSec: number) => number;
type MetricDef = (typeof METRICS)[number];

/** How a value moves inside its band: base level, weight of activity, wander and jitter. */
interface Shape {
  readonly base: number;
  readonly act: number;
  readonly wander: number;
  readonly jitter: number;
  readonly knotSec: number;
}

const LOAD: Shape = { base: 0.12, act: 0.78, wander: 0.08, jitter: 0.04, knotSec: 2700 };
const MEMORY: Shape = { base: 0.3, act: 0.4, wander: 0.2, jitter: 0.02, knotSec: 10_800 };
const READY: Shape = { base: 0.12, act: 0.6, wander: 0.15, jitter: 0.08, knotSec: 3600 };
const LATENCY: Shape = { base: 0.3, act: 0.35, wander: 0.2, jitter: 0.12, knotSec: 1800 };

interface Ctx {
  readonly seed: number;
  readonly anchorSec: number;
  readonly dc: DatacenterInventory;
  readonly baseTags: Readonly<Record<string, string>>;
}

interface Plan {
  readonly metric: MetricName;
  readonly tags: Readonly<Record<string, string>>;
  readonly seriesSeed: number;
  readonly sample: Sampler;
  readonly decimals: number;
  readonly skip?: (gridSec: number) => boolean;
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

function inBand(band: Band, fraction: number): number {
  return band[0] + (band[1] - band[0]) * fraction;
}

/** A 0–1 level following the component's activity, with smooth wander and per-sample jitter. */
function level(shape: Shape, rhythm: Rhythm, phase: number, seed: number): Sampler {
  return (t) => {
    const a = activity(rhythm, t + phase);
    const wander = smoothNoise(seed, t, shape.knotSec);
    const jitter = signed(seed ^ 0x5bd1e995, t / DEMO_SAMPLE_INTERVAL_SEC);
    return clamp01(shape.base + shape.act * a + shape.wander * wander + shape.jitter * jitter);
  };
}

function banded(band: Band, shape: Shape, rhythm: Rhythm, phase: number, seed: number): Sampler {
  const f = level(shape, rhythm, phase, seed);
  return (t) => inBand(band, f(t));
}

/** Packets per second follow throughput at a per-series packet size, with a little jitter. */
function packetsFrom(kBps: Sampler, seed: number): Sampler {
  const perKb = 0.9 + 0.5 * unit(seed, 7);
  return (t) => kBps(t) * perKb * (1 + 0.04 * signed(seed, t / DEMO_SAMPLE_INTERVAL_SEC));
}

function phaseOf(component: string): number {
  return signed(hashString(component), 11) * MAX_PHASE_SHIFT_SEC;
}

function seedOf(ctx: Ctx, key: string): number {
  return hash2(ctx.seed, hashString(key));
}

function decimalsOf(def: MetricDef): number {
  return def.name === 'vscope.vm.cpu.ready' || def.kind === 'filer' ? 0 : 2;
}

function isGap(hostName: string): ((t: number) => boolean) | undefined {
  const gap = DEMO_PLANTED.gapHost;
  if (hostName !== gap.name) return undefined;
  return (t) => {
    if (weekday(t) !== gap.weekdayUtc) return false;
    const h = hourOfDay(t);
    return h >= gap.fromHourUtc && h < gap.toHourUtc;
  };
}

function hostSampler(def: MetricDef, host: HostInfo, nic: number, ctx: Ctx): Sampler {
  const p: HostProfile = hostProfile(host.name);
  const phase = phaseOf(host.name);
  const nicName = NICS[nic] ?? 'vmnic0';
  const share = NIC_SHARE[nic] ?? 1;
  const netSeed = (direction: string) => seedOf(ctx, `net.${direction}|${host.name}|${nicName}`);
  const net = (direction: 'tx' | 'rx') => {
    const f = banded(p.netKBps, LOAD, 'office', phase, netSeed(direction));
    const scale = share * (direction === 'rx' ? 0.8 : 1);
    return (t: number) => f(t) * scale;
  };
  const seed = seedOf(ctx, `${def.name}|${host.name}|${nicName}`);
  switch (def.name) {
    case 'vscope.host.cpu.usage.perc':
      return banded(p.cpuPct, LOAD, 'office', phase, seed);
    case 'vscope.host.mem.usage.perc':
      return banded(p.memPct, MEMORY, 'office', phase, seed);
    case 'vscope.host.net.tx':
      return net('tx');
    case 'vscope.host.net.rx':
      return net('rx');
    case 'vscope.host.net.packetstx':
      return packetsFrom(net('tx'), seed);
    default:
      return packetsFrom(net('rx'), seed);
  }
}

/**
 * A demo VM's sampler follows its evolution: before DEMO_EVOLUTION.atSec its earlier profile and
 * vCPU count, from then on its later ones (the same as before for a VM that does not change).
 */
function vmSampler(def: MetricDef, vm: VmInfo, ctx: Ctx): Sampler {
  const before = vmEraSampler(
    def,
    vm,
    ctx,
    vmProfile(vm.moRef),
    vmCpuNumAt(vm.moRef, -Infinity) ?? vm.cpuNum,
  );
  const laterProfile = vmProfile(vm.moRef, DEMO_EVOLUTION.atSec);
  const laterCpuNum = vmCpuNumAt(vm.moRef, DEMO_EVOLUTION.atSec) ?? vm.cpuNum;
  if (
    laterProfile === vmProfile(vm.moRef) &&
    laterCpuNum === (vmCpuNumAt(vm.moRef, -Infinity) ?? vm.cpuNum)
  ) {
    return before;
  }
  const after = vmEraSampler(def, vm, ctx, laterProfile, laterCpuNum);
  return (t) => (t >= DEMO_EVOLUTION.atSec ? after(t) : before(t));
}

function vmEraSampler(def: MetricDef, vm: VmInfo, ctx: Ctx, p: VmProfile, cpuNumAt: number | null): Sampler {
  const phase = phaseOf(vm.moRef);
  const at = (name: string) => seedOf(ctx, `${name}|${vm.moRef}`);
  const band = (b: Band, shape: Shape, name: string) => banded(b, shape, p.rhythm, phase, at(name));
  const netRx = band(p.netKBps, LOAD, 'net.rx');
  const netTx0 = band(p.netKBps, LOAD, 'net.tx');
  const netTx: Sampler = (t) => netTx0(t) * 0.7;
  const ioRead = band(p.readIops, LOAD, 'io.read');
  const ioWrite = band(p.writeIops, LOAD, 'io.write');
  const seed = at(def.name);
  const cpuNum = cpuNumAt ?? 1;
  switch (def.name) {
    case 'vscope.vm.cpu.usage.perc':
      return band(p.cpuPct, LOAD, def.name);
    case 'vscope.vm.mem.usage.perc':
      return band(p.memPct, MEMORY, def.name);
    case 'vscope.vm.cpu.ready': {
      const pct = band(p.readyPct, READY, def.name);
      // Ready is milliseconds summed over the sample interval and every vCPU.
      return (t) => (pct(t) / 100) * DEMO_SAMPLE_INTERVAL_SEC * 1000 * cpuNum;
    }
    case 'vscope.vm.net.rx':
      return netRx;
    case 'vscope.vm.net.tx':
      return netTx;
    case 'vscope.vm.net.packetsrx':
      return packetsFrom(netRx, seed);
    case 'vscope.vm.net.packetstx':
      return packetsFrom(netTx, seed);
    case 'vscope.vm.disk.io.read':
      return ioRead;
    case 'vscope.vm.disk.io.write':
      return ioWrite;
    case 'vscope.vm.disk.bandwidth.read': {
      const blockKb = 24 + 40 * unit(seed, 3);
      return (t) => ioRead(t) * blockKb;
    }
    case 'vscope.vm.disk.bandwidth.write': {
      const blockKb = 16 + 32 * unit(seed, 3);
      return (t) => ioWrite(t) * blockKb;
    }
    case 'vscope.vm.disk.latency.read':
      return band(p.readLatencyMs, LATENCY, def.name);
    default:
      return band(p.writeLatencyMs, LATENCY, def.name);
  }
}

function filerSampler(filer: FilerInfo, ctx: Ctx): Sampler {
  const size = filer.sizeGb ?? 1024;
  const endPct = filer.sizeGb && filer.spaceUsedGb !== null ? (filer.spaceUsedGb / filer.sizeGb) * 100 : 50;
  const perDay = filerProfile(filer.name).pctPerDay;
  const seed = seedOf(ctx, `diskspace|${filer.name}`);
  return (t) => {
    const trend = endPct - (perDay * (ctx.anchorSec - t)) / DAY_SEC;
    const pct = Math.min(99.5, Math.max(1, trend + 0.04 * smoothNoise(seed, t, 14_400)));
    return (pct / 100) * size * KB_PER_GB;
  };
}

function tagsFor(ctx: Ctx, def: MetricDef, component: string, nic?: string): Record<string, string> {
  const tags: Record<string, string> = { ...ctx.baseTags, [def.componentTag]: component };
  if (nic !== undefined) tags.nicname = nic;
  return tags;
}

function* filerPlans(def: MetricDef, ctx: Ctx): Generator<Plan> {
  for (const filer of ctx.dc.filers) {
    const seriesSeed = seedOf(ctx, `${def.name}|${filer.name}`);
    const tags = tagsFor(ctx, def, filer.name);
    yield { metric: def.name, tags, seriesSeed, sample: filerSampler(filer, ctx), decimals: decimalsOf(def) };
  }
}

function* hostPlans(def: MetricDef, ctx: Ctx): Generator<Plan> {
  const tagKeys: readonly string[] = def.tagKeys;
  const nics = tagKeys.includes('nicname') ? NICS.length : 0;
  for (const host of ctx.dc.hosts) {
    const skip = isGap(host.name);
    for (let nic = 0; nic < Math.max(1, nics); nic++) {
      const nicName = nics > 0 ? NICS[nic] : undefined;
      const tags = tagsFor(ctx, def, host.name, nicName);
      const seriesSeed = seedOf(ctx, `${def.name}|${host.name}|${nicName ?? ''}`);
      const sample = hostSampler(def, host, nic, ctx);
      yield {
        metric: def.name,
        tags,
        seriesSeed,
        sample,
        decimals: decimalsOf(def),
        ...(skip ? { skip } : {}),
      };
    }
  }
}

function* vmPlans(def: MetricDef, ctx: Ctx): Generator<Plan> {
  for (const vm of ctx.dc.vms) {
    // A powered-off VM reports nothing: the report must notice the silence, not read zeros.
    if (vm.powerState === 'poweredOff') continue;
    const seriesSeed = seedOf(ctx, `${def.name}|${vm.moRef}`);
    const tags = tagsFor(ctx, def, vm.moRef);
    const fromSec = vmExistsFromSec(vm.moRef);
    yield {
      metric: def.name,
      tags,
      seriesSeed,
      sample: vmSampler(def, vm, ctx),
      decimals: decimalsOf(def),
      // A VM added during the range reports from its creation on.
      ...(fromSec === null ? {} : { skip: (t: number) => t < fromSec }),
    };
  }
}

function plansFor(def: MetricDef, ctx: Ctx): Generator<Plan> {
  if (def.kind === 'filer') return filerPlans(def, ctx);
  if (def.kind === 'host') return hostPlans(def, ctx);
  return vmPlans(def, ctx);
}

function render(plan: Plan, fromSec: number, toSec: number): DemoSeries | undefined {
  const step = DEMO_SAMPLE_INTERVAL_SEC;
  const first = Math.ceil(fromSec / step) * step;
  const capacity = Math.max(0, Math.ceil((toSec - first) / step));
  const timestamps = new Float64Array(capacity);
  const values = new Float64Array(capacity);
  // At least one second late: a sample exactly on the grid would share an end-aligned bucket
  // (t − 300, t] with the previous one on servers that align buckets to the query end.
  const delay = 1 + (hash2(plan.seriesSeed, 0x6a177e12) % MAX_COLLECTOR_DELAY_SEC);
  const round = 10 ** plan.decimals;
  let n = 0;
  for (let g = first; g < toSec; g += step) {
    if (plan.skip?.(g)) continue;
    timestamps[n] = g + delay + (hash2(plan.seriesSeed, g / step) % MAX_SAMPLE_WOBBLE_SEC);
    values[n] = Math.round(plan.sample(g) * round) / round;
    n++;
  }
  if (n === 0) return undefined;
  return {
    metric: plan.metric,
    tags: plan.tags,
    timestamps: n === capacity ? timestamps : timestamps.slice(0, n),
    values: n === capacity ? values : values.slice(0, n),
  };
}

/** Every series of the inventory over [fromSec, toSec): catalogue order, then component order. */
export function* generateDemoSeries(inventory: Inventory, range: DemoRange): Generator<DemoSeries> {
  const { fromSec, toSec } = range;
  if (!Number.isFinite(fromSec) || !Number.isFinite(toSec)) {
    throw new RangeError(`Demo range must be finite epoch seconds, got [${fromSec}, ${toSec})`);
  }
  for (const dc of inventory.datacenters) {
    const ctx: Ctx = {
      seed: range.seed ?? DEMO_DEFAULT_SEED,
      anchorSec: range.anchorSec ?? toSec,
      dc,
      baseTags: {
        datacenter: dc.tag,
        servicename: inventory.serviceName,
        servicetype: 'vscope',
        env: 'prod',
      },
    };
    for (const def of METRICS) {
      for (const plan of plansFor(def, ctx)) {
        const series = render(plan, fromSec, toSec);
        if (series) yield series;
      }
    }
  }
}
