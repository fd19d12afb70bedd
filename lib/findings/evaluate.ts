/**
 * Stage 4, findings: every rule over every component of the aggregates, plus the data-level
 * findings of each datacenter, each with a stable id, a confidence from its data's coverage, and
 * a status against the previous report.
 */
import type { Aggregates, Finding, FindingSubject, Findings, Severity } from '../core/types.ts';
import type { FindingsConfig } from './config.ts';
import { type Draft, msg } from './draft.ts';
import { hostLossFindings } from './rule-capacity.ts';
import { datacenterDataFindings } from './rule-missing-data.ts';
import { COMPONENT_RULES, HOST_LOSS_RULE, RULE_ORDER } from './rules.ts';
import { type CurrentFinding, compareWithPrevious, type PreviousReport } from './status.ts';

export interface PreviousInput {
  /** Label of the period compared with. */
  readonly label: string;
  /** The previous report's findings, or null when there is none to compare with. */
  readonly report: PreviousReport | null;
  /** Why there is none (not found, unreadable...); empty when there is one. */
  readonly note: string;
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** `<rule>:<kind>:<datacenter tag>:<key>`: the same component and rule give the same id every period. */
export function findingId(rule: string, subject: FindingSubject): string {
  return `${rule}:${subject.kind}:${subject.datacenterTag}:${subject.key}`;
}

function toFinding(
  rule: string,
  subject: FindingSubject,
  draft: Draft,
  aggregates: Aggregates,
  config: FindingsConfig,
): CurrentFinding {
  const low = draft.coveragePct !== null && draft.coveragePct < config.lowConfidenceCoveragePct;
  const { period } = aggregates;
  return {
    id: findingId(rule, subject),
    rule,
    severity: draft.severity,
    confidence: low ? 'low' : 'high',
    subject,
    title: draft.title,
    evidence: {
      summary: low
        ? `${draft.summary} Only ${(draft.coveragePct as number).toFixed(1)} % of the expected samples: a possibility, not a fact.`
        : draft.summary,
      figures: draft.figures,
      ...(draft.runway === undefined ? {} : { runway: draft.runway }),
      coveragePct: draft.coveragePct,
      period: { label: period.label, startIso: period.startIso, endIso: period.endIso },
    },
    recommendation: draft.recommendation,
    messages: low
      ? {
          ...draft.messages,
          summary: [
            ...draft.messages.summary,
            msg('finding.common.lowConfidence', { coverage: draft.coveragePct }),
          ],
        }
      : draft.messages,
  };
}

function byListingOrder(a: CurrentFinding | Finding, b: CurrentFinding | Finding): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    RULE_ORDER.indexOf(a.rule) - RULE_ORDER.indexOf(b.rule) ||
    a.subject.displayName.localeCompare(b.subject.displayName, 'en') ||
    a.id.localeCompare(b.id, 'en')
  );
}

/** Evaluates the rules over the aggregates and compares the result with the previous report. */
export function evaluateFindings(
  aggregates: Aggregates,
  config: FindingsConfig,
  previous: PreviousInput,
): Findings {
  const current: CurrentFinding[] = [];
  for (const dc of aggregates.datacenters) {
    for (const component of [...dc.hosts, ...dc.vms, ...dc.filers]) {
      const subject: FindingSubject = {
        kind: component.kind,
        key: component.key,
        displayName: component.displayName,
        datacenterTag: dc.tag,
        datacenterName: dc.name,
      };
      for (const rule of COMPONENT_RULES) {
        if (!rule.kinds.includes(component.kind) || !rule.enabled(config)) continue;
        const draft = rule.evaluate({ component, dc, config, period: aggregates.period });
        if (draft) current.push(toFinding(rule.id, subject, draft, aggregates, config));
      }
    }
    for (const { subject, draft } of datacenterDataFindings(dc, aggregates.gaps, config)) {
      current.push(toFinding('missing-data', subject, draft, aggregates, config));
    }
    for (const { subject, draft } of hostLossFindings(dc, config)) {
      current.push(toFinding(HOST_LOSS_RULE, subject, draft, aggregates, config));
    }
  }
  current.sort(byListingOrder);
  const result = compareWithPrevious(current, previous.report, {
    previousLabel: previous.label,
    note: previous.note,
  });
  return { ...result, resolved: [...result.resolved].sort(byListingOrder) };
}
