/**
 * What a rule produces and what it reads: a draft finding (severity, the numbers, a sentence and
 * a recommendation) for one component, before it gets an id, a confidence and a status.
 */
import type { ComponentKind } from '../core/catalogue.ts';
import type {
  ComponentReport,
  DatacenterReport,
  FindingMessages,
  Message,
  MessageParam,
  MetricStats,
  ReportModel,
  RunwayEvidence,
  Severity,
} from '../core/types.ts';
import type { FindingsConfig } from './config.ts';

export interface Draft {
  readonly severity: Severity;
  readonly title: string;
  /** One sentence with the numbers. */
  readonly summary: string;
  readonly figures: Readonly<Record<string, number | string | null>>;
  /** The datastore-runway rule's forecast, typed. */
  readonly runway?: RunwayEvidence;
  /** Coverage (%) of the data the draft rests on; null when confidence does not apply. */
  readonly coveragePct: number | null;
  readonly recommendation: string;
  /** The same texts as translatable messages (keys under `finding.` in templates/i18n). */
  readonly messages: FindingMessages;
}

export interface RuleInput {
  readonly component: ComponentReport;
  readonly dc: DatacenterReport;
  readonly config: FindingsConfig;
  readonly period: ReportModel['period'];
}

/** A rule about one component: which kinds it reads, whether it is on, and what it finds. */
export interface ComponentRule {
  readonly id: string;
  readonly kinds: readonly ComponentKind[];
  readonly enabled: (config: FindingsConfig) => boolean;
  readonly evaluate: (input: RuleInput) => Draft | null;
}

export type Statistic = 'mean' | 'p95' | 'p99' | 'max';

/** The chosen figure of `stats`, or null without samples. */
export function statisticOf(stats: MetricStats | undefined, statistic: Statistic): number | null {
  return stats?.[statistic] ?? null;
}

/** `critical` at or above `critical`, `warning` at or above `warn`, else null. */
export function level(value: number, warn: number, critical: number): Severity | null {
  if (value >= critical) return 'critical';
  if (value >= warn) return 'warning';
  return null;
}

/** Lowest coverage among the given stats (the weakest input bounds the finding). */
export function coverageOf(...stats: (MetricStats | undefined)[]): number | null {
  const known = stats.filter((s): s is MetricStats => s !== undefined).map((s) => s.coveragePct);
  return known.length > 0 ? Math.min(...known) : null;
}

/** Share (%) of the samples strictly above `threshold`, when the aggregation measured it. */
export function shareAbove(stats: MetricStats | undefined, threshold: number): number | null {
  return stats?.timeAbove.find((t) => t.threshold === threshold)?.sharePct ?? null;
}

/** Hours above `threshold`, when measured. */
export function hoursAbove(stats: MetricStats | undefined, threshold: number): number | null {
  const seconds = stats?.timeAbove.find((t) => t.threshold === threshold)?.seconds;
  return seconds === undefined ? null : seconds / 3600;
}

/** True for a VM the inventory says is powered on. */
export const isPoweredOn = (c: ComponentReport): boolean => c.details.powerState === 'poweredOn';

/** A numeric inventory property of the component, or null. */
export function numberDetail(c: ComponentReport, key: string): number | null {
  const v = c.details[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** A figure with one decimal, for sentences (the figures map keeps full precision). */
export const f1 = (n: number | null): string => (n === null ? 'n/a' : n.toFixed(1));

/** Rounds for the figures map: enough digits to check, few enough to read. */
export const round = (n: number | null, digits = 3): number | null =>
  n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits;

/** A translatable message; its key must exist in every templates/i18n/<language>.json. */
export function msg(key: string, params: Readonly<Record<string, MessageParam>> = {}): Message {
  return { key, params };
}
