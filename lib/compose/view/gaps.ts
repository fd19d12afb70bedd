/**
 * The gaps section: failed queries, gaps in the series that came, components without series,
 * series of unknown components.
 */
import { DateTime } from 'luxon';
import { failedQueries, isSeriesGap, type SeriesGap } from '../../core/types.ts';
import { column, kindLabel, type ViewContext } from './view-context.ts';
import type { SectionView, TableView } from './view-types.ts';

/** Rows of the series-gaps table at most: the longest gaps, shown in time order; JSON has them all. */
export const GAP_ROWS = 30;
/** Components named in one row at most; the others are counted. */
const NAMES_PER_ROW = 5;

/** One row: the gaps of one span on the same components, their metrics merged. */
interface GapRow {
  readonly first: SeriesGap;
  readonly metrics: string[];
}

function mergeByComponents(gaps: readonly SeriesGap[]): GapRow[] {
  const rows = new Map<string, GapRow>();
  for (const g of gaps) {
    const id = [g.datacenterTag, g.kind, g.startMs, g.endMs, ...g.components].join('\u0000');
    const row = rows.get(id);
    if (row) row.metrics.push(g.metric);
    else rows.set(id, { first: g, metrics: [g.metric] });
  }
  return [...rows.values()];
}

function duration(ctx: ViewContext, seconds: number): string {
  const minutes = Math.round(seconds / 60);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return ctx.t('gaps.series.minutes', { minutes: rest });
  return rest === 0
    ? ctx.t('gaps.series.hours', { hours })
    : ctx.t('gaps.series.hoursMinutes', { hours, minutes: rest });
}

function span(ctx: ViewContext, startMs: number, endMs: number): string {
  const day = (ms: number) => DateTime.fromMillis(ms, { zone: ctx.zone }).toISODate();
  const key = day(startMs) === day(endMs) ? 'finding.common.spanSameDay' : 'finding.common.span';
  return ctx.tr.render({ key, params: { from: startMs, to: endMs } }, ctx.zone);
}

/** Every gap longer than one bucket in the series that came, the longest GAP_ROWS rows of them. */
function seriesGapsTable(ctx: ViewContext, metric: (m: string) => string): TableView | null {
  const all = mergeByComponents(ctx.model.gaps.filter(isSeriesGap));
  if (all.length === 0) return null;
  const dcIndex = new Map(ctx.model.datacenters.map((dc, i) => [dc.tag, i]));
  const names = new Map(
    ctx.model.datacenters.flatMap((dc) =>
      [...dc.hosts, ...dc.vms, ...dc.filers].map((c) => [
        `${dc.tag}\u0000${c.kind}\u0000${c.key}`,
        c.displayName,
      ]),
    ),
  );
  const dcName = new Map(ctx.model.datacenters.map((dc) => [dc.tag, dc.name]));
  const shown = [...all]
    .sort((a, b) => b.first.durationSeconds - a.first.durationSeconds)
    .slice(0, GAP_ROWS)
    .sort(
      (a, b) =>
        (dcIndex.get(a.first.datacenterTag) ?? 0) - (dcIndex.get(b.first.datacenterTag) ?? 0) ||
        a.first.startMs - b.first.startMs,
    );
  const componentCell = (g: SeriesGap) => {
    const listed = g.components
      .slice(0, NAMES_PER_ROW)
      .map((key) => ctx.tr.name(names.get(`${g.datacenterTag}\u0000${g.kind}\u0000${key}`) ?? key))
      .join(ctx.t('join.list'));
    const more = g.components.length - NAMES_PER_ROW;
    return more > 0 ? ctx.t('gaps.series.more', { names: listed, count: more }) : listed;
  };
  return {
    id: 'gaps-series',
    caption: ctx.t('gaps.series.caption', { count: all.length }),
    columns: [
      column(ctx, 'datacenter', false, 1.2),
      column(ctx, 'kind', false, 0.8),
      column(ctx, 'components', false, 1.8),
      column(ctx, 'metric', false, 2),
      column(ctx, 'gapSpan', false, 2),
      column(ctx, 'gapDuration', true, 0.9),
    ],
    rows: shown.map(({ first: g, metrics }) => ({
      cells: [
        ctx.tr.name(dcName.get(g.datacenterTag) ?? g.datacenterTag),
        kindLabel(ctx, g.kind),
        componentCell(g),
        metrics.map(metric).join(ctx.t('join.list')),
        span(ctx, g.startMs, g.endMs),
        duration(ctx, g.durationSeconds),
      ],
      tone: 'flagged',
    })),
    note: [
      ctx.t('gaps.series.note', { zone: ctx.zone, minutes: ctx.model.intervalSeconds / 60 }),
      all.length > shown.length
        ? ctx.t('gaps.series.capped', { shown: shown.length, count: all.length })
        : '',
    ]
      .filter((s) => s !== '')
      .join(' '),
  };
}

/** What could not be obtained or placed, table by table; empty when nothing is missing. */
export function gapsSection(ctx: ViewContext): SectionView {
  const dcName = new Map(ctx.model.datacenters.map((dc) => [dc.tag, dc.name]));
  const name = (tag: string) => ctx.tr.name(dcName.get(tag) ?? tag);
  const names = (list: readonly string[]) => list.map((c) => ctx.tr.name(c)).join(', ');
  const tables: TableView[] = [];
  const metric = (m: string) => (ctx.tr.has(`metric.${m}`) ? ctx.t(`metric.${m}`) : ctx.tr.name(m));
  const queries = failedQueries(ctx.model.gaps);
  if (queries.length > 0) {
    tables.push({
      id: 'gaps-queries',
      caption: ctx.t('gaps.queries.caption', { count: queries.length }),
      columns: [
        column(ctx, 'metric', false, 2.2),
        column(ctx, 'datacenter', false, 1.3),
        column(ctx, 'components', false, 2),
        column(ctx, 'reason', false, 2.5),
      ],
      rows: queries.map((g) => ({
        cells: [
          `${metric(g.metric)} (${g.metric})`,
          name(g.datacenterTag),
          g.components.length > 0 ? names(g.components) : ctx.t('gaps.queries.all'),
          // A server's words: they may quote anything, so they are shown as a name is.
          ctx.tr.name(g.reason),
        ],
        tone: 'flagged',
      })),
      note: ctx.t('gaps.queries.note'),
    });
  }
  const series = seriesGapsTable(ctx, metric);
  if (series) tables.push(series);
  const missing = ctx.model.datacenters.flatMap((dc) =>
    // A powered-off VM is expected to be silent: not missing data (the same rule as every total).
    [...dc.hosts, ...dc.vms, ...dc.filers]
      .filter((c) => c.missingSeries && c.details.powerState !== 'poweredOff')
      .map((c) => ({ dc, c })),
  );
  if (missing.length > 0) {
    tables.push({
      id: 'gaps-components',
      caption: ctx.t('gaps.components.caption', { count: missing.length }),
      columns: [
        column(ctx, 'datacenter', false, 1.3),
        column(ctx, 'kind', false, 0.9),
        column(ctx, 'name', false, 2.5),
        column(ctx, 'key', false, 1.5),
      ],
      rows: missing.map(({ dc, c }) => ({
        cells: [ctx.tr.name(dc.name), kindLabel(ctx, c.kind), ctx.tr.name(c.displayName), ctx.tr.name(c.key)],
        tone: 'flagged',
      })),
      note: ctx.t('gaps.components.note'),
    });
  }
  const unknown = ctx.model.datacenters.flatMap((dc) => dc.unknownComponents.map((u) => ({ dc, u })));
  if (unknown.length > 0) {
    tables.push({
      id: 'gaps-unknown',
      caption: ctx.t('gaps.unknown.caption', { count: unknown.length }),
      columns: [
        column(ctx, 'datacenter', false, 1.3),
        column(ctx, 'metric', false, 2.5),
        column(ctx, 'component', false, 2),
      ],
      rows: unknown.map(({ dc, u }) => ({
        cells: [
          ctx.tr.name(dc.name),
          `${metric(u.metric)} (${ctx.tr.name(u.metric)})`,
          ctx.tr.name(u.component),
        ],
        tone: 'plain',
      })),
      note: ctx.t('gaps.unknown.note'),
    });
  }
  return {
    id: 'gaps',
    title: ctx.t('gaps.title'),
    tables,
    charts: [],
    empty: ctx.t('gaps.none'),
  };
}
