/**
 * The findings in the document: the full table (severity, status, confidence, evidence and
 * recommendation), the executive summary's short list, and the findings resolved since the
 * previous report.
 */
import type { Finding, FindingStatus, Severity } from '../../core/types.ts';
import { RUNWAY_RECOMMENDATION } from '../../findings/rule-storage.ts';
import type { Translator } from '../../locale/i18n.ts';
import { column, kindLabel, type ViewContext } from './view-context.ts';
import type { TableView } from './view-types.ts';

/** Findings the executive summary lists (the most severe); all are in the findings section. */
export const TOP_FINDINGS = 5;

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** Findings most severe first, then by component name. */
export function bySeverity(findings: readonly Finding[], locale: string): Finding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.subject.displayName.localeCompare(b.subject.displayName, locale),
  );
}

/**
 * A finding's title, evidence and recommendation in the report's language. Given the report's
 * generation date, a runway's "act before" date already gone by then is said to be passed.
 */
export function findingTexts(
  finding: Finding,
  tr: Translator,
  zone: string,
  generatedMs?: number,
): { title: string; summary: string; recommendation: string } {
  const m = finding.messages;
  if (m === undefined) {
    // A finding read from a report older than messages only has its English text; its rule's
    // title is still translatable (`storage-latency` → finding.storageLatency.title).
    const titleKey = `finding.${finding.rule.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}.title`;
    // Its names cannot be told from its words: the whole text is treated as a name.
    return {
      title: tr.has(titleKey) ? tr.t(titleKey) : tr.name(finding.title),
      summary: tr.name(finding.evidence.summary),
      recommendation: tr.name(finding.recommendation),
    };
  }
  const recommendation = m.recommendation.map((r) => {
    const date = r.params.date;
    const passed =
      r.key === RUNWAY_RECOMMENDATION.due &&
      typeof date === 'number' &&
      generatedMs !== undefined &&
      date <= generatedMs;
    return passed ? { ...r, key: RUNWAY_RECOMMENDATION.passed } : r;
  });
  return {
    title: tr.render(m.title, zone),
    summary: tr.renderAll(m.summary, zone),
    recommendation: tr.renderAll(recommendation, zone),
  };
}

/** The report's generation instant, epoch ms (undefined when it does not parse). */
function generatedOf(ctx: ViewContext): number | undefined {
  const ms = Date.parse(ctx.model.generatedAt);
  return Number.isFinite(ms) ? ms : undefined;
}

function subjectCell(ctx: ViewContext, f: Finding): string {
  const kind = kindLabel(ctx, f.subject.kind);
  const many = ctx.model.datacenters.length > 1 && f.subject.kind !== 'datacenter';
  return many
    ? ctx.t('findings.subjectIn', {
        name: f.subject.displayName,
        kind,
        datacenter: f.subject.datacenterName,
      })
    : ctx.t('findings.subject', { name: f.subject.displayName, kind });
}

function statusCell(ctx: ViewContext, f: Finding): string {
  if (f.status === 'persisting' && f.previousSeverity !== null && f.previousSeverity !== f.severity) {
    return ctx.t('status.persistingWas', { severity: ctx.t(`severity.${f.previousSeverity}`) });
  }
  return ctx.t(`status.${f.status}`);
}

function evidenceCell(ctx: ViewContext, f: Finding, summary: string): string {
  const coverage = f.evidence.coveragePct;
  return coverage === null
    ? summary
    : `${summary} ${ctx.t('findings.evidenceCoverage', { coverage: ctx.fmt.percent(coverage) })}`;
}

/** Every current finding, most severe first, with the comparison and confidence notes. */
export function findingsTable(ctx: ViewContext): TableView {
  const findings = bySeverity(ctx.model.findings, ctx.tr.locale);
  const count = (status: FindingStatus) => findings.filter((f) => f.status === status).length;
  const { comparison } = ctx.model;
  const parts = [
    ...(findings.length === 0 ? [ctx.t('findings.none')] : []),
    comparisonNote(ctx),
    ...(comparison.found
      ? [
          ctx.t('findings.tally', {
            new: count('new'),
            persisting: count('persisting'),
            resolved: ctx.model.resolvedFindings.length,
          }),
        ]
      : []),
    ctx.t('findings.confidenceNote'),
  ];
  return {
    id: 'findings',
    caption: ctx.t('findings.caption', { count: findings.length }),
    columns: [
      column(ctx, 'severity', false, 0.9),
      column(ctx, 'status', false, 0.9),
      column(ctx, 'confidence', false, 0.8),
      column(ctx, 'component', false, 1.5),
      column(ctx, 'finding', false, 1.2),
      column(ctx, 'evidence', false, 3),
      column(ctx, 'recommendation', false, 2.6),
    ],
    rows: findings.map((f) => {
      const text = findingTexts(f, ctx.tr, ctx.zone, generatedOf(ctx));
      return {
        cells: [
          ctx.t(`severity.${f.severity}`),
          statusCell(ctx, f),
          ctx.t(`confidence.${f.confidence}`),
          subjectCell(ctx, f),
          text.title,
          evidenceCell(ctx, f, text.summary),
          text.recommendation,
        ],
        tone: f.severity,
      };
    }),
    note: parts.join(' '),
  };
}

/** What the findings were compared with, in the report's language. */
function comparisonNote(ctx: ViewContext): string {
  const { comparison } = ctx.model;
  return comparison.found
    ? ctx.t('findings.comparedWith', { label: comparison.previousLabel })
    : ctx.t('findings.notCompared', { label: comparison.previousLabel });
}

/** Findings of the previous report that no longer hold; null when there are none. */
export function resolvedTable(ctx: ViewContext): TableView | null {
  const resolved = ctx.model.resolvedFindings;
  if (resolved.length === 0) return null;
  const label = ctx.model.comparison.previousLabel;
  return {
    id: 'findings-resolved',
    caption: ctx.t('resolved.caption', { label, count: resolved.length }),
    columns: [
      column(ctx, 'component', false, 1.6),
      column(ctx, 'finding', false, 1.2),
      column(ctx, 'was', false, 0.8),
      column(ctx, 'evidenceThen', false, 3.4),
    ],
    rows: resolved.map((f) => {
      const text = findingTexts(f, ctx.tr, ctx.zone);
      return {
        cells: [subjectCell(ctx, f), text.title, ctx.t(`severity.${f.severity}`), text.summary],
        tone: 'plain',
      };
    }),
    note: ctx.t('resolved.note', { label }),
  };
}
