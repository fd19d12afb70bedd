/**
 * Chart planning: decides which charts a report carries and computes their data rows, without
 * rendering anything (no vega here), so the choice and the bound can be tested on their own.
 *
 * Whatever the number of hosts, VMs and datastores, a report carries at most
 * MAX_CHARTS_PER_DATACENTER × datacenters + MAX_FLEET_CHARTS charts:
 *
 *   per datacenter (7)
 *     hosts       CPU usage over time, the 8 busiest hosts, each host's p95, warning band
 *     vms         daily mean CPU heatmap (25 busiest by p95); top 10 by CPU p95, by CPU ready
 *                 % per vCPU, and by disk write latency p95
 *     datastores  space used % over time (the 8 fullest) with the 80 / 90 % bands; runway: the
 *                 same history projected to 80 / 90 / 100 % with its uncertainty band (4 nearest)
 *   fleet (3), in the executive summary
 *     hour-of-week heatmaps of host and VM CPU; histograms of the fleet's p95 figures
 *
 * Every component still appears in the tables. A chart with nothing to draw is left out rather
 * than drawn empty. Every chart carries a text alternative that states its figures, in the
 * report's language.
 */

import type { MetricName } from '../core/catalogue.ts';
import {
  type DatacenterReport,
  type Finding,
  isSeriesGap,
  type Language,
  type ReportModel,
  type SeriesSet,
} from '../core/types.ts';
import { translatorFor } from '../locale/i18n.ts';
import {
  CHART_LIMITS,
  type ChartGroup,
  type ChartRequest,
  indexSeries,
  type PlanContext,
  wallClockIn,
} from './plan-context.ts';
import { datastoreChart, runwayChart, USED } from './plan-datastores.ts';
import { distributionChart, profileCharts } from './plan-fleet.ts';
import { HOST_CPU, hostCpuChart } from './plan-hosts.ts';
import { TOP_BARS, topBarsChart, VM_CPU, vmHeatmap } from './plan-vms.ts';

export {
  CHART_LIMITS,
  CHART_THRESHOLDS,
  type ChartCell,
  type ChartGroup,
  type ChartKind,
  type ChartRequest,
  type ChartRow,
} from './plan-context.ts';

/** Charts per datacenter, whatever the number of hosts, VMs and datastores. */
export const MAX_CHARTS_PER_DATACENTER = 7;

/** Charts about the whole fleet (executive summary), whatever its size. */
export const MAX_FLEET_CHARTS = 3;

/** Default plot width in pixels; time series are decimated to this many buckets. */
export const DEFAULT_PLOT_WIDTH = 460;

export interface PlanOptions {
  /** Plot width in pixels (default DEFAULT_PLOT_WIDTH). */
  readonly plotWidth?: number;
  /** Language of titles, descriptions and axis labels (default 'en'). */
  readonly language?: Language;
}

/** The only series the charts draw point by point; the pipeline keeps these whole and no other. */
export const CHARTED_METRICS: ReadonlySet<MetricName> = new Set([HOST_CPU, USED, VM_CPU]);

/**
 * Which of a charted metric's series the charts can use: VM CPU only for the heatmap's rows, the
 * VMs of a datacenter with the highest p95 (vmHeatmap); every host and datastore series, as the
 * runway chart picks its datastores from the findings. The pipeline keeps no other series whole.
 */
export function chartRetention(metric: string): boolean | { readonly topByP95: number } {
  if (metric === VM_CPU) return { topByP95: CHART_LIMITS.heatmapRows };
  return CHARTED_METRICS.has(metric as MetricName);
}

/** The most charts planCharts returns for a report with `datacenters` datacenters. */
export function maxChartCount(datacenters: number): number {
  return MAX_CHARTS_PER_DATACENTER * datacenters + MAX_FLEET_CHARTS;
}

/** The sub-section a chart id belongs to, or null for ids not made by planCharts. */
export function chartGroup(id: string): ChartGroup | null {
  const group = id.split('/').at(-2);
  return group === 'hosts' || group === 'vms' || group === 'datastores' ? group : null;
}

/** Plans the charts of a report, within maxChartCount(datacenters). */
export function planCharts(
  model: ReportModel,
  seriesSet: SeriesSet,
  options: PlanOptions = {},
): ChartRequest[] {
  const tr = translatorFor(options.language ?? 'en');
  const ctx: PlanContext = {
    tr,
    fmt: tr.fmt,
    zone: model.period.timeZone,
    startMs: model.period.startMs,
    endMs: model.period.endMs,
    intervalSeconds: seriesSet.intervalSeconds,
    plotWidth: Math.max(100, Math.round(options.plotWidth ?? DEFAULT_PLOT_WIDTH)),
    series: indexSeries(seriesSet),
    wallClock: wallClockIn(model.period.timeZone),
    gaps: model.gaps.filter(isSeriesGap),
  };
  const fleet = [...profileCharts(model, ctx), distributionChart(model, ctx)];
  return [
    ...fleet.filter((chart): chart is ChartRequest => chart !== null),
    ...model.datacenters.flatMap((dc) => planDatacenter(dc, model.findings, ctx)),
  ];
}

function planDatacenter(
  dc: DatacenterReport,
  findings: readonly Finding[],
  ctx: PlanContext,
): ChartRequest[] {
  const charts = [
    hostCpuChart(dc, ctx),
    vmHeatmap(dc, ctx),
    ...TOP_BARS.map((spec) => topBarsChart(dc, spec, ctx)),
    datastoreChart(dc, ctx),
    runwayChart(dc, findings, ctx),
  ];
  return charts.filter((chart): chart is ChartRequest => chart !== null);
}
