/**
 * "This week" first: the actions of the executive summary, one line per component with its
 * findings merged, ranked by severity then urgency, each with its evidence, what to do and by
 * when (counted from the report's generation date; a date already gone is said to be passed);
 * and the headline a cover shows (overall status, number of actions, period, coverage).
 */
import { type Finding, runwayOf, type Severity } from '../../core/types.ts';
import { findingTexts } from './findings.ts';
import { column, kindLabel, type ViewContext } from './view-context.ts';
import type { Headline, TableView } from './view-types.ts';

/** Lines the summary lists; the rest are in the findings section. */
export const ACTIONS_SHOWN = 10;

const DAY_MS = 86_400_000;
const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** One component's findings as one line to act on. */
export interface Action {
  readonly severity: Severity;
  /** Findings of the component, most severe first. */
  readonly findings: readonly Finding[];
  /**
   * When to act by, epoch ms: the earliest date a forecast reaches its line; null for a
   * condition that holds now (nothing to wait for).
   */
  readonly deadlineMs: number | null;
}

/** The earliest date a finding's forecast says to act by, or null when it holds now. */
export function deadlineOf(finding: Finding, periodEndMs: number): number | null {
  const next = runwayOf(finding)?.lines[0];
  return next === undefined ? null : periodEndMs + next.daysEarliest * DAY_MS;
}

/**
 * Current findings grouped by component, ranked: most severe first; within a severity, what
 * holds now before what a forecast dates, forecasts by date; new before persisting; then by name.
 */
export function rankActions(findings: readonly Finding[], periodEndMs: number, locale = 'en'): Action[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.subject.datacenterTag}\u0000${f.subject.kind}\u0000${f.subject.key}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const actions: Action[] = [...groups.values()].map((group) => {
    const sorted = [...group].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
    const deadlines = sorted.map((f) => deadlineOf(f, periodEndMs)).filter((d): d is number => d !== null);
    const now = sorted.some((f) => deadlineOf(f, periodEndMs) === null);
    return {
      severity: (sorted[0] as Finding).severity,
      findings: sorted,
      deadlineMs: now || deadlines.length === 0 ? null : Math.min(...deadlines),
    };
  });
  const urgency = (a: Action) => a.deadlineMs ?? Number.NEGATIVE_INFINITY;
  const isNew = (a: Action) => (a.findings.some((f) => f.status === 'new') ? 0 : 1);
  return actions.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      urgency(a) - urgency(b) ||
      isNew(a) - isNew(b) ||
      (a.findings[0] as Finding).subject.displayName.localeCompare(
        (b.findings[0] as Finding).subject.displayName,
        locale,
      ),
  );
}

/** "Now", "by 9 Dec 2026 (in 5 days)" or "passed (2 Dec 2026)", counted from the generation date. */
function whenCell(ctx: ViewContext, deadlineMs: number | null): string {
  if (deadlineMs === null) return ctx.t('actions.now');
  const date = ctx.tr.render({ key: 'actions.date', params: { date: deadlineMs } }, ctx.zone);
  const generatedMs = Date.parse(ctx.model.generatedAt);
  if (!Number.isFinite(generatedMs)) return ctx.t('actions.by', { date });
  const days = Math.floor((deadlineMs - generatedMs) / DAY_MS);
  if (deadlineMs <= generatedMs) return ctx.t('actions.passed', { date });
  return ctx.t('actions.byIn', { date, count: days });
}

/** The summary's action lines: severity, component, findings, evidence, recommendation, when. */
export function actionsTable(ctx: ViewContext, findingsTitle: string): TableView {
  const all = rankActions(ctx.model.findings, ctx.model.period.endMs, ctx.tr.locale);
  const shown = all.slice(0, ACTIONS_SHOWN);
  const parsed = Date.parse(ctx.model.generatedAt);
  const generatedMs = Number.isFinite(parsed) ? parsed : undefined;
  return {
    id: 'actions',
    caption: ctx.t('actions.caption', { count: all.length, shown: shown.length }),
    columns: [
      column(ctx, 'severity', false, 0.8),
      column(ctx, 'component', false, 1.3),
      column(ctx, 'finding', false, 1.1),
      column(ctx, 'evidence', false, 2.6),
      column(ctx, 'recommendation', false, 2.6),
      column(ctx, 'actBy', false, 1),
    ],
    rows: shown.map((a) => {
      const first = a.findings[0] as Finding;
      const texts = a.findings.map((f) => findingTexts(f, ctx.tr, ctx.zone, generatedMs));
      return {
        cells: [
          ctx.t(`severity.${a.severity}`),
          ctx.t('findings.subject', {
            name: first.subject.displayName,
            kind: kindLabel(ctx, first.subject.kind),
          }),
          texts.map((t) => t.title).join(ctx.t('join.list')),
          texts.map((t) => t.summary).join(' '),
          [...new Set(texts.map((t) => t.recommendation))].join(' '),
          whenCell(ctx, a.deadlineMs),
        ],
        tone: a.severity,
      };
    }),
    note:
      all.length === 0
        ? ctx.t('actions.none')
        : all.length > shown.length
          ? ctx.t('actions.noteHidden', { count: all.length - shown.length, section: findingsTitle })
          : ctx.t('actions.note', { section: findingsTitle }),
  };
}

/** The headline a cover shows: overall status, number of actions, period, coverage. */
export function headlineOf(ctx: ViewContext, periodRange: string): Headline {
  const { findings, coverage, period } = ctx.model;
  const worst = findings.reduce<Severity | null>(
    (w, f) => (w === null || SEVERITY_ORDER[f.severity] < SEVERITY_ORDER[w] ? f.severity : w),
    null,
  );
  const status = worst ?? 'ok';
  const actions = rankActions(findings, period.endMs, ctx.tr.locale).length;
  const coveragePct = coverage.expected > 0 ? coverage.pct : null;
  return {
    status,
    statusText: ctx.t(`headline.status.${status}`),
    actions,
    actionsText: ctx.t('headline.actions', { count: actions }),
    period: `${period.label}: ${periodRange}`,
    coveragePct,
    coverageText: ctx.t('headline.coverage', { coverage: ctx.fmt.percent(coveragePct) }),
  };
}
