/**
 * Hand-built figures for the rules: a component with exactly the statistics a test names, so a
 * rule's verdict depends on nothing else.
 */
import { datacenterCapacity } from '../../../lib/aggregate/capacity.ts';
import type { ComponentKind, MetricName } from '../../../lib/core/catalogue.ts';
import type {
  Aggregates,
  ComponentReport,
  DatacenterReport,
  DerivedName,
  DetailValue,
  MetricStats,
} from '../../../lib/core/types.ts';
import { FINDINGS_DEFAULTS, type FindingsConfig } from '../../../lib/findings/config.ts';
import type { RuleInput } from '../../../lib/findings/draft.ts';

export const DC_TAG = 'pcc-1_datacenter1';
export const PERIOD = {
  kind: 'week' as const,
  label: '2026-W47',
  startMs: Date.UTC(2026, 10, 15, 23),
  endMs: Date.UTC(2026, 10, 22, 23),
  timeZone: 'Europe/Paris',
  startIso: '2026-11-16T00:00:00+01:00',
  endIso: '2026-11-23T00:00:00+01:00',
};

/** Stats with every figure at `value` (override any), full coverage of 2,016 samples. */
export function stats(value: number | null, extra: Partial<MetricStats> = {}): MetricStats {
  const samples = value === null ? 0 : 2016;
  return {
    samples,
    expected: 2016,
    coveragePct: value === null ? 0 : 100,
    intervalSeconds: 300,
    intervalSource: 'inferred',
    gaps: { count: 0, missingSeconds: 0, longestSeconds: 0, listed: [] },
    min: value,
    mean: value,
    max: value,
    stdDev: value === null ? null : 0,
    p50: value,
    p95: value,
    p99: value,
    peak: value === null ? null : { value, atMs: PERIOD.startMs },
    last: value === null ? null : { value, atMs: PERIOD.endMs - 300_000 },
    timeAbove: [],
    trend: null,
    profile: null,
    ...extra,
  };
}

export function component(
  kind: ComponentKind,
  key: string,
  parts: {
    details?: Record<string, DetailValue>;
    metrics?: Partial<Record<MetricName, MetricStats>>;
    derived?: Partial<Record<DerivedName, MetricStats>>;
    capacity?: ComponentReport['capacity'];
    missingSeries?: boolean;
  } = {},
): ComponentReport {
  return {
    kind,
    key,
    displayName: key,
    details:
      parts.details ?? (kind === 'vm' ? { powerState: 'poweredOn', cpuNum: 4, memoryMaxMb: 8192 } : {}),
    metrics: parts.metrics ?? {},
    derived: parts.derived ?? {},
    nics: {},
    capacity: parts.capacity ?? null,
    unavailable: [],
    missingSeries: parts.missingSeries ?? false,
  };
}

export function datacenter(components: readonly ComponentReport[]): DatacenterReport {
  const hosts = components.filter((c) => c.kind === 'host');
  const vms = components.filter((c) => c.kind === 'vm');
  const filers = components.filter((c) => c.kind === 'filer');
  return {
    datacenterId: 1,
    name: 'DC 1',
    tag: DC_TAG,
    hosts: components.filter((c) => c.kind === 'host'),
    vms: components.filter((c) => c.kind === 'vm'),
    filers: components.filter((c) => c.kind === 'filer'),
    unknownComponents: [],
    hostRollups: [],
    rollup: {
      hosts: 0,
      hostsInMaintenance: 0,
      vms: 0,
      poweredOnVms: 0,
      vcpuTotal: 0,
      vmMemoryGb: 0,
      hostRamGb: 0,
      storageSizeGb: 0,
      storageUsedGb: 0,
      storageProvisionedGb: 0,
      storageOvercommitRatio: null,
      hostCpuMeanPct: null,
      vmsWithoutHost: [],
    },
    capacity: datacenterCapacity(hosts, vms, filers),
  };
}

export function input(
  c: ComponentReport,
  config: FindingsConfig = FINDINGS_DEFAULTS,
  others: ComponentReport[] = [],
): RuleInput {
  return { component: c, dc: datacenter([c, ...others]), config, period: PERIOD };
}

export function aggregates(dcs: readonly DatacenterReport[], gaps: Aggregates['gaps'] = []): Aggregates {
  return {
    serviceName: 'pcc-1',
    period: PERIOD,
    intervalSeconds: 300,
    coverage: { expected: 0, received: 0, pct: 0 },
    datacenters: dcs,
    fleet: { top: [], distributions: [], profiles: [] },
    gaps,
    summaries: {
      schemaVersion: 1,
      serviceName: 'pcc-1',
      period: PERIOD,
      sketch: { kind: 'log-buckets', relativeAccuracy: 0.01 },
      series: [],
    },
  };
}
