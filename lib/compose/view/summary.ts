/**
 * The executive summary (headline figures with their change) and the document's furniture:
 * cover labels and the contents.
 */
import { hostCpuMean } from '../../aggregate/host-cpu-mean.ts';
import type { Severity } from '../../core/types.ts';
import type { Translator } from '../../locale/i18n.ts';
import { changeText } from './changes.ts';
import { detail } from './inventory-tables.ts';
import type { TextParams, ViewContext } from './view-context.ts';
import type { ContentsEntry, HeadlineFigure, ReportView, ViewLabels } from './view-types.ts';

/** The headline figures of the executive summary. */
export function headlineFigures(ctx: ViewContext): HeadlineFigure[] {
  const dcs = ctx.model.datacenters;
  const hosts = dcs.flatMap((dc) => dc.hosts);
  const vms = dcs.flatMap((dc) => dc.vms);
  const poweredOn = vms.filter((vm) => detail(vm, 'powerState') === 'poweredOn').length;
  const { coverage, findings } = ctx.model;
  const count = (severity: Severity) => findings.filter((f) => f.severity === severity).length;
  const figure = (key: string, value: string, params: TextParams = {}, change = '') => ({
    label: ctx.t(`figures.${key}.label`),
    value,
    note: ctx.t(`figures.${key}.note`, params),
    change,
  });
  const before = previousTotals(ctx);
  const previousFindings = ctx.model.comparison.found
    ? findings.filter((f) => f.status === 'persisting').length + ctx.model.resolvedFindings.length
    : null;
  return [
    figure(
      'hosts',
      ctx.fmt.integer(hosts.length),
      { count: dcs.length },
      changeText(ctx, before('hosts'), hosts.length),
    ),
    figure(
      'vms',
      ctx.fmt.integer(vms.length),
      { count: poweredOn },
      changeText(ctx, before('vms'), vms.length),
    ),
    figure('datastores', ctx.fmt.integer(dcs.reduce((n, dc) => n + dc.filers.length, 0))),
    figure('coverage', ctx.fmt.percent(coverage.expected > 0 ? coverage.pct : null), {
      received: coverage.received,
      expected: coverage.expected,
    }),
    figure(
      'fleetCpu',
      ctx.fmt.percent(hostCpuMean(hosts)),
      {},
      dcs.length === 1 ? changeText(ctx, before('hostCpuMeanPct'), hostCpuMean(hosts), 1) : '',
    ),
    figure(
      'findings',
      ctx.fmt.integer(findings.length),
      {
        critical: count('critical'),
        warning: count('warning'),
        new: findings.filter((f) => f.status === 'new').length,
      },
      changeText(ctx, previousFindings, findings.length),
    ),
  ];
}

/** A key figure's previous total over the datacenters, or null when one of them has none. */
function previousTotals(ctx: ViewContext): (figure: string) => number | null {
  const { changes, datacenters } = ctx.model;
  return (figure) => {
    if (!changes.found) return null;
    const rows = changes.keyFigures.filter((f) => f.figure === figure);
    if (rows.length !== datacenters.length || rows.some((r) => r.previous === null)) return null;
    return rows.reduce((n, r) => n + (r.previous as number), 0);
  };
}

/** The cover's and contents' fixed labels. */
export function viewLabels(tr: Translator): ViewLabels {
  const t = (key: string) => tr.t(`cover.${key}`);
  return {
    datacenters: t('datacenters'),
    period: t('period'),
    fromTo: t('fromTo'),
    endExclusive: t('endExclusive'),
    timeZone: t('timeZone'),
    generated: t('generated'),
    generatedBy: t('generatedBy'),
    contents: tr.t('contents.title'),
    skipLink: tr.t('html.skipLink'),
  };
}

/** The contents: summary, what changed, findings, each datacenter with its sections, gaps. */
export function contentsOf(
  view: Pick<ReportView, 'summary' | 'findings' | 'datacenters' | 'gaps' | 'changes' | 'glossary'>,
): ContentsEntry[] {
  const { summary, findings, datacenters, gaps, changes, glossary } = view;
  return [
    { id: summary.id, title: summary.title, children: [] },
    { id: changes.id, title: changes.title, children: [] },
    { id: findings.id, title: findings.title, children: [] },
    ...datacenters.map((dc) => ({
      id: dc.id,
      title: dc.title,
      children: dc.sections.map((s) => ({ id: s.id, title: s.title, children: [] })),
    })),
    { id: gaps.id, title: gaps.title, children: [] },
    { id: glossary.id, title: glossary.title, children: [] },
  ];
}
