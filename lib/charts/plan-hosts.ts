/**
 * The hosts' chart: CPU usage over the period, one line per host (the busiest few), each host's
 * p95 as a dashed rule, and the warning band above the threshold.
 */
import type { MetricName } from '../core/catalogue.ts';
import {
  type ComponentReport,
  type DatacenterReport,
  type MetricStats,
  type Series,
  seriesKey,
} from '../core/types.ts';
import {
  bandRows,
  byValueDesc,
  CHART_LIMITS,
  CHART_THRESHOLDS,
  type ChartRequest,
  type ChartRow,
  chartText,
  gapRows,
  lineRows,
  type PlanContext,
  periodParams,
  thresholdRows,
  thresholdSentence,
  uniqueLabels,
  whichShown,
} from './plan-context.ts';

export const HOST_CPU = 'vscope.host.cpu.usage.perc' satisfies MetricName;
const HEIGHT = 200;

/** Host CPU usage over time, or null when no host has samples. */
export function hostCpuChart(dc: DatacenterReport, ctx: PlanContext): ChartRequest | null {
  const candidates = dc.hosts
    .map((host) => ({
      host,
      stats: host.metrics[HOST_CPU],
      series: ctx.series.get(seriesKey(dc.tag, HOST_CPU, host.key)),
    }))
    .filter(
      (e): e is { host: ComponentReport; stats: MetricStats & { p95: number }; series: Series } =>
        typeof e.stats?.p95 === 'number' && !!e.series,
    );
  if (candidates.length === 0) return null;
  candidates.sort(
    byValueDesc(
      (e) => e.stats.p95,
      (e) => e.host.displayName,
    ),
  );
  const shown = candidates.slice(0, CHART_LIMITS.seriesPerChart);
  const labels = uniqueLabels(shown.map((e) => e.host));
  const lines = shown.map((e) => ({
    label: labels.get(e.host) ?? e.host.displayName,
    series: e.series,
    scale: 1,
  }));
  const p95Rows: ChartRow[] = shown.map((e, i) => ({
    row: 'p95',
    series: lines[i]?.label ?? '',
    value: e.stats.p95,
  }));
  const listed = shown.map((e, i) =>
    chartText(ctx, 'hostCpu.item', {
      name: lines[i]?.label ?? '',
      p95: ctx.fmt.percent(e.stats.p95),
      max: ctx.fmt.percent(e.stats.max),
    }),
  );
  const threshold = CHART_THRESHOLDS.hostCpuPct;
  const gaps = gapRows(
    ctx,
    dc.tag,
    HOST_CPU,
    shown.map((e) => e.host.key),
  );
  return {
    id: `${dc.tag}/hosts/cpu-usage`,
    kind: 'timeseries',
    template: 'timeseries.vl.json',
    title: chartText(ctx, 'hostCpu.title'),
    description: `${chartText(ctx, 'hostCpu.description', {
      which: whichShown(ctx, 'hostCpu.which', shown.length, candidates.length),
      datacenter: dc.name,
      list: listed.join(ctx.tr.t('join.semi')),
    })} ${thresholdSentence(threshold, '%', ctx)}${gaps.sentence ? ` ${gaps.sentence}` : ''}`,
    section: dc.tag,
    params: { valueTitle: chartText(ctx, 'hostCpu.axis'), ...periodParams(ctx) },
    values: [
      ...gaps.rows,
      ...lineRows(lines, ctx),
      ...p95Rows,
      ...bandRows(threshold, 100),
      ...thresholdRows(threshold, '%', ctx),
    ],
    width: ctx.plotWidth,
    height: HEIGHT,
    locale: ctx.tr.locale,
  };
}
