/**
 * Thresholds of the findings rules, every one configurable, with defaults from practitioners'
 * numbers, noted by each key. The configuration module mounts `findingsConfigSchema` at its `findings`
 * key; unknown keys are rejected like everywhere else in the configuration.
 */
import { z } from 'zod';
import type { MetricName } from '../core/catalogue.ts';
import { DERIVED, type DerivedName } from '../core/types.ts';

const pct = (fallback: number) => z.number().min(0).max(100).default(fallback);
const positive = (fallback: number) => z.number().positive().default(fallback);
const enabled = z.boolean().default(true);
const statistic = z.enum(['mean', 'p95', 'p99', 'max']).default('p95');

/** Parses `schema` from `{}` so a missing section gets every default (zod's .default skips parsing). */
function section<S extends z.ZodType>(schema: S) {
  return schema.default(() => schema.parse({}) as never);
}

const levels = (warn: number, critical: number) =>
  z.strictObject({ enabled, statistic, warnPct: pct(warn), criticalPct: pct(critical) });

/** The `findings` section of the configuration: strict, every key defaulted. */
export const findingsConfigSchema = z.strictObject({
  /** Below this coverage (%) of the data a finding rests on, it is marked low-confidence. */
  lowConfidenceCoveragePct: pct(80),
  /** CPU ready, % of one vCPU: 5–10 % worth investigating, above 10 % contention. */
  cpuContention: section(levels(5, 10)),
  /** Hosts and VMs, % at p95. */
  cpuSaturation: section(levels(85, 95)),
  memorySaturation: section(levels(85, 95)),
  /** Disk latency: above `criticalMs` for `sustainedPct` of the time is a problem; above `warnMs` worth a look. */
  storageLatency: section(
    z.strictObject({ enabled, warnMs: positive(10), criticalMs: positive(20), sustainedPct: pct(25) }),
  ),
  /** Datastore space used, % of size, at the last sample of the period. */
  datastoreFullness: section(z.strictObject({ enabled, warnPct: pct(80), criticalPct: pct(90) })),
  datastoreRunway: section(
    z.strictObject({
      enabled,
      /** Lines to forecast, % of size. */
      linesPct: z.array(z.number().positive().max(100)).min(1).default([80, 90, 100]),
      /** Band = slope ± z × standard error; 2 ≈ 95 % for independent residuals. */
      confidenceZ: positive(2),
      /** A rise slower than this (percentage points per day) is flat: no forecast. */
      minSlopePctPerDay: positive(0.01),
      /** Forecasts further than this are left out. */
      horizonDays: positive(180),
      /** Full (100 %) within this many days: critical. */
      criticalDaysToFull: positive(7),
      /** The datastore's critical line or full within this many days: warning. */
      warnDays: positive(30),
    }),
  ),
  oversized: section(
    z.strictObject({
      enabled,
      cpuP95BelowPct: pct(20),
      memP95BelowPct: pct(30),
      /** A VM with fewer vCPUs cannot give any back. */
      minVcpu: z.number().int().min(1).default(2),
    }),
  ),
  undersized: section(
    z.strictObject({
      enabled,
      cpuP95AbovePct: pct(80),
      memP95AbovePct: pct(80),
      /** High CPU ready on a VM this busy means it needs more CPU, not only a quieter host. */
      busyCpuP95WithReadyPct: pct(60),
    }),
  ),
  idle: section(
    z.strictObject({
      enabled,
      cpuP95BelowPct: pct(2),
      /** Read and write IOPS, each. */
      diskIopsP95Below: positive(1),
      /** Received plus sent, in the unit the source reports. */
      networkP95Below: positive(5),
    }),
  ),
  poweredOff: section(z.strictObject({ enabled })),
  snapshots: section(z.strictObject({ enabled, maxPerVm: z.number().int().min(0).default(2) })),
  hostMaintenance: section(z.strictObject({ enabled })),
  missingData: section(
    z.strictObject({
      enabled,
      /** Worst metric coverage under this (%) is missing data. */
      minCoveragePct: pct(98),
      /** A single gap this long (hours) is missing data, whatever the coverage. */
      maxGapHours: positive(1),
    }),
  ),
});

export type FindingsConfig = z.infer<typeof findingsConfigSchema>;

/** The defaults. */
export const FINDINGS_DEFAULTS: FindingsConfig = findingsConfigSchema.parse({});

/** The thresholds the aggregation must measure time above, so the rules can read them. */
export function statsThresholds(
  config: FindingsConfig,
): Partial<Record<MetricName | DerivedName, readonly number[]>> {
  const pair = (a: number, b: number) => [...new Set([a, b])].sort((x, y) => x - y);
  const latency = pair(config.storageLatency.warnMs, config.storageLatency.criticalMs);
  const cpu = pair(config.cpuSaturation.warnPct, config.cpuSaturation.criticalPct);
  const mem = pair(config.memorySaturation.warnPct, config.memorySaturation.criticalPct);
  return {
    'vscope.host.cpu.usage.perc': cpu,
    'vscope.vm.cpu.usage.perc': cpu,
    'vscope.host.mem.usage.perc': mem,
    'vscope.vm.mem.usage.perc': mem,
    'vscope.vm.disk.latency.read': latency,
    'vscope.vm.disk.latency.write': latency,
    [DERIVED.cpuReadyPct]: pair(config.cpuContention.warnPct, config.cpuContention.criticalPct),
    [DERIVED.datastoreUsedPct]: pair(config.datastoreFullness.warnPct, config.datastoreFullness.criticalPct),
  };
}
