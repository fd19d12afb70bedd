/** Stage 4, findings: what the reader should look at, and how it compares with the previous period. */
import type { ComponentKind } from './catalogue.ts';

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

/** The rule whose findings carry a runway forecast. */
export const RUNWAY_RULE = 'datastore-runway';

/** A fill line (% of size) the trend is forecast to reach, in days from the period's end. */
export interface RunwayLine {
  readonly linePct: number;
  /** Along the trend line. */
  readonly days: number;
  /** Along the steepest slope of the confidence band. */
  readonly daysEarliest: number;
  /** Along the shallowest slope of the confidence band. */
  readonly daysLatest: number;
}

/** A datastore's runway forecast (see lib/findings/runway.ts), figures rounded as in `figures`. */
export interface RunwayEvidence {
  readonly slopePctPerDay: number;
  readonly slopeStdErrPctPerDay: number;
  /** The trend line's value at the period's end, where the forecast starts. */
  readonly fittedEndPct: number;
  /** Standard errors either side of the slope the band spans. */
  readonly confidenceZ: number;
  /** Lines within the rule's horizon, nearest first. */
  readonly lines: readonly RunwayLine[];
}

export interface FindingEvidence {
  /** One sentence with the numbers. */
  readonly summary: string;
  /** The numbers, by name (units in the name: `readyP95Pct`, `daysTo90Pct`...). */
  readonly figures: Readonly<Record<string, number | string | null>>;
  /** The forecast of a datastore-runway finding, typed; absent on every other finding. */
  readonly runway?: RunwayEvidence;
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

/** Stage 4 output: findings with their status against the previous period. */
export interface Findings {
  readonly findings: readonly Finding[];
  readonly resolved: readonly Finding[];
  readonly comparison: Comparison;
}

/** The runway forecast of a finding, or null when it is not a datastore-runway finding. */
export function runwayOf(finding: Finding): RunwayEvidence | null {
  return finding.rule === RUNWAY_RULE ? (finding.evidence.runway ?? null) : null;
}
