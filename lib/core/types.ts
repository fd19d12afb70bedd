/**
 * The named types that flow through the pipeline:
 *
 *   Inventory → SeriesSet → Aggregates → Findings → ReportModel → RenderedChart[] → Documents
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
  /** Host network metrics come per NIC (`nicname` tag, vmnic0..); absent for every other metric. */
  readonly nic?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
}

/** The key of a series among others: datacenter, metric and component (not the NIC). */
export function seriesKey(datacenterTag: string, metric: string, component: string): string {
  return `${datacenterTag}\u0000${metric}\u0000${component}`;
}

/** A copy of a series with arrays of its own (a reader's arrays are reused for the next series). */
export function ownSeries(series: Series): Series {
  return { ...series, timestamps: series.timestamps.slice(), values: series.values.slice() };
}

/** Data that was asked for and could not be obtained. Gaps are reported, never zero-filled. */
export interface FetchGap {
  readonly metric: MetricName;
  readonly datacenterTag: string;
  /** Components the failed query covered; empty when it covered the whole datacenter. */
  readonly components: readonly string[];
  readonly reason: string;
  /** The part of the period the failed query covered, when it was not the whole period. */
  readonly window?: { readonly startMs: number; readonly endMs: number };
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

/** A run of missing samples: [startMs, endMs), the time no sample arrived for. */
export interface GapSpan {
  readonly startMs: number;
  readonly endMs: number;
  /** Samples that should have arrived in the span, at the series' interval. */
  readonly missingSamples: number;
}

export interface GapSummary {
  /** Every run of missing samples longer than 1.5 intervals, the period's edges included. */
  readonly count: number;
  readonly missingSeconds: number;
  readonly longestSeconds: number;
  /** The first gaps, in time order, at most the configured cap; `count` says how many there were. */
  readonly listed: readonly GapSpan[];
}

/** Time a series spent strictly above a threshold, each sample counting for one interval. */
export interface TimeAbove {
  readonly threshold: number;
  readonly seconds: number;
  /** Share of the samples received, 0–100 (so a gap neither raises nor lowers it). */
  readonly sharePct: number;
}

/** Least-squares line through the samples against time. */
export interface Trend {
  readonly slopePerDay: number;
  /**
   * Standard error of the slope, widened for the lag-1 autocorrelation of the residuals (see
   * lib/aggregate/trend.ts); null when too few independent samples remain to estimate it.
   */
  readonly slopeStdErrPerDay: number | null;
  /** The line's value at the period's end. */
  readonly fittedAtEnd: number;
}

export interface TimedValue {
  readonly value: number;
  readonly atMs: number;
}

/**
 * Figures of one series over the period; null where there are no samples. Percentiles are type 7
 * (linear interpolation between closest ranks); `stdDev` is the population standard deviation
 * (divides by n). Coverage is received over expected samples at `intervalSeconds`.
 */
export interface MetricStats {
  readonly samples: number;
  readonly expected: number;
  /** 0–100. */
  readonly coveragePct: number;
  /** The series' sample spacing: inferred from its timestamps, or the requested bucket. */
  readonly intervalSeconds: number;
  readonly intervalSource: 'inferred' | 'requested';
  readonly gaps: GapSummary;
  readonly min: number | null;
  readonly mean: number | null;
  readonly max: number | null;
  readonly stdDev: number | null;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  /** The highest sample and when it came (the first one, on ties). */
  readonly peak: TimedValue | null;
  readonly last: TimedValue | null;
  readonly timeAbove: readonly TimeAbove[];
  readonly trend: Trend | null;
  /**
   * Mean per local hour of the week in the period's zone (168 cells, Monday 00h = cell 0),
   * rounded to 0.01; null for a cell without samples. Only kept for the profiled metrics
   * (CPU usage by default), null elsewhere, to keep the JSON small.
   */
  readonly profile: readonly (number | null)[] | null;
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

/**
 * Derived figures: CPU ready as % of one vCPU's time (ready ms / (interval × 1000) × 100 / cpuNum,
 * with the ready series' own interval), datastore space used as % of the filer's size.
 */
export const DERIVED = { cpuReadyPct: 'vm.cpu.ready.pct', datastoreUsedPct: 'filer.used.pct' } as const;
export type DerivedName = (typeof DERIVED)[keyof typeof DERIVED];

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

export type Severity = 'critical' | 'warning' | 'info';
export type FindingStatus = 'new' | 'persisting' | 'resolved';

/** What a finding is about: a component, or a whole datacenter (failed queries). */
export interface FindingSubject {
  readonly kind: ComponentKind | 'datacenter';
  readonly key: string;
  readonly displayName: string;
  readonly datacenterTag: string;
  readonly datacenterName: string;
}

export interface FindingEvidence {
  /** One sentence with the numbers. */
  readonly summary: string;
  /** The numbers, by name (units in the name: `readyP95Pct`, `daysTo90Pct`...). */
  readonly figures: Readonly<Record<string, number | string | null>>;
  /** Coverage of the data the finding rests on, 0–100; null when it rests on no series. */
  readonly coveragePct: number | null;
  readonly period: { readonly label: string; readonly startIso: string; readonly endIso: string };
}

/** A parameter of a message: a figure, a name, or further messages (clauses, list items). */
export type MessageParam = string | number | null | readonly Message[];

/**
 * Text as a translation key and its parameters, so each document renders it in its own language
 * (templates/i18n). Numbers stay numbers: the translation decides how to format them.
 */
export interface Message {
  readonly key: string;
  readonly params: Readonly<Record<string, MessageParam>>;
}

/** A finding's texts as messages; the summary and recommendation are sentences read in order. */
export interface FindingMessages {
  readonly title: Message;
  readonly summary: readonly Message[];
  readonly recommendation: readonly Message[];
}

/** Something the reader should look at, with the numbers behind it and what to do. */
export interface Finding {
  /** `<rule>:<kind>:<datacenter tag>:<key>`, stable from one period to the next. */
  readonly id: string;
  readonly rule: string;
  readonly severity: Severity;
  readonly status: FindingStatus;
  /** `low` when the data behind it covers less than the configured share: a possibility, not a fact. */
  readonly confidence: 'high' | 'low';
  readonly subject: FindingSubject;
  readonly title: string;
  readonly evidence: FindingEvidence;
  readonly recommendation: string;
  /** The severity in the previous report, when the finding was already there. */
  readonly previousSeverity: Severity | null;
  /**
   * The title, evidence summary and recommendation as translatable messages (the strings above
   * are their English text). Absent in findings read from a report written before they existed.
   */
  readonly messages?: FindingMessages;
}

/** How this report's findings were compared with the previous period's report. */
export interface Comparison {
  readonly previousLabel: string;
  /** True when the previous report was found and readable. */
  readonly found: boolean;
  readonly note: string;
}

/** Counts of a log-bucketed histogram: counts[i] samples fell in bucket `offset + i`. */
export interface BucketRun {
  readonly offset: number;
  readonly counts: readonly number[];
}

/**
 * A quantile sketch with relative accuracy α: bucket k holds |x| in (γ^(k−1), γ^k], γ = (1+α)/(1−α),
 * so any quantile it returns is within α of the exact one (relative), merging is adding counts.
 */
export interface SketchData {
  readonly relativeAccuracy: number;
  /** Samples too close to zero to index (|x| < 1e-9); they read back as 0. */
  readonly zeros: number;
  readonly positive: BucketRun;
  /** Buckets of |x| for negative samples. */
  readonly negative: BucketRun;
}

/**
 * Everything needed to recompute a longer period's figures from one local day of one series:
 * count, min, max and exact sums merge exactly; percentiles come back from the sketch.
 */
export interface DailySummary {
  /** Local date in the report's zone, `yyyy-MM-dd`. */
  readonly day: string;
  readonly count: number;
  /** The exact sum as non-overlapping partials; their correctly rounded total is the sum. */
  readonly sum: readonly number[];
  /** Exact sum of the squared samples, as partials. */
  readonly sumSquares: readonly number[];
  readonly min: number;
  readonly max: number;
  readonly sketch: SketchData;
}

export interface SeriesSummaries {
  readonly datacenterTag: string;
  readonly kind: ComponentKind;
  readonly component: string;
  readonly metric: MetricName | DerivedName;
  readonly intervalSeconds: number;
  /** Days with at least one sample, in order. */
  readonly days: readonly DailySummary[];
}

/** The `summaries.json` written beside each report: per series, per local day. */
export interface SummaryArchive {
  readonly schemaVersion: 1;
  readonly serviceName: string;
  readonly period: ReportModel['period'];
  readonly sketch: { readonly kind: 'log-buckets'; readonly relativeAccuracy: number };
  readonly series: readonly SeriesSummaries[];
}

/** Stage 3 output: statistics, rollups and daily summaries of every series, before any judgement. */
export interface Aggregates {
  readonly serviceName: string;
  readonly period: ReportModel['period'];
  readonly intervalSeconds: number;
  readonly coverage: ReportModel['coverage'];
  readonly datacenters: readonly DatacenterReport[];
  readonly fleet: FleetRollup;
  readonly gaps: readonly FetchGap[];
  readonly summaries: SummaryArchive;
}

/** Stage 4 output: findings with their status against the previous period. */
export interface Findings {
  readonly findings: readonly Finding[];
  readonly resolved: readonly Finding[];
  readonly comparison: Comparison;
}

/** Stage 3–4 output: every figure the documents show. Serialised as the report JSON. */
export interface ReportModel {
  readonly schemaVersion: 2;
  readonly generator: { readonly name: string; readonly version: string };
  readonly serviceName: string;
  readonly period: Period & { readonly startIso: string; readonly endIso: string };
  readonly generatedAt: string;
  /** The bucket width series were requested at; each series states the interval it showed. */
  readonly intervalSeconds: number;
  readonly coverage: { readonly expected: number; readonly received: number; readonly pct: number };
  readonly datacenters: readonly DatacenterReport[];
  readonly fleet: FleetRollup;
  /** Current findings (new or persisting), most severe first. */
  readonly findings: readonly Finding[];
  /** Findings of the previous report that no longer hold, as they were then. */
  readonly resolvedFindings: readonly Finding[];
  readonly comparison: Comparison;
  readonly gaps: readonly FetchGap[];
  /** Where the mergeable daily summaries of this report's series are stored, beside it. */
  readonly summaries: { readonly file: string; readonly series: number; readonly days: number };
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

/** Languages a report can be written in (templates/i18n/<language>.json). */
export const LANGUAGES = ['en', 'fr', 'pt'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The CSV exports: one file per component kind, one row per component. */
export const CSV_FILES = ['hosts', 'vms', 'datastores'] as const;
export type CsvFile = (typeof CSV_FILES)[number];

/** Stage 5 output: the report's files, ready to store. */
export interface Documents {
  readonly pdf: Uint8Array;
  readonly html: string;
  readonly json: string;
  /** CSV text per component kind (UTF-8 with a byte-order mark, CRLF line ends). */
  readonly csv: Readonly<Record<CsvFile, string>>;
}
