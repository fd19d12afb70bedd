/**
 * Thresholds of the findings rules, every one configurable, with defaults from practitioners'
 * numbers, noted by each key. The configuration module mounts `findingsConfigSchema` at its `findings`
 * key; unknown keys are rejected like everywhere else in the configuration.
 */
import { z } from 'zod';
import type { MetricName } from '../core/catalogue.ts';
import { DERIVED, type DerivedName } from '../core/types.ts';

const pct = (fallback: number, description: string) =>
  z.number().min(0).max(100).default(fallback).describe(description);
const positive = (fallback: number, description: string) =>
  z.number().positive().default(fallback).describe(description);
const enabled = z.boolean().default(true).describe('false turns the rule off.');
const statistic = z
  .enum(['mean', 'p95', 'p99', 'max'])
  .default('p95')
  .describe('The figure of the period compared with the thresholds.');

/** Parses `schema` from `{}` so a missing section gets every default (zod's .default skips parsing). */
function section<S extends z.ZodType>(schema: S) {
  return schema.default(() => schema.parse({}) as never);
}

const levels = (warn: number, critical: number, unit: string) =>
  z.strictObject({
    enabled,
    statistic,
    warnPct: pct(warn, `Warning at or above this, ${unit}.`),
    criticalPct: pct(critical, `Critical at or above this, ${unit}.`),
  });

/** The `findings` section of the configuration: strict, every key defaulted. */
export const findingsConfigSchema = z.strictObject({
  lowConfidenceCoveragePct: pct(
    80,
    'Below this coverage (%) of the data a finding rests on, the finding is marked low-confidence.',
  ),
  cpuContention: section(levels(5, 10, '% of one vCPU')).describe(
    'CPU ready of VMs, % per vCPU: 5–10 % worth investigating, above 10 % contention.',
  ),
  cpuSaturation: section(levels(85, 95, '% CPU used')).describe('CPU use of hosts and VMs.'),
  memorySaturation: section(levels(85, 95, '% memory used')).describe('Memory use of hosts and VMs.'),
  storageLatency: section(
    z.strictObject({
      enabled,
      warnMs: positive(
        10,
        'Read or write latency above this (ms) for sustainedPct of the time: worth a look.',
      ),
      criticalMs: positive(
        20,
        'Read or write latency above this (ms) for sustainedPct of the time: a problem.',
      ),
      sustainedPct: pct(25, 'Share of the samples (%) that must be above a line for it to count.'),
    }),
  ).describe('Disk latency of VMs.'),
  datastoreFullness: section(
    z.strictObject({
      enabled,
      warnPct: pct(80, 'Warning at this much space used, % of size.'),
      criticalPct: pct(90, 'Critical at this much space used, % of size.'),
    }),
  ).describe('Datastore space used, % of size, at the last sample of the period.'),
  datastoreRunway: section(
    z.strictObject({
      enabled,
      linesPct: z
        .array(z.number().positive().max(100))
        .min(1)
        .default([80, 90, 100])
        .describe('Lines to forecast the days until, % of size.'),
      confidenceZ: positive(2, 'Band = slope ± z × standard error; 2 ≈ 95 % for independent residuals.'),
      minSlopePctPerDay: positive(
        0.01,
        'A rise slower than this (percentage points per day) is flat: no forecast.',
      ),
      horizonDays: positive(180, 'Forecasts further than this many days are left out.'),
      criticalDaysToFull: positive(7, 'Full (100 %) within this many days: critical.'),
      warnDays: positive(30, "The datastore's critical line or full within this many days: warning."),
    }),
  ).describe(
    'Forecast of the days until each datastore reaches its lines, from the trend of its space used.',
  ),
  oversized: section(
    z.strictObject({
      enabled,
      cpuP95BelowPct: pct(20, 'VM CPU p95 below this (%)…'),
      memP95BelowPct: pct(30, '…and memory p95 below this (%), neither contended nor idle: oversized.'),
      minVcpu: z.number().int().min(1).default(2).describe('A VM with fewer vCPUs cannot give any back.'),
    }),
  ).describe('VMs that could be given fewer vCPUs or less memory.'),
  undersized: section(
    z.strictObject({
      enabled,
      cpuP95AbovePct: pct(80, 'VM CPU p95 at or above this (%): undersized.'),
      memP95AbovePct: pct(80, 'VM memory p95 at or above this (%): undersized.'),
      busyCpuP95WithReadyPct: pct(
        60,
        'CPU ready at or above cpuContention.warnPct on a VM whose CPU p95 is at or above this (%): undersized, it needs more CPU, not only a quieter host.',
      ),
    }),
  ).describe('VMs that need more vCPUs or memory.'),
  idle: section(
    z.strictObject({
      enabled,
      cpuP95BelowPct: pct(2, 'VM CPU p95 below this (%)…'),
      diskIopsP95Below: positive(1, '…read and write IOPS p95 each below this…'),
      networkP95Below: positive(
        5,
        '…and network p95 (received plus sent, in the unit the source reports) below this: idle.',
      ),
    }),
  ).describe('Powered-on VMs that do next to nothing.'),
  poweredOff: section(z.strictObject({ enabled })).describe('VMs powered off at inventory time.'),
  snapshots: section(
    z.strictObject({
      enabled,
      maxPerVm: z.number().int().min(0).default(2).describe('More snapshots than this on one VM: a finding.'),
    }),
  ).describe('VMs with many snapshots.'),
  hostMaintenance: section(z.strictObject({ enabled })).describe(
    'Hosts in maintenance mode at inventory time.',
  ),
  hostLoss: section(
    z.strictObject({
      enabled,
      maxUsedPctAfterLoss: z
        .number()
        .positive()
        .max(1000)
        .default(100)
        .describe(
          'With its largest host lost, the other hosts must hold the p95 CPU and memory load at or under this (% of their capacity); 100 = they hold it at all, lower keeps a margin (e.g. 90).',
        ),
    }),
  ).describe('N+1: whether the other hosts absorb the largest host’s load at p95.'),
  missingData: section(
    z.strictObject({
      enabled,
      minCoveragePct: pct(98, 'Worst metric coverage under this (%) is missing data.'),
      maxGapHours: positive(1, 'A single gap this long (hours) is missing data, whatever the coverage.'),
    }),
  ).describe('Components whose series are absent, incomplete or broken by long gaps.'),
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
