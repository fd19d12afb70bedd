/**
 * The fleet's charts, in the executive summary: hour-of-week heatmaps of the profiled metrics
 * (mean of every component's samples per local hour, Monday to Sunday), and how the components'
 * p95 figures spread over the fleet (the model's histograms).
 */
import { DateTime } from 'luxon';
import type { Distribution, FleetProfile, ReportModel } from '../core/types.ts';
import {
  CHART_LIMITS,
  type ChartRequest,
  type ChartRow,
  chartText,
  type PlanContext,
} from './plan-context.ts';

/** Section id of the charts about the whole fleet. */
export const SUMMARY_SECTION = 'summary';

const HOURS = 24;
const DAYS = 7;
const CELL = { width: 16, height: 18 } as const;
const DISTRIBUTION_HEIGHT = 110;
const KIND_ORDER = { host: 0, vm: 1, filer: 2 } as const;

function weekdayLabel(ctx: PlanContext, index: number, width: 'ccc' | 'cccc' = 'ccc'): string {
  // 2024-01-01 is a Monday: the profile's cell 0 starts on Monday at 00h.
  return DateTime.fromObject({ year: 2024, month: 1, day: 1 + index }, { zone: 'UTC' })
    .setLocale(ctx.tr.locale)
    .toFormat(width);
}

function hourLabel(hour: number): string {
  return DateTime.fromObject({ hour }, { zone: 'UTC' }).toFormat('HH:mm');
}

function metricLabel(ctx: PlanContext, metric: string): string {
  return ctx.tr.has(`metric.${metric}`) ? ctx.tr.t(`metric.${metric}`) : metric;
}

function profileChart(profile: FleetProfile, ctx: PlanContext): ChartRequest | null {
  const rows: ChartRow[] = [];
  let peak: { cell: number; value: number } | null = null;
  let low: { cell: number; value: number } | null = null;
  profile.cells.forEach((value, cell) => {
    if (value === null || cell >= DAYS * HOURS) return;
    const day = Math.floor(cell / HOURS);
    rows.push({ day: weekdayLabel(ctx, day), dayIndex: day, hour: cell % HOURS, value });
    if (peak === null || value > peak.value) peak = { cell, value };
    if (low === null || value < low.value) low = { cell, value };
  });
  if (peak === null || low === null) return null;
  const when = (p: { cell: number; value: number }) => ({
    day: weekdayLabel(ctx, Math.floor(p.cell / HOURS), 'cccc'),
    hour: hourLabel(p.cell % HOURS),
    value: ctx.fmt.percent(p.value),
  });
  const busiest = when(peak);
  const quietest = when(low);
  const blank = DAYS * HOURS - rows.length;
  const what = chartText(ctx, `profile.kind.${profile.kind}`, { metric: metricLabel(ctx, profile.metric) });
  return {
    id: `${SUMMARY_SECTION}/profile-${profile.kind}-${profile.metric.replace(/\./g, '-')}`,
    kind: 'heatmap',
    template: 'week-heatmap.vl.json',
    title: chartText(ctx, 'profile.title', { what }),
    description: [
      chartText(ctx, 'profile.description', { what, zone: ctx.zone }),
      chartText(ctx, 'profile.extremes', {
        busiestDay: busiest.day,
        busiestHour: busiest.hour,
        busiest: busiest.value,
        quietestDay: quietest.day,
        quietestHour: quietest.hour,
        quietest: quietest.value,
      }),
      ...(blank > 0 ? [chartText(ctx, 'profile.blank', { count: blank })] : []),
    ].join(' '),
    section: SUMMARY_SECTION,
    params: {},
    values: rows,
    width: HOURS * CELL.width,
    height: DAYS * CELL.height,
    locale: ctx.tr.locale,
  };
}

/** Hour-of-week heatmaps of the fleet profiles, hosts first, at most CHART_LIMITS.profiles. */
export function profileCharts(model: ReportModel, ctx: PlanContext): ChartRequest[] {
  return [...model.fleet.profiles]
    .sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.metric.localeCompare(b.metric, 'en'))
    .slice(0, CHART_LIMITS.profiles)
    .map((p) => profileChart(p, ctx))
    .filter((c): c is ChartRequest => c !== null);
}

function distributionLabel(ctx: PlanContext, d: Distribution): string {
  const key = `distribution.label.${d.id}`;
  return ctx.tr.has(key) ? ctx.tr.t(key) : d.label;
}

/** Bin labels: `0–10`, …, and `90+` for the last bin, which takes everything above its edge. */
export function binLabels(ctx: PlanContext, edges: readonly number[]): string[] {
  return edges
    .slice(0, -1)
    .map((low, i) =>
      i === edges.length - 2
        ? `${ctx.fmt.compact(low)}+`
        : `${ctx.fmt.compact(low)}–${ctx.fmt.compact(edges[i + 1] as number)}`,
    );
}

/** One chart of small multiples: a histogram per fleet distribution, or null when there is none. */
export function distributionChart(model: ReportModel, ctx: PlanContext): ChartRequest | null {
  const distributions = model.fleet.distributions.filter((d) => d.counts.length > 0);
  if (distributions.length === 0) return null;
  const rows: ChartRow[] = [];
  const listed: string[] = [];
  distributions.forEach((d, order) => {
    const label = distributionLabel(ctx, d);
    const bins = binLabels(ctx, d.edges);
    d.counts.forEach((count, binIndex) => {
      rows.push({ distribution: label, order, bin: bins[binIndex] ?? '', binIndex, count });
    });
    const counts = d.counts
      .map((count, i) => `${bins[i]}: ${ctx.fmt.integer(count)}`)
      .join(ctx.tr.t('join.list'));
    listed.push(
      d.missing > 0
        ? chartText(ctx, 'distribution.itemMissing', { label, counts, count: d.missing })
        : chartText(ctx, 'distribution.item', { label, counts }),
    );
  });
  return {
    id: `${SUMMARY_SECTION}/distributions`,
    kind: 'distribution',
    template: 'distribution.vl.json',
    title: chartText(ctx, 'distribution.title'),
    description: `${chartText(ctx, 'distribution.description')} ${listed.join(ctx.tr.t('join.semi'))}.`,
    section: SUMMARY_SECTION,
    params: { countTitle: chartText(ctx, 'distribution.axis') },
    values: rows,
    width: Math.round((ctx.plotWidth - 60) / 2),
    height: DISTRIBUTION_HEIGHT,
    locale: ctx.tr.locale,
  };
}
