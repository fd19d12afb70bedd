/**
 * The demo's synthetic Hosted Private Cloud: one datacenter, four hosts, fifteen VMs and three
 * datastores, with a handful of planted conditions a good report must find (and nothing else
 * that looks alarming). The load profiles here drive `generate.ts`.
 */
import type { FilerInfo, HostInfo, Inventory, PowerState, VmInfo } from '../../lib/core/types.ts';

export const DEMO_SERVICE = {
  serviceName: 'pcc-192-0-2-10',
  datacenterId: 1842,
  datacenterName: 'Datacenter Paris',
  datacenterTag: 'pcc-192-0-2-10_datacenter1842',
} as const;

/** The components that carry a planted condition, and the numbers a report should find. */
export const DEMO_PLANTED = {
  /** Sustained CPU ready of 12–16 % per vCPU (contention), 8 vCPUs. */
  highCpuReadyVm: { name: 'erp-db-01', moRef: 'vm-01204', cpuNum: 8, readyPctPerVcpu: { min: 12, max: 16 } },
  /** Near-zero CPU (0.3–1 %), network and disk: a decommissioning candidate. */
  idleVm: { name: 'legacy-ftp', moRef: 'vm-01213', cpuPct: { min: 0.3, max: 1 } },
  /** Used space rising linearly, ending near 88.5 % of its size (warn 80 %, critical 90 %). */
  fillingFiler: { name: 'pcc-000445', endUsedPct: 88.5, pctPerDay: 0.65 },
  /** No sample for any metric on Wednesdays 01:00–07:00 UTC, once per ISO week. */
  gapHost: { name: '172.17.86.53', weekdayUtc: 3, fromHourUtc: 1, toHourUtc: 7 },
  /** Disk latency sustained around 25 ms (read) and 35 ms (write). */
  slowDiskVm: { name: 'compta-entrepôt', moRef: 'vm-01212', readLatencyMs: 25, writeLatencyMs: 35 },
  /** Powered off: in the inventory, with no series at all. */
  poweredOffVm: { name: 'old-template', moRef: 'vm-01215' },
} as const;

/**
 * The demo datacenter evolves once: from Monday 2026-11-23 00:00 Europe/Paris (23:00 UTC the day
 * before), `reporting-02` exists, `erp-db-01` has 12 vCPU instead of 8 and no longer waits for CPU
 * (its ready falls under the 5 % warning line), and `pcc-000445` keeps filling from its planted
 * 88.5 %, crossing 90 % on the Wednesday of that week (2026-W48). Weeks before are as they always were.
 */
export const DEMO_EVOLUTION = {
  atSec: Date.UTC(2026, 10, 22, 23, 0, 0) / 1000,
  addedVm: { name: 'reporting-02', moRef: 'vm-01216', cpuNum: 4, memoryMaxMb: 16_384 },
  resizedVm: {
    name: 'erp-db-01',
    moRef: 'vm-01204',
    cpuNumBefore: 8,
    cpuNumAfter: 12,
    readyPctPerVcpu: { min: 2.5, max: 4.5 },
  },
  filler: { name: 'pcc-000445', crossesPct: 90 },
} as const;

/** A [night, busy-hours] range a value moves within as activity goes from 0 to 1. */
export type Band = readonly [low: number, high: number];

/** When a workload is busy. */
export type Rhythm = 'office' | 'night-batch' | 'flat';

export interface HostProfile {
  readonly cpuPct: Band;
  readonly memPct: Band;
  /** Throughput of the busiest NIC, kB/s. */
  readonly netKBps: Band;
}

export interface VmProfile {
  readonly rhythm: Rhythm;
  readonly cpuPct: Band;
  readonly memPct: Band;
  /** CPU ready as % of one vCPU's time. */
  readonly readyPct: Band;
  readonly netKBps: Band;
  readonly readIops: Band;
  readonly writeIops: Band;
  readonly readLatencyMs: Band;
  readonly writeLatencyMs: Band;
}

export interface FilerProfile {
  /** Percentage points of the size gained per day. */
  readonly pctPerDay: number;
}

interface VmSpec {
  readonly moRef: string;
  readonly name: string;
  readonly cpuNum: number;
  readonly memoryMaxMb: number;
  readonly snapshotNum: number;
  readonly hostName: string;
  readonly powerState: PowerState;
  readonly profile: VmProfile;
  /** The VM exists from this instant (epoch seconds) on; always when absent. */
  readonly fromSec?: number;
  /** What the VM becomes from DEMO_EVOLUTION.atSec on. */
  readonly evolved?: { readonly cpuNum: number; readonly profile: VmProfile };
}

const HOSTS = ['172.17.86.51', '172.17.86.52', '172.17.86.53', '172.17.86.54'] as const;
const [H1, H2, H3, H4] = HOSTS;

/** Two sockets of 16 cores at 2.6 GHz, as APIv6 reports host CPU capacity in MHz. */
const HOST_CPU_MHZ = 2 * 16 * 2600;
const HOST_CPU_CORES = 2 * 16;

const HOST_PROFILES: Readonly<Record<string, HostProfile & { readonly ramGb: number }>> = {
  [H1]: { ramGb: 768, cpuPct: [18, 55], memPct: [52, 66], netKBps: [900, 24_000] },
  [H2]: { ramGb: 768, cpuPct: [20, 58], memPct: [48, 64], netKBps: [800, 21_000] },
  [H3]: { ramGb: 384, cpuPct: [15, 44], memPct: [44, 58], netKBps: [600, 16_000] },
  [H4]: { ramGb: 384, cpuPct: [16, 50], memPct: [55, 72], netKBps: [700, 18_000] },
};

const HEALTHY_READY: Band = [0.1, 1.2];
const SSD_READ_LATENCY: Band = [0.6, 2.4];
const SSD_WRITE_LATENCY: Band = [0.8, 3.4];

function office(cpuPct: Band, memPct: Band, netKBps: Band, readIops: Band, writeIops: Band): VmProfile {
  return {
    rhythm: 'office',
    cpuPct,
    memPct,
    readyPct: HEALTHY_READY,
    netKBps,
    readIops,
    writeIops,
    readLatencyMs: SSD_READ_LATENCY,
    writeLatencyMs: SSD_WRITE_LATENCY,
  };
}

const VMS: readonly VmSpec[] = [
  vm('vm-01201', 'web-01', 2, 4096, 0, H1, office([8, 42], [35, 55], [60, 4200], [2, 40], [4, 60])),
  vm('vm-01202', 'web-02', 2, 4096, 0, H2, office([7, 40], [34, 52], [50, 3900], [2, 38], [4, 55])),
  vm('vm-01203', 'api-01', 4, 8192, 0, H3, office([9, 48], [40, 62], [80, 5200], [5, 90], [8, 120])),
  {
    ...vm('vm-01204', 'erp-db-01', 8, 65_536, 1, H1, {
      ...office([30, 54], [58, 70], [200, 3800], [80, 650], [60, 480]),
      readyPct: [12.6, 15.4],
    }),
    evolved: {
      cpuNum: DEMO_EVOLUTION.resizedVm.cpuNumAfter,
      profile: {
        ...office([30, 54], [58, 70], [200, 3800], [80, 650], [60, 480]),
        readyPct: [
          DEMO_EVOLUTION.resizedVm.readyPctPerVcpu.min,
          DEMO_EVOLUTION.resizedVm.readyPctPerVcpu.max,
        ],
      },
    },
  },
  vm(
    'vm-01205',
    'erp-app-01',
    4,
    16_384,
    0,
    H2,
    office([10, 50], [45, 66], [150, 4600], [10, 120], [10, 140]),
  ),
  vm('vm-01206', 'mail-01', 2, 8192, 0, H4, office([6, 30], [40, 60], [40, 2600], [6, 70], [10, 110])),
  vm('vm-01207', 'files-01', 2, 4096, 2, H3, office([5, 22], [30, 45], [80, 6800], [8, 160], [6, 120])),
  vm('vm-01208', 'backup-proxy', 4, 8192, 0, H4, {
    ...office([6, 52], [30, 50], [20, 9500], [2, 420], [2, 650]),
    rhythm: 'night-batch',
  }),
  vm('vm-01209', 'monitoring', 2, 8192, 0, H1, {
    ...office([14, 26], [50, 64], [120, 700], [10, 30], [25, 70]),
    rhythm: 'flat',
  }),
  vm('vm-01210', 'dns-01', 1, 2048, 0, H2, office([5, 12], [28, 36], [10, 260], [0.5, 4], [0.5, 6])),
  vm(
    'vm-01211',
    'bi-réplica',
    16,
    131_072,
    0,
    H3,
    office([5, 24], [32, 48], [100, 3200], [20, 380], [10, 140]),
  ),
  vm('vm-01212', 'compta-entrepôt', 4, 16_384, 1, H4, {
    ...office([8, 38], [42, 60], [60, 2100], [20, 220], [15, 180]),
    readLatencyMs: [22.5, 27.5],
    writeLatencyMs: [31.5, 38.5],
  }),
  vm('vm-01213', 'legacy-ftp', 1, 2048, 0, H1, {
    rhythm: 'flat',
    cpuPct: [0.3, 1],
    memPct: [26, 30],
    readyPct: [0.01, 0.05],
    netKBps: [0, 1.5],
    readIops: [0, 0.4],
    writeIops: [0, 0.3],
    readLatencyMs: [0.5, 1.2],
    writeLatencyMs: [0.6, 1.5],
  }),
  vm(
    'vm-01214',
    'build-agent-01',
    8,
    16_384,
    0,
    H2,
    office([5, 55], [28, 62], [30, 5600], [5, 260], [10, 420]),
  ),
  {
    ...vm('vm-01215', 'old-template', 2, 4096, 0, H3, office([5, 10], [25, 30], [0, 1], [0, 1], [0, 1])),
    powerState: 'poweredOff',
  },
  {
    ...vm(
      DEMO_EVOLUTION.addedVm.moRef,
      DEMO_EVOLUTION.addedVm.name,
      DEMO_EVOLUTION.addedVm.cpuNum,
      DEMO_EVOLUTION.addedVm.memoryMaxMb,
      0,
      H4,
      office([8, 36], [38, 58], [60, 2400], [10, 140], [5, 60]),
    ),
    fromSec: DEMO_EVOLUTION.atSec,
  },
];

function vm(
  moRef: string,
  name: string,
  cpuNum: number,
  memoryMaxMb: number,
  snapshotNum: number,
  hostName: string,
  profile: VmProfile,
): VmSpec {
  return { moRef, name, cpuNum, memoryMaxMb, snapshotNum, hostName, powerState: 'poweredOn', profile };
}

interface FilerSpec {
  readonly filerId: number;
  readonly name: string;
  readonly sizeGb: number;
  readonly endUsedPct: number;
  readonly provisionedRatio: number;
  readonly profile: FilerProfile;
}

const FILERS: readonly FilerSpec[] = [
  {
    filerId: 443,
    name: 'pcc-000443',
    sizeGb: 2048,
    endUsedPct: 58,
    provisionedRatio: 0.9,
    profile: { pctPerDay: 0.04 },
  },
  {
    filerId: 444,
    name: 'pcc-000444',
    sizeGb: 2048,
    endUsedPct: 41.2,
    provisionedRatio: 0.75,
    profile: { pctPerDay: 0.02 },
  },
  {
    filerId: 445,
    name: DEMO_PLANTED.fillingFiler.name,
    sizeGb: 4096,
    endUsedPct: DEMO_PLANTED.fillingFiler.endUsedPct,
    provisionedRatio: 1.4,
    profile: { pctPerDay: DEMO_PLANTED.fillingFiler.pctPerDay },
  },
];

/** Used % of a datastore at `asOfSec`: its planted level, plus growth since the evolution for the filling one. */
function usedPctAt(spec: FilerSpec, asOfSec: number): number {
  const since = asOfSec - DEMO_EVOLUTION.atSec;
  if (spec.name !== DEMO_EVOLUTION.filler.name || since <= 0) return spec.endUsedPct;
  return spec.endUsedPct + (spec.profile.pctPerDay * since) / 86_400;
}

/**
 * The demo inventory as APIv6 would describe it at `asOfSec` (epoch seconds; before the evolution
 * when omitted). For a report, pass the last second of its period: the inventory as of its end.
 * Filer space figures match the series' values at that instant.
 */
export function demoInventory(asOfSec = Number.NEGATIVE_INFINITY): Inventory {
  const evolved = asOfSec >= DEMO_EVOLUTION.atSec;
  const hosts: HostInfo[] = HOSTS.map((name, i) => ({
    hostId: 3101 + i,
    name,
    tag: name,
    cpuMhz: HOST_CPU_MHZ,
    cpuCores: HOST_CPU_CORES,
    ramGb: HOST_PROFILES[name]?.ramGb ?? null,
    inMaintenance: false,
  }));
  const vms: VmInfo[] = VMS.filter((spec) => spec.fromSec === undefined || asOfSec >= spec.fromSec).map(
    (spec) => ({
      vmId: Number(spec.moRef.slice(3)),
      moRef: spec.moRef,
      name: spec.name,
      tag: spec.moRef,
      powerState: spec.powerState,
      cpuNum: evolved && spec.evolved ? spec.evolved.cpuNum : spec.cpuNum,
      memoryMaxMb: spec.memoryMaxMb,
      snapshotNum: spec.snapshotNum,
      hostName: spec.hostName,
      datastores: [datastoreOf(spec)],
    }),
  );
  const filers: FilerInfo[] = FILERS.map((spec) => {
    const used = Math.round((usedPctAt(spec, asOfSec) * spec.sizeGb) / 100);
    return {
      filerId: spec.filerId,
      name: spec.name,
      tag: spec.name,
      sizeGb: spec.sizeGb,
      spaceUsedGb: used,
      spaceFreeGb: spec.sizeGb - used,
      spaceProvisionedGb: Math.round(spec.sizeGb * spec.provisionedRatio),
    };
  });
  return {
    serviceName: DEMO_SERVICE.serviceName,
    datacenters: [
      {
        datacenterId: DEMO_SERVICE.datacenterId,
        name: DEMO_SERVICE.datacenterName,
        tag: DEMO_SERVICE.datacenterTag,
        hosts,
        vms,
        filers,
      },
    ],
  };
}

const DEFAULT_HOST_PROFILE: HostProfile = { cpuPct: [18, 50], memPct: [45, 65], netKBps: [600, 15_000] };
const DEFAULT_VM_PROFILE: VmProfile = office([6, 35], [30, 55], [40, 2500], [2, 60], [3, 80]);
const DEFAULT_FILER_PROFILE: FilerProfile = { pctPerDay: 0.03 };

/** The datastore holding a VM's disks: spread over the datastores in the order of the VM list. */
function datastoreOf(spec: VmSpec): string {
  const index = Math.max(0, VMS.indexOf(spec));
  return FILERS[index % FILERS.length]?.name ?? 'pcc-000443';
}

const VM_SPECS: ReadonlyMap<string, VmSpec> = new Map(VMS.map((s) => [s.moRef, s]));
const FILER_PROFILES: ReadonlyMap<string, FilerProfile> = new Map(FILERS.map((s) => [s.name, s.profile]));

/** The load profile of a host, by name; components outside the demo get an ordinary healthy one. */
export function hostProfile(name: string): HostProfile {
  return HOST_PROFILES[name] ?? DEFAULT_HOST_PROFILE;
}

/** The load profile of a VM at `atSec` (epoch seconds; before the evolution when omitted), by moRef. */
export function vmProfile(moRef: string, atSec = Number.NEGATIVE_INFINITY): VmProfile {
  const spec = VM_SPECS.get(moRef);
  if (!spec) return DEFAULT_VM_PROFILE;
  return spec.evolved && atSec >= DEMO_EVOLUTION.atSec ? spec.evolved.profile : spec.profile;
}

/** The vCPU count of a demo VM at `atSec`, or null for a VM outside the demo. */
export function vmCpuNumAt(moRef: string, atSec: number): number | null {
  const spec = VM_SPECS.get(moRef);
  if (!spec) return null;
  return spec.evolved && atSec >= DEMO_EVOLUTION.atSec ? spec.evolved.cpuNum : spec.cpuNum;
}

/** When a demo VM starts to exist (epoch seconds), or null when it always has. */
export function vmExistsFromSec(moRef: string): number | null {
  return VM_SPECS.get(moRef)?.fromSec ?? null;
}

/** The growth profile of a datastore, by name. */
export function filerProfile(name: string): FilerProfile {
  return FILER_PROFILES.get(name) ?? DEFAULT_FILER_PROFILE;
}

/**
 * The demo service with `count` datacenters (1 to 9): the demo datacenter, then copies of it
 * under their own ids, tags and component names, whose components take the ordinary load
 * profiles (the planted conditions stay in the first). For reports made per datacenter and merged.
 */
export function demoInventoryOfDatacenters(count: number): Inventory {
  if (!Number.isInteger(count) || count < 1 || count > 9) {
    throw new RangeError(`The demo has 1 to 9 datacenters, not ${count}`);
  }
  const base = demoInventory();
  const [first] = base.datacenters;
  if (!first) throw new RangeError('The demo inventory has no datacenter');
  const copies = Array.from({ length: count - 1 }, (_, n) => {
    const i = n + 1;
    const id = DEMO_SERVICE.datacenterId + i;
    const host = (name: string) => name.replace(/^172\.17\.86\./, `172.17.${86 + i}.`);
    return {
      datacenterId: id,
      name: `${DEMO_SERVICE.datacenterName} ${i + 1}`,
      tag: `${DEMO_SERVICE.serviceName}_datacenter${id}`,
      hosts: first.hosts.map((h) => ({
        ...h,
        hostId: h.hostId + 100 * i,
        name: host(h.name),
        tag: host(h.tag),
      })),
      vms: first.vms.map((v) => {
        const moRef = `vm-${i}${v.moRef.slice(4)}`;
        return {
          ...v,
          vmId: Number(moRef.slice(3)),
          moRef,
          tag: moRef,
          name: `${v.name}-${i + 1}`,
          hostName: v.hostName === null ? null : host(v.hostName),
          ...(v.datastores ? { datastores: v.datastores.map((d) => `${d}-${i + 1}`) } : {}),
        };
      }),
      filers: first.filers.map((f) => ({
        ...f,
        filerId: f.filerId + 100 * i,
        name: `${f.name}-${i + 1}`,
        tag: `${f.tag}-${i + 1}`,
      })),
    };
  });
  return { ...base, datacenters: [first, ...copies] };
}
