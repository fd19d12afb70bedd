/** Stage 3, aggregate: components with their figures, rollups and fleet-wide figures. */
import type { ComponentKind, MetricName } from './catalogue.ts';
import type { ReportPeriod } from './types-period.ts';
import type { FetchGap } from './types-series.ts';
import type { DerivedName, MetricStats } from './types-stats.ts';
import type { SummaryArchive } from './types-summaries.ts';

/** Samples received against samples expected, over the whole report. */
export interface Coverage {
  readonly expected: number;
  readonly received: number;
  readonly pct: number;
}

export type DetailValue = string | number | boolean | null;

/** A figure that could not be computed, and why (never replaced by a guess). */
export interface Unavailable {
  readonly figure: string;
  readonly reason: string;
}

/** Space of a datastore from the inventory's live figures. */
export interface FilerCapacity {
  readonly sizeGb: number | null;
  readonly usedGb: number | null;
  /** Used / size × 100, live. */
  readonly usedPct: number | null;
  readonly provisionedGb: number | null;
  /** Thin-provisioning over-commit: provisioned / size (above 1 means more promised than exists). */
  readonly overcommitRatio: number | null;
}

export interface ComponentReport {
  readonly kind: ComponentKind;
  /** The component's OpenTSDB tag value (moRef, host name, datastore name). */
  readonly key: string;
  /** Name for people (VM name; host and datastore names equal their key). */
  readonly displayName: string;
  /** Live properties from the inventory (cpuNum, powerState, sizeGb...). */
  readonly details: Readonly<Record<string, DetailValue>>;
  /**
   * One entry per catalogue metric of this kind; absent series have samples 0. Host network
   * metrics are the sum over the host's NICs (see `nics` for each one).
   */
  readonly metrics: Readonly<Partial<Record<MetricName, MetricStats>>>;
  /** Figures derived from metrics and inventory, keyed by DERIVED values (see below). */
  readonly derived: Readonly<Partial<Record<DerivedName, MetricStats>>>;
  /** Hosts: the network metrics of each NIC, by NIC name. Empty for VMs and datastores. */
  readonly nics: Readonly<Record<string, Readonly<Partial<Record<MetricName, MetricStats>>>>>;
  /** Datastores: live space and over-commit; null for hosts and VMs. */
  readonly capacity: FilerCapacity | null;
  /** Figures left out for lack of an input (e.g. CPU ready per vCPU without a vCPU count). */
  readonly unavailable: readonly Unavailable[];
  /** True when the inventory lists the component but the metrics source has no series for it. */
  readonly missingSeries: boolean;
}

/** What runs on one host, from the VMs' `hostName`. */
export interface HostRollup {
  readonly host: string;
  readonly vmCount: number;
  readonly poweredOnVmCount: number;
  /** vCPUs of the VMs with a known count; `vmsWithoutCpuNum` says how many were left out. */
  readonly vcpuTotal: number;
  readonly vmsWithoutCpuNum: number;
  readonly vmMemoryGb: number;
  /** VM memory configured / host RAM; null when the host's RAM is unknown. */
  readonly memoryOvercommitRatio: number | null;
  /** Sum of the VMs' CPU usage means, % (each VM's own %, so 100 = one VM's worth of vCPUs busy). */
  readonly vmCpuMeanSumPct: number;
  /** Σ CPU mean % / 100 × vCPUs: vCPUs busy on average. */
  readonly busyVcpuMean: number;
  /** Highest CPU ready p95 (% per vCPU) among its VMs. */
  readonly worstReadyP95Pct: number | null;
}

export interface DatacenterRollup {
  readonly hosts: number;
  readonly hostsInMaintenance: number;
  readonly vms: number;
  readonly poweredOnVms: number;
  readonly vcpuTotal: number;
  readonly vmMemoryGb: number;
  readonly hostRamGb: number;
  readonly storageSizeGb: number;
  readonly storageUsedGb: number;
  readonly storageProvisionedGb: number;
  /** Provisioned / size over all datastores with both figures. */
  readonly storageOvercommitRatio: number | null;
  /** Mean of every host CPU sample (hosts weighted by their samples). */
  readonly hostCpuMeanPct: number | null;
  /** VMs whose host is unknown or not in the inventory. */
  readonly vmsWithoutHost: readonly string[];
}

/** Used and free at one statistic of the period. */
export interface UsedFree {
  readonly used: number;
  readonly free: number;
  /** Used / total × 100; null when the total is 0. */
  readonly usedPct: number | null;
}

/**
 * One resource of a datacenter (CPU GHz, memory GB or storage GB): the total of the components
 * with both a capacity and a usage series, and the sum of their own p95 and max. Each component's
 * p95 (or max) comes at its own time, so the sums are an upper bound of the datacenter's p95 and
 * max at any one instant.
 */
export interface ResourceCapacity {
  readonly total: number;
  readonly p95: UsedFree;
  readonly max: UsedFree;
  /** Components left out, for want of a capacity in the inventory or of samples. */
  readonly leftOut: readonly string[];
}

/** Whether the other hosts hold one resource's p95 load when its largest host is lost. */
export interface HostLossCheck {
  /** The host with the most of this resource (the worst one to lose); null without hosts. */
  readonly largestHost: string | null;
  readonly largestHostTotal: number;
  /** The capacity the other counted hosts have. */
  readonly remainingTotal: number;
  /** The datacenter's p95 use (ResourceCapacity.p95.used), which moves to the other hosts. */
  readonly usedP95: number;
  /** usedP95 / remainingTotal × 100; null when nothing remains. */
  readonly usedPctAfterLoss: number | null;
  /** usedPctAfterLoss ≤ limitPct (false when nothing remains). */
  readonly survives: boolean;
}

/**
 * Capacity headroom of one datacenter. Hosts in maintenance are left out (they run nothing and
 * take no load over); over-commit counts the powered-on VMs, as those are what the hosts carry.
 */
export interface DatacenterCapacity {
  /** Host CPU, GHz: capacity from the inventory, used = CPU usage % × capacity. */
  readonly cpuGhz: ResourceCapacity;
  /** Host memory, GB: RAM from the inventory, used = memory usage % × RAM. */
  readonly memoryGb: ResourceCapacity;
  /** Datastore space, GB: sizes from the inventory, used from the space-used series. */
  readonly storageGb: ResourceCapacity;
  /** vCPUs of the powered-on VMs. */
  readonly vcpus: number;
  /** Physical cores of the counted hosts that report a count. */
  readonly physicalCores: number;
  /** vcpus / physicalCores; null when no host reports its cores. */
  readonly vcpuPerCore: number | null;
  /** Memory configured on the powered-on VMs, GB. */
  readonly vmMemoryGb: number;
  /** RAM of the hosts not in maintenance that report it, GB. */
  readonly hostRamGb: number;
  /** vmMemoryGb / hostRamGb, as a ratio (1.5 = 50 % more promised than exists). */
  readonly memoryOvercommitRatio: number | null;
  /** Hosts in maintenance, left out of every figure above. */
  readonly hostsInMaintenance: readonly string[];
  /** The hosts-left limit: the datacenter survives when each resource stays at or under it, %. */
  readonly hostLossLimitPct: number;
  readonly hostLoss: { readonly cpu: HostLossCheck; readonly memory: HostLossCheck };
  /**
   * True when the other hosts absorb the largest host's p95 CPU and memory within the limit;
   * null when no host has both figures (nothing to judge).
   */
  readonly survivesLargestHostLoss: boolean | null;
}

export interface DatacenterReport {
  readonly datacenterId: number;
  readonly name: string;
  readonly tag: string;
  readonly hosts: readonly ComponentReport[];
  readonly vms: readonly ComponentReport[];
  readonly filers: readonly ComponentReport[];
  /** Series whose component is not in the inventory: listed, never dropped. */
  readonly unknownComponents: readonly { readonly metric: MetricName; readonly component: string }[];
  readonly hostRollups: readonly HostRollup[];
  readonly rollup: DatacenterRollup;
  readonly capacity: DatacenterCapacity;
}

/** The N components with the highest value of one figure, fleet-wide. */
export interface TopList {
  readonly kind: ComponentKind;
  readonly metric: MetricName | DerivedName;
  readonly statistic: 'p95';
  readonly entries: readonly {
    readonly datacenterTag: string;
    readonly key: string;
    readonly displayName: string;
    readonly value: number;
  }[];
}

/**
 * How one per-component figure spreads over the fleet: counts[i] components have a value in
 * [edges[i], edges[i+1]); the last bin also takes everything at or above its lower edge.
 */
export interface Distribution {
  readonly id: string;
  readonly label: string;
  readonly edges: readonly number[];
  readonly counts: readonly number[];
  /** Components without a value (no samples). */
  readonly missing: number;
}

/** Mean of a metric over all samples of all components of a kind, per local hour of the week. */
export interface FleetProfile {
  readonly kind: ComponentKind;
  readonly metric: MetricName;
  readonly cells: readonly (number | null)[];
}

export interface FleetRollup {
  readonly top: readonly TopList[];
  readonly distributions: readonly Distribution[];
  readonly profiles: readonly FleetProfile[];
}

/** Stage 3 output: statistics, rollups and daily summaries of every series, before any judgement. */
export interface Aggregates {
  readonly serviceName: string;
  readonly period: ReportPeriod;
  readonly intervalSeconds: number;
  readonly coverage: Coverage;
  readonly datacenters: readonly DatacenterReport[];
  readonly fleet: FleetRollup;
  readonly gaps: readonly FetchGap[];
  readonly summaries: SummaryArchive;
}
