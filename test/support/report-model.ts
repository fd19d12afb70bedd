/**
 * A realistic, deterministic report fixture: one service, one datacenter (or more), 3 hosts,
 * 13 VMs, 2 datastores, a week of 5-minute samples in Europe/Paris, and the ReportModel figures
 * computed from those very samples. Names exercise accents, a very long name that must wrap, and
 * markup that must be escaped. One VM has a 30-hour hole (coverage below 90 %), one has no series
 * at all, one query failed, and one series names a component the inventory does not know.
 *
 * Findings carry their translatable messages and, beside them, the English text those messages
 * must render to, written out by hand (so a test comparing the two checks the English catalogue).
 * The fleet's hour-of-week profiles and the datastores' trends and runways are computed here from
 * the samples, the textbook way.
 *
 * Samples come from a seeded generator, so every run (and every figure a test recomputes from the
 * series) is identical.
 */
import { DateTime } from 'luxon';
import { datacenterCapacity } from '../../lib/aggregate/capacity.ts';
import { datacenterRollup, distributions, hostRollups, topLists } from '../../lib/aggregate/rollups.ts';
import { type ComponentKind, type MetricName, metricsOf } from '../../lib/core/catalogue.ts';
import {
  type ComponentReport,
  type DatacenterInventory,
  type DatacenterReport,
  DERIVED,
  type DerivedName,
  type FetchGap,
  type Finding,
  type FleetProfile,
  type Message,
  type MessageParam,
  type MetricStats,
  type PowerState,
  type ReportModel,
  type Series,
  type SeriesSet,
  type Trend,
} from '../../lib/core/types.ts';

export const FIXTURE_SERVICE = 'pcc-192-0-2-10';
export const FIXTURE_ZONE = 'Europe/Paris';
export const FIXTURE_WEEK = '2026-W47';
export const XSS_VM_NAME = '<script>alert(1)</script>';
export const LONG_VM_NAME = 'dev-build-agent-with-a-very-long-name-that-must-wrap-in-every-table-01';
export const UNKNOWN_COMPONENT = 'vm-09999';

export interface FixtureOptions {
  /** VMs per datacenter (default 13: the named ones; more are added as `fleet-vm-NNN`). */
  readonly vmCount?: number;
  readonly datacenters?: number;
  readonly intervalSeconds?: number;
  /** Local midnight the week starts at, in Europe/Paris (default '2026-11-16', ISO week 2026-W47). */
  readonly weekStart?: string;
}

export interface Fixture {
  readonly model: ReportModel;
  readonly seriesSet: SeriesSet;
}

/** [base, daily amplitude] of a generated signal. */
type Shape = readonly [number, number];

interface VmSpec {
  readonly name: string;
  readonly cpuNum: number;
  readonly power: PowerState;
  readonly host: number;
  readonly cpu: Shape;
  readonly mem: Shape;
  /** CPU ready as % of one vCPU. */
  readonly ready: Shape;
  readonly writeLatencyMs: Shape;
  /** Hours of missing samples in the middle of the week. */
  readonly holeHours?: number;
  /** The metrics source has nothing for this VM. */
  readonly noSeries?: boolean;
}

const NAMED_VMS: readonly VmSpec[] = [
  {
    name: 'erp-db-01',
    cpuNum: 8,
    power: 'poweredOn',
    host: 0,
    cpu: [45, 50],
    mem: [70, 15],
    ready: [3, 10],
    writeLatencyMs: [8, 10],
  },
  {
    name: 'erp-app-01',
    cpuNum: 4,
    power: 'poweredOn',
    host: 0,
    cpu: [30, 30],
    mem: [55, 10],
    ready: [1, 3],
    writeLatencyMs: [2, 3],
  },
  {
    name: 'erp-app-02',
    cpuNum: 4,
    power: 'poweredOn',
    host: 1,
    cpu: [28, 30],
    mem: [52, 10],
    ready: [1, 2],
    writeLatencyMs: [2, 3],
  },
  {
    name: 'compta-entrepôt',
    cpuNum: 2,
    power: 'poweredOn',
    host: 1,
    cpu: [20, 45],
    mem: [60, 20],
    ready: [2, 4],
    writeLatencyMs: [8, 25],
  },
  {
    name: 'web-front-01',
    cpuNum: 2,
    power: 'poweredOn',
    host: 2,
    cpu: [15, 20],
    mem: [40, 5],
    ready: [0.5, 1],
    writeLatencyMs: [1, 2],
  },
  {
    name: 'web-front-02',
    cpuNum: 2,
    power: 'poweredOn',
    host: 2,
    cpu: [14, 20],
    mem: [41, 5],
    ready: [0.5, 1],
    writeLatencyMs: [1, 2],
  },
  {
    name: 'mail-relay',
    cpuNum: 1,
    power: 'poweredOn',
    host: 0,
    cpu: [5, 5],
    mem: [30, 2],
    ready: [0.2, 0.3],
    writeLatencyMs: [1, 1],
  },
  {
    name: 'backup-proxy',
    cpuNum: 4,
    power: 'poweredOn',
    host: 1,
    cpu: [10, 60],
    mem: [35, 30],
    ready: [1, 2],
    writeLatencyMs: [5, 12],
  },
  {
    name: LONG_VM_NAME,
    cpuNum: 8,
    power: 'poweredOn',
    host: 2,
    cpu: [25, 35],
    mem: [45, 25],
    ready: [2, 5],
    writeLatencyMs: [3, 6],
  },
  {
    name: 'bi-reporting',
    cpuNum: 4,
    power: 'poweredOn',
    host: 0,
    cpu: [35, 25],
    mem: [65, 10],
    ready: [1, 4],
    writeLatencyMs: [4, 6],
    holeHours: 30,
  },
  {
    name: XSS_VM_NAME,
    cpuNum: 1,
    power: 'poweredOn',
    host: 1,
    cpu: [12, 10],
    mem: [25, 5],
    ready: [0.3, 0.5],
    writeLatencyMs: [1, 2],
  },
  {
    name: 'fichiers-société',
    cpuNum: 2,
    power: 'poweredOn',
    host: 2,
    cpu: [8, 6],
    mem: [50, 5],
    ready: [0.4, 0.6],
    writeLatencyMs: [3, 4],
  },
  {
    name: 'legacy-app',
    cpuNum: 2,
    power: 'poweredOff',
    host: 2,
    cpu: [0, 0],
    mem: [0, 0],
    ready: [0, 0],
    writeLatencyMs: [0, 0],
    noSeries: true,
  },
];

const HOSTS = [
  { name: '10.0.0.11', cpu: [40, 35] as Shape, mem: [72, 8] as Shape },
  { name: '10.0.0.12', cpu: [35, 30] as Shape, mem: [65, 8] as Shape },
  { name: '10.0.0.13', cpu: [20, 25] as Shape, mem: [58, 6] as Shape },
];

const FILERS = [
  { name: 'ds-ssd-01', sizeGb: 2048, usedGb: 1480, growthGbPerDay: 6 },
  { name: 'ds-sata-entrepôt', sizeGb: 4096, usedGb: 3690, growthGbPerDay: 9 },
];

/** Metrics the fixture generates per kind; the others of the catalogue have no samples. */
export const GENERATED_METRICS = {
  host: [
    'vscope.host.cpu.usage.perc',
    'vscope.host.mem.usage.perc',
    'vscope.host.net.rx',
    'vscope.host.net.tx',
  ],
  vm: [
    'vscope.vm.cpu.usage.perc',
    'vscope.vm.mem.usage.perc',
    'vscope.vm.cpu.ready',
    'vscope.vm.disk.latency.write',
  ],
  filer: ['vscope.filer.datastore.diskspace.used'],
} as const satisfies Record<ComponentKind, readonly MetricName[]>;

const KB_PER_GB = 1024 * 1024;

function hashSeed(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: small, fast, good enough for test data. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Clock {
  readonly startSec: number;
  readonly intervalSeconds: number;
  readonly count: number;
  readonly timestamps: Float64Array;
  /** Local (Europe/Paris) offset in hours, constant over a November week. */
  readonly offsetHours: number;
}

/** A working-hours load curve: base + amplitude at 14:00 on weekdays, quieter at weekends, plus noise. */
function signal(clock: Clock, shape: Shape, seedText: string, max = 100): Float64Array {
  const rand = random(hashSeed(seedText));
  const values = new Float64Array(clock.count);
  const [base, amplitude] = shape;
  for (let i = 0; i < clock.count; i++) {
    const hours = (clock.timestamps[i] as number) / 3600 + clock.offsetHours;
    const hourOfDay = ((hours % 24) + 24) % 24;
    const dayIndex = Math.floor((i * clock.intervalSeconds) / 86_400);
    const weekend = dayIndex >= 5 ? 0.35 : 1;
    const daytime = hourOfDay >= 8 && hourOfDay <= 20 ? Math.sin((Math.PI * (hourOfDay - 8)) / 12) : 0;
    const noise = (rand() - 0.5) * 0.2 * (base + amplitude);
    values[i] = Math.min(max, Math.max(0, base + amplitude * daytime * weekend + noise));
  }
  return values;
}

function withHole(
  clock: Clock,
  values: Float64Array,
  hours: number,
): { timestamps: Float64Array; values: Float64Array } {
  const holeStart = Math.floor(clock.count / 2);
  const holeEnd = holeStart + Math.round((hours * 3600) / clock.intervalSeconds);
  const keep = (_: number, i: number): boolean => i < holeStart || i >= holeEnd;
  return { timestamps: clock.timestamps.filter(keep), values: values.filter(keep) };
}

function quantileSorted(sorted: Float64Array, q: number): number {
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const a = sorted[lower] as number;
  const b = sorted[upper] as number;
  return a + (b - a) * (position - lower);
}

/**
 * Figures of a series as the aggregation stage computes them (percentiles interpolated, standard
 * deviation over n), computed here the textbook way. Time-based figures (gaps, trend, profile)
 * are left empty: the documents' tests do not read them.
 */
export function statsOf(values: ArrayLike<number>, expected: number, intervalSeconds = 300): MetricStats {
  const finite = Float64Array.from(values).filter(Number.isFinite);
  const samples = finite.length;
  const coveragePct = expected > 0 ? Math.min(100, (samples / expected) * 100) : 0;
  const missingSeconds = Math.max(0, expected - samples) * intervalSeconds;
  const common = {
    samples,
    expected,
    coveragePct,
    intervalSeconds,
    intervalSource: 'requested' as const,
    gaps: { count: missingSeconds > 0 ? 1 : 0, missingSeconds, longestSeconds: missingSeconds, listed: [] },
    timeAbove: [],
    trend: null,
    profile: null,
  };
  if (samples === 0) {
    return {
      ...common,
      min: null,
      mean: null,
      max: null,
      stdDev: null,
      p50: null,
      p95: null,
      p99: null,
      peak: null,
      last: null,
    };
  }
  const sorted = finite.sort();
  const sum = sorted.reduce((total, v) => total + v, 0);
  const mean = sum / samples;
  const variance = sorted.reduce((total, v) => total + (v - mean) ** 2, 0) / samples;
  return {
    ...common,
    min: sorted[0] as number,
    mean,
    max: sorted[samples - 1] as number,
    stdDev: Math.sqrt(variance),
    p50: quantileSorted(sorted, 0.5),
    p95: quantileSorted(sorted, 0.95),
    p99: quantileSorted(sorted, 0.99),
    peak: null,
    last: null,
  };
}

const NO_SAMPLES = (expected: number): MetricStats => statsOf([], expected);

interface Builder {
  readonly clock: Clock;
  readonly tag: string;
  readonly series: Series[];
}

function addSeries(
  b: Builder,
  metric: MetricName,
  component: string,
  tags: Record<string, string>,
  data: { timestamps: Float64Array; values: Float64Array },
): MetricStats {
  b.series.push({
    metric,
    datacenterTag: b.tag,
    component,
    tags: { datacenter: b.tag, ...tags },
    timestamps: data.timestamps,
    values: data.values,
  });
  return statsOf(data.values, b.clock.count);
}

function metricsRecord(
  kind: ComponentKind,
  generated: Partial<Record<MetricName, MetricStats>>,
  expected: number,
): Partial<Record<MetricName, MetricStats>> {
  return Object.fromEntries(
    metricsOf(kind).map((m) => [m.name, generated[m.name as MetricName] ?? NO_SAMPLES(expected)]),
  );
}

function buildHost(b: Builder, host: (typeof HOSTS)[number], index: number): ComponentReport {
  const generated: Partial<Record<MetricName, MetricStats>> = {};
  const tags = { host: host.name };
  const nic = { ...tags, nicname: 'vmnic0' };
  const at = (values: Float64Array) => ({ timestamps: b.clock.timestamps, values });
  generated['vscope.host.cpu.usage.perc'] = addSeries(
    b,
    'vscope.host.cpu.usage.perc',
    host.name,
    tags,
    at(signal(b.clock, host.cpu, `${b.tag}${host.name}cpu`)),
  );
  generated['vscope.host.mem.usage.perc'] = addSeries(
    b,
    'vscope.host.mem.usage.perc',
    host.name,
    tags,
    at(signal(b.clock, host.mem, `${b.tag}${host.name}mem`)),
  );
  generated['vscope.host.net.rx'] = addSeries(
    b,
    'vscope.host.net.rx',
    host.name,
    nic,
    at(signal(b.clock, [2000, 6000], `${b.tag}${host.name}rx`, Number.POSITIVE_INFINITY)),
  );
  generated['vscope.host.net.tx'] = addSeries(
    b,
    'vscope.host.net.tx',
    host.name,
    nic,
    at(signal(b.clock, [1500, 4000], `${b.tag}${host.name}tx`, Number.POSITIVE_INFINITY)),
  );
  return {
    kind: 'host',
    key: host.name,
    displayName: host.name,
    details: { cpuMhz: 2300 * 32, cpuCores: 32, ramGb: 384, inMaintenance: false, hostId: 100 + index },
    metrics: metricsRecord('host', generated, b.clock.count),
    derived: {},
    nics: {},
    capacity: null,
    unavailable: [],
    missingSeries: false,
  };
}

function readyPctValues(readyMs: Float64Array, clock: Clock, cpuNum: number): Float64Array {
  return readyMs.map((ms) => ((ms / (clock.intervalSeconds * 1000)) * 100) / cpuNum);
}

function buildVm(b: Builder, spec: VmSpec, moRef: string, hostName: string): ComponentReport {
  const expected = b.clock.count;
  const generated: Partial<Record<MetricName, MetricStats>> = {};
  const derived: Partial<Record<DerivedName, MetricStats>> = {};
  if (!spec.noSeries) {
    const shape = (values: Float64Array) =>
      spec.holeHours ? withHole(b.clock, values, spec.holeHours) : { timestamps: b.clock.timestamps, values };
    const seed = `${b.tag}${moRef}`;
    const tags = { vm: moRef };
    generated['vscope.vm.cpu.usage.perc'] = addSeries(
      b,
      'vscope.vm.cpu.usage.perc',
      moRef,
      tags,
      shape(signal(b.clock, spec.cpu, `${seed}cpu`)),
    );
    generated['vscope.vm.mem.usage.perc'] = addSeries(
      b,
      'vscope.vm.mem.usage.perc',
      moRef,
      tags,
      shape(signal(b.clock, spec.mem, `${seed}mem`)),
    );
    const readyPct = signal(b.clock, spec.ready, `${seed}ready`);
    const readyMs = readyPct.map((pct) => (pct / 100) * b.clock.intervalSeconds * 1000 * spec.cpuNum);
    const ready = shape(readyMs);
    generated['vscope.vm.cpu.ready'] = addSeries(b, 'vscope.vm.cpu.ready', moRef, tags, ready);
    derived[DERIVED.cpuReadyPct] = statsOf(readyPctValues(ready.values, b.clock, spec.cpuNum), expected);
    generated['vscope.vm.disk.latency.write'] = addSeries(
      b,
      'vscope.vm.disk.latency.write',
      moRef,
      tags,
      shape(signal(b.clock, spec.writeLatencyMs, `${seed}lat`, Number.POSITIVE_INFINITY)),
    );
  } else {
    derived[DERIVED.cpuReadyPct] = NO_SAMPLES(expected);
  }
  return {
    kind: 'vm',
    key: moRef,
    displayName: spec.name,
    details: {
      moRef,
      cpuNum: spec.cpuNum,
      memoryMaxMb: spec.cpuNum * 4096,
      powerState: spec.power,
      snapshotNum: spec.noSeries ? 3 : 0,
      hostName,
    },
    metrics: metricsRecord('vm', generated, expected),
    derived,
    nics: {},
    capacity: null,
    unavailable: [],
    missingSeries: spec.noSeries === true,
  };
}

const DAY_SEC = 86_400;

/**
 * Ordinary least squares of `values` against days since the period's start: the slope, its
 * textbook standard error (residuals taken as independent) and the line's value at the end.
 */
export function leastSquares(clock: Clock, values: ArrayLike<number>): Trend {
  const n = values.length;
  const xs = Array.from(
    { length: n },
    (_, i) => ((clock.timestamps[i] as number) - clock.startSec) / DAY_SEC,
  );
  const meanX = xs.reduce((a, x) => a + x, 0) / n;
  let meanY = 0;
  for (let i = 0; i < n; i++) meanY += (values[i] as number) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += ((xs[i] as number) - meanX) * ((values[i] as number) - meanY);
    sxx += ((xs[i] as number) - meanX) ** 2;
  }
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += ((values[i] as number) - (intercept + slope * (xs[i] as number))) ** 2;
  const endDays = (clock.count * clock.intervalSeconds) / DAY_SEC;
  return {
    slopePerDay: slope,
    slopeStdErrPerDay: Math.sqrt(sse / (n - 2) / sxx),
    fittedAtEnd: intercept + slope * endDays,
  };
}

function buildFiler(b: Builder, filer: (typeof FILERS)[number]): ComponentReport {
  const growthPerSample = (filer.growthGbPerDay * b.clock.intervalSeconds) / 86_400;
  const usedKb = new Float64Array(b.clock.count).map(
    (_, i) => (filer.usedGb + growthPerSample * i) * KB_PER_GB,
  );
  const used = addSeries(
    b,
    'vscope.filer.datastore.diskspace.used',
    filer.name,
    { datastore: filer.name },
    { timestamps: b.clock.timestamps, values: usedKb },
  );
  const usedPct = usedKb.map((kb) => (kb / (filer.sizeGb * KB_PER_GB)) * 100);
  const usedNowGb = (usedKb[usedKb.length - 1] as number) / KB_PER_GB;
  const usedStats: MetricStats = {
    ...statsOf(usedPct, b.clock.count),
    trend: leastSquares(b.clock, usedPct),
  };
  return {
    kind: 'filer',
    key: filer.name,
    displayName: filer.name,
    details: {
      sizeGb: filer.sizeGb,
      spaceUsedGb: Math.round(usedNowGb),
      spaceFreeGb: Math.round(filer.sizeGb - usedNowGb),
      spaceProvisionedGb: filer.sizeGb * 1.4,
    },
    metrics: metricsRecord('filer', { 'vscope.filer.datastore.diskspace.used': used }, b.clock.count),
    derived: { [DERIVED.datastoreUsedPct]: usedStats },
    nics: {},
    capacity: {
      sizeGb: filer.sizeGb,
      usedGb: Math.round(usedNowGb),
      usedPct: (Math.round(usedNowGb) / filer.sizeGb) * 100,
      provisionedGb: filer.sizeGb * 1.4,
      overcommitRatio: 1.4,
    },
    unavailable: [],
    missingSeries: false,
  };
}

function fleetVm(index: number): VmSpec {
  const rand = random(hashSeed(`fleet${index}`));
  return {
    name: `fleet-vm-${String(index).padStart(3, '0')}`,
    cpuNum: 1 + Math.floor(rand() * 8),
    power: 'poweredOn',
    host: index % HOSTS.length,
    cpu: [rand() * 40, rand() * 50],
    mem: [20 + rand() * 40, rand() * 20],
    ready: [rand() * 3, rand() * 6],
    writeLatencyMs: [rand() * 5, rand() * 15],
  };
}

function buildDatacenter(clock: Clock, index: number, vmCount: number, series: Series[]): DatacenterReport {
  const datacenterId = 1 + index;
  const tag = `${FIXTURE_SERVICE}_datacenter${datacenterId}`;
  const b: Builder = { clock, tag, series };
  const hosts = HOSTS.map((host, i) => buildHost(b, host, i));
  const specs = Array.from({ length: vmCount }, (_, i) => NAMED_VMS[i] ?? fleetVm(i));
  const vms = specs.map((spec, i) =>
    buildVm(b, spec, `vm-${String(1200 + i).padStart(5, '0')}`, HOSTS[spec.host]?.name ?? '10.0.0.11'),
  );
  const filers = FILERS.map((filer) => buildFiler(b, filer));
  // A series the inventory does not know: reported, never dropped.
  addSeries(
    b,
    'vscope.vm.cpu.usage.perc',
    UNKNOWN_COMPONENT,
    { vm: UNKNOWN_COMPONENT },
    { timestamps: clock.timestamps, values: signal(clock, [10, 5], `${tag}unknown`) },
  );
  // Rollups only read names and live properties: a minimal inventory view of what was built.
  const inventory: DatacenterInventory = {
    datacenterId,
    name: `Datacenter ${datacenterId}`,
    tag,
    hosts: hosts.map((h, i) => ({
      hostId: 100 + i,
      name: h.key,
      tag: h.key,
      cpuMhz: 2300 * 32,
      cpuCores: 32,
      ramGb: 384,
      inMaintenance: false,
    })),
    vms: vms.map((vm) => ({
      vmId: Number(vm.key.slice(3)),
      moRef: vm.key,
      name: vm.displayName,
      tag: vm.key,
      powerState: vm.details.powerState as PowerState,
      cpuNum: vm.details.cpuNum as number,
      memoryMaxMb: vm.details.memoryMaxMb as number,
      snapshotNum: vm.details.snapshotNum as number,
      hostName: vm.details.hostName as string,
    })),
    filers: FILERS.map((f, i) => ({
      filerId: i + 1,
      name: f.name,
      tag: f.name,
      sizeGb: f.sizeGb,
      spaceUsedGb: f.usedGb,
      spaceFreeGb: f.sizeGb - f.usedGb,
      spaceProvisionedGb: f.sizeGb * 1.4,
    })),
  };
  return {
    datacenterId,
    name: `Datacenter ${datacenterId}`,
    tag,
    hosts,
    vms,
    filers,
    unknownComponents: [{ metric: 'vscope.vm.cpu.usage.perc', component: UNKNOWN_COMPONENT }],
    hostRollups: hostRollups(inventory, vms),
    rollup: datacenterRollup(inventory, hosts, vms),
    capacity: datacenterCapacity(hosts, vms, filers),
  };
}

function byName(dc: DatacenterReport, name: string): ComponentReport {
  const found = [...dc.hosts, ...dc.vms, ...dc.filers].find((c) => c.displayName === name);
  if (!found) throw new Error(`fixture has no component named ${name}`);
  return found;
}

const PERIOD_EVIDENCE = {
  label: FIXTURE_WEEK,
  startIso: '2026-11-16T00:00:00+01:00',
  endIso: '2026-11-23T00:00:00+01:00',
};

const msg = (key: string, params: Readonly<Record<string, MessageParam>> = {}): Message => ({ key, params });

/** Share (%) of the samples strictly above `threshold`. */
function shareAbove(values: ArrayLike<number>, threshold: number): number {
  const all = Array.from(values);
  return (all.filter((v) => v > threshold).length / all.length) * 100;
}

/** Confidence multiplier of the runway band, as the findings' default. */
export const FIXTURE_RUNWAY_Z = 2;

/** The runway a datastore-runway finding states, from the filer's used-% trend. */
function runwayOf(
  filer: ComponentReport,
  dc: DatacenterReport,
  period: typeof PERIOD_EVIDENCE,
  endMs: number,
): Finding | null {
  const trend = filer.derived[DERIVED.datastoreUsedPct]?.trend;
  if (!trend || trend.slopeStdErrPerDay === null) return null;
  const slope = trend.slopePerDay;
  const se = trend.slopeStdErrPerDay;
  const from = trend.fittedAtEnd;
  const spread = FIXTURE_RUNWAY_Z * se;
  const lines = [80, 90, 100]
    .filter((line) => line > from)
    .map((line) => ({
      line,
      days: (line - from) / slope,
      earliest: (line - from) / (slope + spread),
      latest: (line - from) / (slope - spread),
    }));
  const next = lines[0];
  if (!next) return null;
  // The rule's default levels: full within 7 days critical; 90 % or full within 30 days warning.
  const full = lines.find((l) => l.line === 100);
  const critical = lines.find((l) => l.line === 90);
  const severity: Finding['severity'] =
    full && full.days <= 7
      ? 'critical'
      : (critical && critical.days <= 30) || (full && full.days <= 30)
        ? 'warning'
        : 'info';
  const figures: Record<string, number> = {
    slopePctPerDay: slope,
    slopeStdErrPctPerDay: se,
    fittedEndPct: from,
    confidenceZ: FIXTURE_RUNWAY_Z,
  };
  for (const l of lines) {
    figures[`daysTo${l.line}Pct`] = l.days;
    figures[`daysTo${l.line}PctEarliest`] = l.earliest;
    figures[`daysTo${l.line}PctLatest`] = l.latest;
  }
  const date = DateTime.fromMillis(endMs + next.earliest * 86_400_000, { zone: FIXTURE_ZONE });
  const lineText = lines
    .map((l) => `${l.line} % in ${l.days.toFixed(1)} days (${l.earliest.toFixed(1)}–${l.latest.toFixed(1)})`)
    .join(', ');
  return {
    id: `datastore-runway:filer:${dc.tag}:${filer.key}`,
    rule: 'datastore-runway',
    severity,
    status: 'new',
    confidence: 'high',
    subject: {
      kind: 'filer',
      key: filer.key,
      displayName: filer.displayName,
      datacenterTag: dc.tag,
      datacenterName: dc.name,
    },
    title: 'Datastore runway',
    evidence: {
      summary: `Rising ${slope.toFixed(2)} points a day (standard error ${se.toFixed(3)}): ${lineText}, counted from the end of the period.`,
      figures,
      runway: {
        slopePctPerDay: slope,
        slopeStdErrPctPerDay: se,
        fittedEndPct: from,
        confidenceZ: FIXTURE_RUNWAY_Z,
        lines: lines.map((l) => ({
          linePct: l.line,
          days: l.days,
          daysEarliest: l.earliest,
          daysLatest: l.latest,
        })),
      },
      coveragePct: 100,
      period,
    },
    recommendation:
      `Act before ${date.toFormat('d LLL yyyy')}, the earliest date it may reach ${next.line} %: grow the datastore ` +
      `or move VMs away. The ranges are ± ${FIXTURE_RUNWAY_Z} standard errors of the slope and assume this period’s pace goes on.`,
    previousSeverity: null,
    messages: {
      title: msg('finding.datastoreRunway.title'),
      summary: [
        msg('finding.datastoreRunway.summary', {
          slope,
          stdErr: se,
          lines: lines.map((l) =>
            msg('finding.datastoreRunway.line', {
              line: l.line,
              days: l.days,
              earliest: l.earliest,
              latest: l.latest,
            }),
          ),
        }),
      ],
      recommendation: [
        msg('finding.datastoreRunway.recommendation', {
          date: date.toMillis(),
          line: next.line,
          z: FIXTURE_RUNWAY_Z,
        }),
      ],
    },
  };
}

/**
 * Findings over the fixture's figures, one per severity and status, each with its messages and
 * the English text they render to; plus a runway for every datastore whose trend reaches a line.
 */
function findingsOf(dc: DatacenterReport, seriesSet: readonly Series[], endMs: number): Finding[] {
  const erp = byName(dc, 'erp-db-01');
  const compta = byName(dc, 'compta-entrepôt');
  const sata = byName(dc, 'ds-sata-entrepôt');
  const legacy = byName(dc, 'legacy-app');
  const fix = (v: number | null | undefined): string => (v ?? Number.NaN).toFixed(1);
  const subject = (c: ComponentReport) => ({
    kind: c.kind,
    key: c.key,
    displayName: c.displayName,
    datacenterTag: dc.tag,
    datacenterName: dc.name,
  });
  const finding = (
    rule: string,
    c: ComponentReport,
    severity: Finding['severity'],
    status: Finding['status'],
    text: { title: string; summary: string; recommendation: string },
    messages: NonNullable<Finding['messages']>,
  ): Finding => ({
    id: `${rule}:${c.kind}:${dc.tag}:${c.key}`,
    rule,
    severity,
    status,
    confidence: 'high',
    subject: subject(c),
    title: text.title,
    evidence: { summary: text.summary, figures: {}, coveragePct: 100, period: PERIOD_EVIDENCE },
    recommendation: text.recommendation,
    previousSeverity: status === 'persisting' ? severity : null,
    messages,
  });
  const sataMax = sata.derived[DERIVED.datastoreUsedPct]?.max ?? null;
  const ready = erp.derived[DERIVED.cpuReadyPct];
  const erpHost = dc.hostRollups.find((h) => h.host === erp.details.hostName);
  const writes = seriesSet.find(
    (s) =>
      s.datacenterTag === dc.tag && s.metric === 'vscope.vm.disk.latency.write' && s.component === compta.key,
  );
  const write = compta.metrics['vscope.vm.disk.latency.write'];
  const writeShare = writes ? shareAbove(writes.values, 20) : null;
  const found = [
    finding(
      'datastore-fullness',
      sata,
      'critical',
      'persisting',
      {
        title: 'Datastore almost full',
        summary: `Used ${fix(sataMax)} % of 4,096 GB at the end of the period (highest ${fix(sataMax)} %); provisioned 140.0 % of its size.`,
        recommendation:
          'Free space (old snapshots, orphaned disks, unused templates), or grow the datastore. ' +
          'Thin disks here could claim 1,638 GB more than the datastore holds.',
      },
      {
        title: msg('finding.datastoreFullness.title'),
        summary: [
          msg('finding.datastoreFullness.summaryProvisioned', {
            used: sataMax,
            size: 4096,
            max: sataMax,
            provisioned: 140,
          }),
        ],
        recommendation: [
          msg('finding.datastoreFullness.recommendation'),
          msg('finding.datastoreFullness.thin', { gb: 1638 }),
        ],
      },
    ),
    finding(
      'cpu-contention',
      erp,
      'warning',
      'new',
      {
        title: 'CPU contention',
        summary: `CPU ready p95 ${fix(ready?.p95)} % per vCPU (mean ${fix(ready?.mean)} %, max ${fix(ready?.max)} %) on 8 vCPU.`,
        recommendation:
          `The VM waits for physical CPU. Rebalance host ${erpHost?.host} (${erpHost?.vmCount} VMs, ${erpHost?.vcpuTotal} vCPU) ` +
          'or add host capacity; do not take vCPUs or memory away from this VM while it waits.',
      },
      {
        title: msg('finding.cpuContention.title'),
        summary: [
          msg('finding.cpuContention.summary', {
            statistic: 'p95',
            value: ready?.p95 ?? null,
            mean: ready?.mean ?? null,
            max: ready?.max ?? null,
            cpuNum: 8,
            critical: 10,
            hours: null,
          }),
        ],
        recommendation: [
          msg('finding.cpuContention.recommendation', {
            where: [
              msg('finding.cpuContention.whereHost', {
                host: erpHost?.host ?? '',
                vms: erpHost?.vmCount ?? null,
                vcpus: erpHost?.vcpuTotal ?? null,
              }),
            ],
          }),
        ],
      },
    ),
    finding(
      'storage-latency',
      compta,
      'warning',
      'new',
      {
        title: 'Storage latency worth a look',
        summary:
          'Disk latency read above 20 ms for — % of the samples (p50 — ms, p95 — ms); ' +
          `write above 20 ms for ${fix(writeShare)} % of the samples (p50 ${fix(write?.p50)} ms, p95 ${fix(write?.p95)} ms).`,
        recommendation:
          'Latency above 20 ms most of the time slows every I/O of the VM (above 10 ms is already slow for flash). ' +
          'Look at the datastore it runs on: other busy VMs there, queue depth, or move its disks to a faster datastore (Storage vMotion).',
      },
      {
        title: msg('finding.storageLatency.titleWarning'),
        summary: [
          msg('finding.storageLatency.summary', {
            directions: [
              msg('finding.storageLatency.read', { critical: 20, share: null, p50: null, p95: null }),
              msg('finding.storageLatency.write', {
                critical: 20,
                share: writeShare,
                p50: write?.p50 ?? null,
                p95: write?.p95 ?? null,
              }),
            ],
          }),
        ],
        recommendation: [msg('finding.storageLatency.recommendation', { critical: 20, warn: 10 })],
      },
    ),
    finding(
      'vm-powered-off',
      legacy,
      'info',
      'persisting',
      {
        title: 'Powered-off VM',
        summary: 'Powered off (2 vCPU, 8.0 GB configured); no samples expected.',
        recommendation:
          'Delete it if nobody needs it, or turn it into a template: its disks still take datastore space.',
      },
      {
        title: msg('finding.vmPoweredOff.title'),
        summary: [msg('finding.vmPoweredOff.summary', { cpuNum: 2, memoryGb: 8 })],
        recommendation: [msg('finding.vmPoweredOff.recommendation')],
      },
    ),
  ];
  const runways = dc.filers
    .map((filer) => runwayOf(filer, dc, PERIOD_EVIDENCE, endMs))
    .filter((f): f is Finding => f !== null);
  return [...found, ...runways];
}

/** A finding of the previous week that no longer holds, as an older report stored it: no messages. */
function resolvedOf(dc: DatacenterReport): Finding[] {
  const web = byName(dc, 'web-front-01');
  return [
    {
      id: `snapshot-sprawl:vm:${dc.tag}:${web.key}`,
      rule: 'snapshot-sprawl',
      severity: 'warning',
      status: 'resolved',
      confidence: 'high',
      subject: {
        kind: 'vm',
        key: web.key,
        displayName: web.displayName,
        datacenterTag: dc.tag,
        datacenterName: dc.name,
      },
      title: 'Snapshot sprawl',
      evidence: {
        summary: '5 snapshots (more than 2).',
        figures: { snapshotNum: 5 },
        coveragePct: null,
        period: {
          label: '2026-W46',
          startIso: '2026-11-09T00:00:00+01:00',
          endIso: '2026-11-16T00:00:00+01:00',
        },
      },
      recommendation: 'Consolidate or delete old snapshots.',
      previousSeverity: 'warning',
    },
  ];
}

/** Hour of the week (Monday 00h = 0) of each instant, in the fixture's zone. */
function hourOfWeek(epochSec: number): number {
  const local = DateTime.fromSeconds(epochSec, { zone: FIXTURE_ZONE });
  return (local.weekday - 1) * 24 + local.hour;
}

/** Mean of every sample of `metric` per local hour of the week, over all its series. */
function fleetProfile(series: readonly Series[], kind: ComponentKind, metric: MetricName): FleetProfile {
  const sums = new Float64Array(168);
  const counts = new Float64Array(168);
  const cells = new Map<number, number>();
  for (const s of series) {
    if (s.metric !== metric || s.component === UNKNOWN_COMPONENT) continue;
    for (let i = 0; i < s.timestamps.length; i++) {
      const t = s.timestamps[i] as number;
      let cell = cells.get(t);
      if (cell === undefined) {
        cell = hourOfWeek(t);
        cells.set(t, cell);
      }
      sums[cell] = (sums[cell] as number) + (s.values[i] as number);
      counts[cell] = (counts[cell] as number) + 1;
    }
  }
  return {
    kind,
    metric,
    cells: Array.from(sums, (sum, i) =>
      (counts[i] as number) > 0 ? Math.round((sum / (counts[i] as number)) * 100) / 100 : null,
    ),
  };
}

function coverageOf(datacenters: readonly DatacenterReport[]): ReportModel['coverage'] {
  let expected = 0;
  let received = 0;
  for (const dc of datacenters) {
    for (const c of [...dc.hosts, ...dc.vms, ...dc.filers]) {
      for (const metric of GENERATED_METRICS[c.kind] as readonly MetricName[]) {
        expected += c.metrics[metric]?.expected ?? 0;
        received += c.metrics[metric]?.samples ?? 0;
      }
    }
  }
  return { expected, received, pct: expected > 0 ? (received / expected) * 100 : 0 };
}

/** Since 2026-W46: the first VM was resized from 4 to its vCPU count and a VM was removed. */
function changesOf(datacenters: readonly DatacenterReport[]): ReportModel['changes'] {
  const dc = datacenters[0];
  const vm = dc?.vms[0];
  if (!dc || !vm) return { previousLabel: '2026-W46', found: true, events: [], keyFigures: [], figures: [] };
  const on = { componentKind: 'vm' as const, datacenterTag: dc.tag };
  return {
    previousLabel: '2026-W46',
    found: true,
    events: [
      { ...on, kind: 'removed', key: 'vm-09001', displayName: 'reporting-01', before: null, after: null },
      {
        ...on,
        kind: 'vcpu',
        key: vm.key,
        displayName: vm.displayName,
        before: 4,
        after: vm.details.cpuNum ?? null,
      },
    ],
    keyFigures: [
      {
        componentKind: 'datacenter',
        key: dc.tag,
        displayName: dc.name,
        datacenterTag: dc.tag,
        figure: 'vms',
        previous: dc.vms.length + 1,
        current: dc.vms.length,
        delta: -1,
      },
    ],
    figures: [],
  };
}

/** Builds the fixture: a ReportModel and the SeriesSet its figures were computed from. */
export function buildReportFixture(options: FixtureOptions = {}): Fixture {
  const intervalSeconds = options.intervalSeconds ?? 300;
  const start = DateTime.fromISO(options.weekStart ?? '2026-11-16', { zone: FIXTURE_ZONE }).startOf('day');
  const end = start.plus({ weeks: 1 });
  const startSec = start.toSeconds();
  const count = Math.round((end.toSeconds() - startSec) / intervalSeconds);
  const clock: Clock = {
    startSec,
    intervalSeconds,
    count,
    timestamps: Float64Array.from({ length: count }, (_, i) => startSec + i * intervalSeconds),
    offsetHours: start.offset / 60,
  };
  const series: Series[] = [];
  const datacenters = Array.from({ length: options.datacenters ?? 1 }, (_, i) =>
    buildDatacenter(clock, i, options.vmCount ?? NAMED_VMS.length, series),
  );
  const gaps: FetchGap[] = datacenters.map((dc) => ({
    metric: 'vscope.vm.disk.latency.read',
    datacenterTag: dc.tag,
    components: [],
    reason: 'HTTP 504 from the metrics endpoint after 3 attempts',
  }));
  const period = {
    kind: 'week' as const,
    label: start.toFormat("kkkk-'W'WW"),
    startMs: start.toMillis(),
    endMs: end.toMillis(),
    timeZone: FIXTURE_ZONE,
  };
  const model: ReportModel = {
    schemaVersion: 2,
    generator: { name: 'vscope-reports', version: '0.1.0' },
    serviceName: FIXTURE_SERVICE,
    period: { ...period, startIso: start.toISO() ?? '', endIso: end.toISO() ?? '' },
    generatedAt: '2026-11-23T06:00:00.000Z',
    intervalSeconds,
    coverage: coverageOf(datacenters),
    datacenters,
    fleet: {
      top: topLists(datacenters, 10),
      distributions: distributions(datacenters),
      profiles: [
        fleetProfile(series, 'host', 'vscope.host.cpu.usage.perc'),
        fleetProfile(series, 'vm', 'vscope.vm.cpu.usage.perc'),
      ],
    },
    findings: datacenters.flatMap((dc) => findingsOf(dc, series, end.toMillis())),
    resolvedFindings: datacenters.flatMap(resolvedOf),
    comparison: { previousLabel: '2026-W46', found: true, note: 'Compared with the report for 2026-W46.' },
    gaps,
    changes: changesOf(datacenters),
    summaries: { file: 'summaries.json', series: series.length, days: 7 },
  };
  return { model, seriesSet: { period, intervalSeconds, series, gaps, requests: 12 } };
}

/** The fixture series of `metric` for `component` (moRef, host or datastore name); throws when absent. */
export function findSeries(seriesSet: SeriesSet, metric: MetricName, component: string): Series {
  const found = seriesSet.series.find((s) => s.metric === metric && s.component === component);
  if (!found) throw new Error(`fixture has no ${metric} series for ${component}`);
  return found;
}
