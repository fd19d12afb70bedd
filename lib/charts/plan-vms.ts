/**
 * The VMs' charts: a VM × day heatmap of daily mean CPU (the busiest VMs), and top-N bars by
 * CPU p95, CPU ready per vCPU and disk write latency.
 */
import { DateTime } from 'luxon';
import type { MetricName } from '../core/catalogue.ts';
import {
  type ComponentReport,
  type DatacenterReport,
  DERIVED,
  type MetricStats,
  type Series,
  seriesKey,
} from '../core/types.ts';
import {
  byValueDesc,
  CHART_LIMITS,
  CHART_THRESHOLDS,
  type ChartRequest,
  type ChartRow,
  chartText,
  formatValue,
  levelOf,
  type PlanContext,
  type Threshold,
  thresholdRows,
  thresholdSentence,
  uniqueLabels,
  whichShown,
} from './plan-context.ts';

export const VM_CPU = 'vscope.vm.cpu.usage.perc' satisfies MetricName;
const ROW_HEIGHT = { bar: 18, heatmap: 16 } as const;

interface TopBarsSpec {
  readonly name: string;
  /** Key under chart.top.<key> for the title's figure and the axis title. */
  readonly key: string;
  readonly unit: '%' | 'ms';
  readonly threshold: Threshold;
  readonly stats: (vm: ComponentReport) => MetricStats | undefined;
}

/** The top-N charts, in the order the VMs section shows them. */
export const TOP_BARS: readonly TopBarsSpec[] = [
  {
    name: 'top-cpu-p95',
    key: 'cpu',
    unit: '%',
    threshold: CHART_THRESHOLDS.vmCpuPct,
    stats: (vm) => vm.metrics[VM_CPU],
  },
  {
    name: 'top-cpu-ready-p95',
    key: 'ready',
    unit: '%',
    threshold: CHART_THRESHOLDS.cpuReadyPct,
    stats: (vm) => vm.derived[DERIVED.cpuReadyPct],
  },
  {
    name: 'top-disk-write-latency-p95',
    key: 'writeLatency',
    unit: 'ms',
    threshold: CHART_THRESHOLDS.diskLatencyMs,
    stats: (vm) => vm.metrics['vscope.vm.disk.latency.write'],
  },
];

/** The N VMs with the highest p95 of one figure, or null when no VM has it. */
export function topBarsChart(dc: DatacenterReport, spec: TopBarsSpec, ctx: PlanContext): ChartRequest | null {
  const ranked = dc.vms
    .map((vm) => ({ vm, p95: spec.stats(vm)?.p95 ?? null }))
    .filter((entry): entry is { vm: ComponentReport; p95: number } => entry.p95 !== null);
  if (ranked.length === 0) return null;
  ranked.sort(
    byValueDesc(
      (e) => e.p95,
      (e) => e.vm.displayName,
    ),
  );
  const top = ranked.slice(0, CHART_LIMITS.topN);
  const labels = uniqueLabels(top.map((e) => e.vm));
  const bars: ChartRow[] = top.map((e, rank) => ({
    row: 'bar',
    label: labels.get(e.vm) ?? e.vm.displayName,
    rank,
    value: e.p95,
    valueLabel: formatValue(ctx, e.p95, spec.unit),
    level: levelOf(e.p95, spec.threshold),
  }));
  const listed = top.map(
    (e) => `${labels.get(e.vm) ?? e.vm.displayName} ${formatValue(ctx, e.p95, spec.unit)}`,
  );
  const title = chartText(ctx, 'top.title', {
    count: top.length,
    figure: chartText(ctx, `top.${spec.key}.figure`),
  });
  return {
    id: `${dc.tag}/vms/${spec.name}`,
    kind: 'top-bars',
    template: 'top-bars.vl.json',
    title,
    description: `${chartText(ctx, 'top.description', {
      title,
      count: ranked.length,
      datacenter: dc.name,
      list: listed.join(ctx.tr.t('join.list')),
    })} ${thresholdSentence(spec.threshold, spec.unit, ctx)}`,
    section: dc.tag,
    params: { valueTitle: chartText(ctx, `top.${spec.key}.axis`) },
    values: [...bars, ...thresholdRows(spec.threshold, spec.unit, ctx)],
    width: ctx.plotWidth - 120,
    height: top.length * ROW_HEIGHT.bar,
    locale: ctx.tr.locale,
  };
}

interface Day {
  readonly label: string;
  readonly startMs: number;
  readonly endMs: number;
}

/** Calendar days of the period in its time zone (a DST day is 23 or 25 hours long). */
function daysOf(ctx: PlanContext): Day[] {
  const days: Day[] = [];
  let cursor = DateTime.fromMillis(ctx.startMs, { zone: ctx.zone }).startOf('day');
  // Long periods get day-of-month labels only, so 31 columns still fit.
  const long = DateTime.fromMillis(ctx.endMs, { zone: ctx.zone }).diff(cursor, 'days').days > 10;
  while (cursor.toMillis() < ctx.endMs) {
    const next = cursor.plus({ days: 1 }).startOf('day');
    days.push({
      label: long ? cursor.toFormat('d') : cursor.setLocale(ctx.tr.locale).toFormat('ccc d'),
      startMs: Math.max(ctx.startMs, cursor.toMillis()),
      endMs: Math.min(ctx.endMs, next.toMillis()),
    });
    cursor = next;
  }
  return days;
}

/** Mean of each day's samples; null for a day without any. Timestamps are epoch seconds, ascending. */
function dailyMeans(series: Series, days: readonly Day[]): (number | null)[] {
  const sums = new Float64Array(days.length);
  const counts = new Uint32Array(days.length);
  let d = 0;
  for (let i = 0; i < series.timestamps.length && d < days.length; i++) {
    const tMs = (series.timestamps[i] as number) * 1000;
    const value = series.values[i] as number;
    while (d < days.length && tMs >= (days[d] as Day).endMs) d++;
    if (d >= days.length || tMs < (days[d] as Day).startMs || !Number.isFinite(value)) continue;
    sums[d] = (sums[d] as number) + value;
    counts[d] = (counts[d] as number) + 1;
  }
  return Array.from(sums, (sum, i) => ((counts[i] as number) > 0 ? sum / (counts[i] as number) : null));
}

/** VM × day heatmap of daily mean CPU for the busiest VMs, or null when no VM has samples. */
export function vmHeatmap(dc: DatacenterReport, ctx: PlanContext): ChartRequest | null {
  const candidates = dc.vms
    .map((vm) => ({
      vm,
      p95: vm.metrics[VM_CPU]?.p95 ?? null,
      series: ctx.series.get(seriesKey(dc.tag, VM_CPU, vm.key)),
    }))
    .filter((e): e is { vm: ComponentReport; p95: number; series: Series } => e.p95 !== null && !!e.series);
  if (candidates.length === 0) return null;
  candidates.sort(
    byValueDesc(
      (e) => e.p95,
      (e) => e.vm.displayName,
    ),
  );
  const shown = candidates.slice(0, CHART_LIMITS.heatmapRows);
  const labels = uniqueLabels(shown.map((e) => e.vm));
  const days = daysOf(ctx);
  const rows: ChartRow[] = [];
  for (const [rank, entry] of shown.entries()) {
    const label = labels.get(entry.vm) ?? entry.vm.displayName;
    for (const [dayIndex, value] of dailyMeans(entry.series, days).entries()) {
      if (value !== null) rows.push({ label, rank, day: (days[dayIndex] as Day).label, dayIndex, value });
    }
  }
  const peak = rows.reduce<ChartRow | null>(
    (best, row) => (best === null || (row.value as number) > (best.value as number) ? row : best),
    null,
  );
  const peakSentence =
    peak === null
      ? ''
      : ` ${chartText(ctx, 'vmHeatmap.peak', {
          name: peak.label as string,
          day: peak.day as string,
          value: ctx.fmt.percent(peak.value as number),
        })}`;
  return {
    id: `${dc.tag}/vms/cpu-daily-heatmap`,
    kind: 'heatmap',
    template: 'heatmap.vl.json',
    title: chartText(ctx, 'vmHeatmap.title'),
    description:
      chartText(ctx, 'vmHeatmap.description', {
        zone: ctx.zone,
        which: whichShown(ctx, 'vmHeatmap.which', shown.length, candidates.length),
        datacenter: dc.name,
      }) + peakSentence,
    section: dc.tag,
    params: {},
    values: rows,
    width: ctx.plotWidth - 120,
    height: shown.length * ROW_HEIGHT.heatmap,
    locale: ctx.tr.locale,
  };
}
