/**
 * The document view: every string the PDF and the HTML show, computed once from the ReportModel
 * in the report's language. Both composers only lay this out, so the two documents cannot
 * disagree on a figure, a label or the order of sections.
 *
 *   cover → contents → executive summary (actions first, headline figures with their change,
 *   fleet charts) → what changed since the previous report
 *   → findings (evidence, status, confidence, recommendation; resolved ones)
 *   → one section per datacenter (hosts / VMs / datastores) → gaps and missing data
 */
import type { RenderedChart, ReportModel } from '../../core/types.ts';
import type { Translator } from '../../locale/i18n.ts';
import { actionsTable, headlineOf } from './actions.ts';
import { changesSection } from './changes.ts';
import { findingsTable, resolvedTable } from './findings.ts';
import { gapsSection } from './gaps.ts';
import { glossarySection } from './glossary.ts';
import { datacenterView } from './inventory-tables.ts';
import { coverNotices } from './notices.ts';
import { contentsOf, headlineFigures, viewLabels } from './summary.ts';
import { chartView, viewContext } from './view-context.ts';
import type { ReportView } from './view-types.ts';

/** Builds the document view of `model` with its rendered `charts`, in the language of `tr`. */
export function buildReportView(
  model: ReportModel,
  charts: readonly RenderedChart[],
  tr: Translator,
): ReportView {
  const ctx = viewContext(model, tr);
  const { fmt } = tr;
  const zone = model.period.timeZone;
  const generatedMs = Date.parse(model.generatedAt);
  const tags = new Set(model.datacenters.map((dc) => dc.tag));
  const datacenters = model.datacenters.map((dc) => datacenterView(ctx, dc, charts));
  const gaps = gapsSection(ctx);
  const glossary = glossarySection(ctx);
  const changes = changesSection(ctx);
  const periodRange = `${fmt.dateTime(model.period.startMs, zone)} – ${fmt.dateTime(model.period.endMs, zone)}`;
  const findingsTitle = tr.t('findings.title');
  const summary = {
    id: 'summary',
    title: tr.t('summary.title'),
    intro: tr.t('summary.intro', {
      service: model.serviceName,
      label: model.period.label,
      range: periodRange,
      zone,
    }),
    figures: headlineFigures(ctx),
    headline: headlineOf(ctx, periodRange),
    actions: actionsTable(ctx, findingsTitle),
    // Charts for no datacenter of this report belong to the whole report.
    charts: charts.filter((c) => !tags.has(c.section)).map(chartView),
  };
  const findings = {
    id: 'section-findings',
    title: findingsTitle,
    current: findingsTable(ctx),
    resolved: resolvedTable(ctx),
  };
  return {
    language: tr.language,
    lang: tr.locale,
    title: tr.t(`report.title.${model.period.kind}`, { label: model.period.label }),
    subject: tr.t('report.subject', { service: model.serviceName, range: periodRange, zone }),
    serviceName: tr.name(model.serviceName),
    datacenterNames: model.datacenters.map((dc) => tr.name(dc.name)).join(', ') || fmt.number(null),
    periodLabel: model.period.label,
    periodRange,
    timeZone: zone,
    generatedAt: Number.isFinite(generatedMs) ? fmt.dateTime(generatedMs, zone) : model.generatedAt,
    generator: `${model.generator.name} ${model.generator.version}`,
    notices: coverNotices(model, tr),
    labels: viewLabels(tr),
    summary,
    findings,
    datacenters,
    changes,
    gaps,
    glossary,
    contents: contentsOf({ summary, findings, datacenters, gaps, changes, glossary }),
  };
}
