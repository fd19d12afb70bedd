/**
 * The named types that flow through the pipeline:
 *
 *   Inventory → SeriesSet → ReportModel → RenderedChart[] → Documents → StoredReport
 *
 * Everything here is plain data (JSON-serialisable except the typed arrays of a Series).
 */
import type { ComponentKind, MetricName } from './catalogue.ts';

/** A reporting period: [start, end) in epoch milliseconds, labelled in its time zone. */
export interface Period {
  readonly kind: 'week' | 'month' | 'custom';
  /** `2026-W47`, `2026-11`, or `<start>_<end>` for custom ranges. */
  readonly label: string;
  readonly startMs: number;
  /** Exclusive. */
  readonly endMs: number;
  /** IANA time zone the period was cut in, e.g. `Europe/Paris`. */
  readonly timeZone: string;
}

export type PowerState = 'poweredOn' | 'poweredOff' | 'suspended' | 'deleted';

export interface HostInfo {
  readonly hostId: number;
  /** The host's name in APIv6, an IP address. */
  readonly name: string;
  /** Value of the OpenTSDB `host` tag (by default the name). */
  readonly tag: string;
  readonly cpuMhz: number | null;
  readonly ramGb: number | null;
  readonly inMaintenance: boolean | null;
}

export interface VmInfo {
  readonly vmId: number;
  /** vCenter managed object reference, e.g. `vm-01254`. */
  readonly moRef: string;
  readonly name: string;
  /** Value of the OpenTSDB `vm` tag (by default the moRef). */
  readonly tag: string;
  readonly powerState: PowerState | null;
  readonly cpuNum: number | null;
  readonly memoryMaxMb: number | null;
  readonly snapshotNum: number | null;
  /** Name of the host the VM runs on (HostInfo.name), when known. */
  readonly hostName: string | null;
}

export interface FilerInfo {
  readonly filerId: number;
  /** Datastore name. */
  readonly name: string;
  /** Value of the OpenTSDB `datastore` tag (by default the name). */
  readonly tag: string;
  readonly sizeGb: number | null;
  readonly spaceUsedGb: number | null;
  readonly spaceFreeGb: number | null;
  readonly spaceProvisionedGb: number | null;
}

export interface DatacenterInventory {
  readonly datacenterId: number;
  readonly name: string;
  /** Value of the OpenTSDB `datacenter` tag, by default `<serviceName>_datacenter<id>`. */
  readonly tag: string;
  readonly hosts: readonly HostInfo[];
  readonly vms: readonly VmInfo[];
  readonly filers: readonly FilerInfo[];
}

/** Stage 1 output: what exists, from APIv6 (or the demo). */
export interface Inventory {
  readonly serviceName: string;
  readonly datacenters: readonly DatacenterInventory[];
}

/** One time series as returned by the metrics source, timestamps in epoch seconds, ascending. */
export interface Series {
  readonly metric: MetricName;
  readonly datacenterTag: string;
  /** Value of the metric's component tag (vm moRef, host name, datastore name). */
  readonly component: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
}

/** Data that was asked for and could not be obtained. Gaps are reported, never zero-filled. */
export interface FetchGap {
  readonly metric: MetricName;
  readonly datacenterTag: string;
  /** Components the failed query covered; empty when it covered the whole datacenter. */
  readonly components: readonly string[];
  readonly reason: string;
}

/** Stage 2 output: every series of the period, plus what could not be fetched. */
export interface SeriesSet {
  readonly period: Period;
  /** The bucket width the series were requested at (the expected sample spacing). */
  readonly intervalSeconds: number;
  readonly series: readonly Series[];
  readonly gaps: readonly FetchGap[];
  readonly requests: number;
}

/** Utilisation figures of one series over the period; null where there are no samples. */
export interface MetricStats {
  readonly samples: number;
  readonly expected: number;
  /** 0–100. */
  readonly coveragePct: number;
  readonly min: number | null;
  readonly mean: number | null;
  readonly max: number | null;
  readonly p95: number | null;
}

export type DetailValue = string | number | boolean | null;

export interface ComponentReport {
  readonly kind: ComponentKind;
  /** The component's OpenTSDB tag value (moRef, host name, datastore name). */
  readonly key: string;
  /** Name for people (VM name; host and datastore names equal their key). */
  readonly displayName: string;
  /** Live properties from the inventory (cpuNum, powerState, sizeGb...). */
  readonly details: Readonly<Record<string, DetailValue>>;
  /** One entry per catalogue metric of this kind; absent series have samples 0. */
  readonly metrics: Readonly<Partial<Record<MetricName, MetricStats>>>;
  /** Figures derived from metrics and inventory, keyed by DERIVED values (see below). */
  readonly derived: Readonly<Partial<Record<DerivedName, MetricStats>>>;
  /** True when the inventory lists the component but the metrics source has no series for it. */
  readonly missingSeries: boolean;
}

/**
 * Derived figures: CPU ready as % of one vCPU's time (ready ms / (interval × 1000) × 100 / cpuNum),
 * datastore space used as % of the filer's size.
 */
export const DERIVED = { cpuReadyPct: 'vm.cpu.ready.pct', datastoreUsedPct: 'filer.used.pct' } as const;
export type DerivedName = (typeof DERIVED)[keyof typeof DERIVED];

export interface DatacenterReport {
  readonly datacenterId: number;
  readonly name: string;
  readonly tag: string;
  readonly hosts: readonly ComponentReport[];
  readonly vms: readonly ComponentReport[];
  readonly filers: readonly ComponentReport[];
  /** Series whose component is not in the inventory: listed, never dropped. */
  readonly unknownComponents: readonly { readonly metric: MetricName; readonly component: string }[];
}

export type Severity = 'critical' | 'warning' | 'info';

/** Something the reader should look at, with the numbers behind it. */
export interface Highlight {
  readonly severity: Severity;
  readonly kind: ComponentKind;
  readonly component: string;
  readonly displayName: string;
  readonly datacenterTag: string;
  /** Stable machine code, e.g. `cpu-ready-high`. */
  readonly code: string;
  readonly title: string;
  readonly evidence: string;
}

/** Stage 3 output: every figure the documents show. Serialised as the report JSON. */
export interface ReportModel {
  readonly schemaVersion: 1;
  readonly generator: { readonly name: string; readonly version: string };
  readonly serviceName: string;
  readonly period: Period & { readonly startIso: string; readonly endIso: string };
  readonly generatedAt: string;
  readonly intervalSeconds: number;
  readonly coverage: { readonly expected: number; readonly received: number; readonly pct: number };
  readonly datacenters: readonly DatacenterReport[];
  readonly highlights: readonly Highlight[];
  readonly gaps: readonly FetchGap[];
}

/** A chart rendered to SVG, with a text alternative for readers who cannot see it. */
export interface RenderedChart {
  readonly id: string;
  readonly kind: 'heatmap' | 'top-bars' | 'timeseries' | 'datastore' | 'distribution';
  readonly title: string;
  readonly description: string;
  /** Section the chart belongs to: a datacenter tag, or `summary`. */
  readonly section: string;
  readonly svg: string;
  readonly width: number;
  readonly height: number;
}

/** Stage 5 output: the report's files, ready to store. */
export interface Documents {
  readonly pdf: Uint8Array;
  readonly html: string;
  readonly json: string;
}
