/**
 * Chart planning: decides which charts a report carries and computes their data rows, without
 * rendering anything (no vega here), so the choice and the bound can be tested on their own.
 *
 * Per datacenter, at most MAX_CHARTS_PER_DATACENTER charts, whatever the fleet size:
 *
 *   hosts       CPU usage over time, one line per host (up to 8) with each host's p95
 *   vms         daily mean CPU heatmap (25 busiest by p95), top 10 by CPU p95,
 *               top 10 by CPU ready % per vCPU, top 10 by disk write latency p95
 *   datastores  space used % over time (up to 8) with the 80 % / 90 % lines
 *
 * A chart with nothing to draw is left out rather than drawn empty; the tables still list every
 * component. Every chart carries a text alternative that states its figures.
 */
import { DateTime } from 'luxon';
import { createFormatter, type Formatter } from '../compose/format.ts';
import type { MetricName } from '../core/catalogue.ts';
import {
  type ComponentReport,
  type DatacenterReport,
  DERIVED,
  type MetricStats,
  type ReportModel,
  type Series,
  type SeriesSet,
} from '../core/types.ts';
import { decimateMinMax } from './decimate.ts';

export type ChartKind = 'heatmap' | 'top-bars' | 'timeseries' | 'datastore';

/** The sub-section of a datacenter a chart illustrates. */
export type ChartGroup = 'hosts' | 'vms' | 'datastores';

export type ChartCell = string | number | null;
export type ChartRow = Readonly<Record<string, ChartCell>>;

/** Everything needed to render one chart: a data-free template, its parameters and its rows. */
export interface ChartRequest {
  /** `<datacenter tag>/<group>/<name>`, unique in the report. */
  readonly id: string;
  readonly kind: ChartKind;
  /** File name in the chart templates folder, e.g. `top-bars.vl.json`. */
  readonly template: string;
  readonly title: string;
  /** Text alternative stating what the chart shows, figures included. */
  readonly description: string;
  /** The datacenter tag the chart belongs to. */
  readonly section: string;
  /** Values for the template's declared `params` (axis titles, period bounds...). */
  readonly params: Readonly<Record<string, string | number>>;
  /** Rows bound to the template's `table` dataset. */
  readonly values: readonly ChartRow[];
  /** Plot width and height in pixels (axes, legend and title come on top). */
  readonly width: number;
  readonly height: number;
}

/** Charts per datacenter, whatever the number of hosts, VMs and datastores. */
export const MAX_CHARTS_PER_DATACENTER = 6;

/** Caps that keep every chart readable and its data bounded. */
export const CHART_LIMITS = { topN: 10, heatmapRows: 25, seriesPerChart: 8 } as const;

interface Threshold {
  readonly warning: number;
  readonly critical?: number;
}

/** Reference lines drawn on the charts (the practitioners' usual limits). */
export const CHART_THRESHOLDS = {
  hostCpuPct: { warning: 80 },
  vmCpuPct: { warning: 80, critical: 90 },
  cpuReadyPct: { warning: 5, critical: 10 },
  diskLatencyMs: { warning: 10, critical: 20 },
  datastoreUsedPct: { warning: 80, critical: 90 },
} as const satisfies Record<string, Threshold>;

/** Default plot width in pixels; time series are decimated to this many buckets. */
export const DEFAULT_PLOT_WIDTH = 460;

export interface PlanOptions {
  /** Plot width in pixels (default DEFAULT_PLOT_WIDTH). */
  readonly plotWidth?: number;
  /** Locale of the figures in titles and descriptions (default 'en'). */
  readonly locale?: string;
}

/** The most charts planCharts returns for a report with `datacenters` datacenters. */
export function maxChartCount(datacenters: number): number {
  return MAX_CHARTS_PER_DATACENTER * datacenters;
}

/** The sub-section a chart id belongs to, or null for ids not made by planCharts. */
export function chartGroup(id: string): ChartGroup | null {
  const group = id.split('/').at(-2);
  return group === 'hosts' || group === 'vms' || group === 'datastores' ? group : null;
}

const METRIC = {
  hostCpu: 'vscope.host.cpu.usage.perc',
  vmCpu: 'vscope.vm.cpu.usage.perc',
  vmWriteLatency: 'vscope.vm.disk.latency.write',
  datastoreUsed: 'vscope.filer.datastore.diskspace.used',
} as const satisfies Record<string, MetricName>;

/** Fallback conversion when the model has no derived used % to copy the scale from (kB → GB). */
const KB_PER_GB = 1024 * 1024;

const ROW_HEIGHT = { bar: 18, heatmap: 16 } as const;
const SERIES_HEIGHT = { timeseries: 200, datastore: 180 } as const;
const QUARTER_HOUR_MS = 15 * 60 * 1000;

interface PlanContext {
  readonly fmt: Formatter;
  readonly zone: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly intervalSeconds: number;
  readonly plotWidth: number;
  readonly series: ReadonlyMap<string, Series>;
  readonly wallClock: (epochMs: number) => number;
}

/** Plans the charts of a report: at most MAX_CHARTS_PER_DATACENTER per datacenter. */
export function planCharts(
  model: ReportModel,
  seriesSet: SeriesSet,
  options: PlanOptions = {},
): ChartRequest[] {
  const ctx: PlanContext = {
    fmt: createFormatter(options.locale ?? 'en'),
    zone: model.period.timeZone,
    startMs: model.period.startMs,
    endMs: model.period.endMs,
    intervalSeconds: seriesSet.intervalSeconds,
    plotWidth: Math.max(100, Math.round(options.plotWidth ?? DEFAULT_PLOT_WIDTH)),
    series: indexSeries(seriesSet),
    wallClock: wallClockIn(model.period.timeZone),
  };
  return model.datacenters.flatMap((dc) => planDatacenter(dc, ctx));
}

function planDatacenter(dc: DatacenterReport, ctx: PlanContext): ChartRequest[] {
  const charts = [
    hostCpuChart(dc, ctx),
    vmHeatmap(dc, ctx),
    ...TOP_BARS.map((spec) => topBarsChart(dc, spec, ctx)),
    datastoreChart(dc, ctx),
  ];
  return charts.filter((chart): chart is ChartRequest => chart !== null);
}

function seriesKey(datacenterTag: string, metric: string, component: string): string {
  return `${datacenterTag}\u0000${metric}\u0000${component}`;
}

function indexSeries(seriesSet: SeriesSet): Map<string, Series> {
  const index = new Map<string, Series>();
  for (const series of seriesSet.series) {
    const key = seriesKey(series.datacenterTag, series.metric, series.component);
    // One series per component and metric is expected for the charted metrics; keep the first.
    if (!index.has(key)) index.set(key, series);
  }
  return index;
}

/**
 * Vega can only label times in UTC or the process's zone. Shifting every instant by its zone
 * offset and drawing on a UTC scale labels the axes in the report's zone, DST included.
 */
function wallClockIn(zone: string): (epochMs: number) => number {
  const offsets = new Map<number, number>();
  return (epochMs) => {
    // Zone offsets only change on quarter-hour boundaries, so one lookup serves 15 minutes.
    const slot = Math.floor(epochMs / QUARTER_HOUR_MS);
    let offsetMs = offsets.get(slot);
    if (offsetMs === undefined) {
      offsetMs = DateTime.fromMillis(slot * QUARTER_HOUR_MS, { zone }).offset * 60_000;
      offsets.set(slot, offsetMs);
    }
    return epochMs + offsetMs;
  };
}

function byValueDesc<T>(value: (item: T) => number, name: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => value(b) - value(a) || name(a).localeCompare(name(b), 'en');
}

/** Display names, made unique with the component key where two components share one. */
function uniqueLabels(components: readonly ComponentReport[]): Map<ComponentReport, string> {
  const counts = new Map<string, number>();
  for (const c of components) counts.set(c.displayName, (counts.get(c.displayName) ?? 0) + 1);
  return new Map(
    components.map((c) => [
      c,
      (counts.get(c.displayName) ?? 0) > 1 ? `${c.displayName} (${c.key})` : c.displayName,
    ]),
  );
}

function formatValue(ctx: PlanContext, value: number | null, unit: '%' | 'ms', fractionDigits = 1): string {
  return unit === '%'
    ? ctx.fmt.percent(value, fractionDigits)
    : ctx.fmt.withUnit(value, unit, fractionDigits);
}

/** Thresholds are round numbers: '80 %' reads better than '80.0 %'. */
function formatLimit(ctx: PlanContext, value: number, unit: '%' | 'ms'): string {
  return formatValue(ctx, value, unit, Number.isInteger(value) ? 0 : 1);
}

function thresholdRows(threshold: Threshold, unit: '%' | 'ms', ctx: PlanContext): ChartRow[] {
  const rows: ChartRow[] = [
    {
      row: 'threshold',
      value: threshold.warning,
      level: 'warning',
      label: formatLimit(ctx, threshold.warning, unit),
    },
  ];
  if (threshold.critical !== undefined) {
    rows.push({
      row: 'threshold',
      value: threshold.critical,
      level: 'critical',
      label: formatLimit(ctx, threshold.critical, unit),
    });
  }
  return rows;
}

function thresholdSentence(threshold: Threshold, unit: '%' | 'ms', ctx: PlanContext): string {
  const warning = `${formatLimit(ctx, threshold.warning, unit)} (warning)`;
  return threshold.critical === undefined
    ? `Reference line at ${warning}.`
    : `Reference lines at ${warning} and ${formatLimit(ctx, threshold.critical, unit)} (critical).`;
}

function levelOf(value: number, threshold: Threshold): 'ok' | 'warning' | 'critical' {
  if (threshold.critical !== undefined && value >= threshold.critical) return 'critical';
  return value >= threshold.warning ? 'warning' : 'ok';
}

// ---------------------------------------------------------------- top-N bars

interface TopBarsSpec {
  readonly name: string;
  /** What is ranked, e.g. 'CPU p95'. */
  readonly figure: string;
  readonly valueTitle: string;
  readonly unit: '%' | 'ms';
  readonly threshold: Threshold;
  readonly stats: (vm: ComponentReport) => MetricStats | undefined;
}

const TOP_BARS: readonly TopBarsSpec[] = [
  {
    name: 'top-cpu-p95',
    figure: 'CPU p95',
    valueTitle: 'CPU usage p95 (%)',
    unit: '%',
    threshold: CHART_THRESHOLDS.vmCpuPct,
    stats: (vm) => vm.metrics[METRIC.vmCpu],
  },
  {
    name: 'top-cpu-ready-p95',
    figure: 'CPU ready p95 (% per vCPU)',
    valueTitle: 'CPU ready p95 (% of one vCPU)',
    unit: '%',
    threshold: CHART_THRESHOLDS.cpuReadyPct,
    stats: (vm) => vm.derived[DERIVED.cpuReadyPct],
  },
  {
    name: 'top-disk-write-latency-p95',
    figure: 'disk write latency p95',
    valueTitle: 'Disk write latency p95 (ms)',
    unit: 'ms',
    threshold: CHART_THRESHOLDS.diskLatencyMs,
    stats: (vm) => vm.metrics[METRIC.vmWriteLatency],
  },
];

function topBarsChart(dc: DatacenterReport, spec: TopBarsSpec, ctx: PlanContext): ChartRequest | null {
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
    level: levelOf(e.p95, spec.threshold),
  }));
  const listed = top.map(
    (e) => `${labels.get(e.vm) ?? e.vm.displayName} ${formatValue(ctx, e.p95, spec.unit)}`,
  );
  const title = `Top ${top.length} VMs by ${spec.figure}`;
  return {
    id: `${dc.tag}/vms/${spec.name}`,
    kind: 'top-bars',
    template: 'top-bars.vl.json',
    title,
    description:
      `${title}, out of ${ranked.length} VMs with data in ${dc.name}: ${listed.join(', ')}. ` +
      thresholdSentence(spec.threshold, spec.unit, ctx),
    section: dc.tag,
    params: { valueTitle: spec.valueTitle, unitSuffix: spec.unit === '%' ? ' %' : ` ${spec.unit}` },
    values: [...bars, ...thresholdRows(spec.threshold, spec.unit, ctx)],
    width: ctx.plotWidth - 120,
    height: top.length * ROW_HEIGHT.bar,
  };
}

// ---------------------------------------------------------------- heatmap

interface Day {
  readonly label: string;
  readonly startMs: number;
  readonly endMs: number;
}

/** Calendar days of the period in its time zone (a DST day is 23 or 25 hours long). */
function daysOf(ctx: PlanContext): Day[] {
  const days: Day[] = [];
  let cursor = DateTime.fromMillis(ctx.startMs, { zone: ctx.zone }).startOf('day');
  const format = (d: DateTime): string => d.setLocale(ctx.fmt.locale).toFormat('ccc d');
  while (cursor.toMillis() < ctx.endMs) {
    const next = cursor.plus({ days: 1 }).startOf('day');
    days.push({
      label: format(cursor),
      startMs: Math.max(ctx.startMs, cursor.toMillis()),
      endMs: Math.min(ctx.endMs, next.toMillis()),
    });
    cursor = next;
  }
  // Long periods get day-of-month labels only, so 31 columns still fit.
  if (days.length > 10) {
    return days.map((d) => ({
      ...d,
      label: DateTime.fromMillis(d.startMs, { zone: ctx.zone }).toFormat('d'),
    }));
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

function vmHeatmap(dc: DatacenterReport, ctx: PlanContext): ChartRequest | null {
  const candidates = dc.vms
    .map((vm) => ({
      vm,
      p95: vm.metrics[METRIC.vmCpu]?.p95 ?? null,
      series: ctx.series.get(seriesKey(dc.tag, METRIC.vmCpu, vm.key)),
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
  const which =
    shown.length < candidates.length
      ? `the ${shown.length} busiest of ${candidates.length} VMs with data (by CPU p95)`
      : `the ${shown.length} VMs with data, busiest first (by CPU p95)`;
  const peakSentence =
    peak === null
      ? ''
      : ` Highest daily mean: ${peak.label} on ${peak.day} at ${ctx.fmt.percent(peak.value as number)}.`;
  return {
    id: `${dc.tag}/vms/cpu-daily-heatmap`,
    kind: 'heatmap',
    template: 'heatmap.vl.json',
    title: 'VM CPU usage, daily mean (%)',
    description: `Mean CPU usage per day (days in ${ctx.zone}) for ${which} in ${dc.name}; an empty cell is a day without samples.${peakSentence}`,
    section: dc.tag,
    params: {},
    values: rows,
    width: ctx.plotWidth - 120,
    height: shown.length * ROW_HEIGHT.heatmap,
  };
}

// ---------------------------------------------------------------- time series

interface Line {
  readonly label: string;
  readonly series: Series;
  /** Multiplier from the series' unit to the plotted one. */
  readonly scale: number;
}

function lineRows(lines: readonly Line[], ctx: PlanContext): ChartRow[] {
  const rows: ChartRow[] = [];
  const options = {
    start: ctx.startMs / 1000,
    end: ctx.endMs / 1000,
    buckets: ctx.plotWidth,
    // Any missing sample is a gap worth showing; 1.5 intervals tolerates jittered timestamps.
    maxGap: 1.5 * ctx.intervalSeconds,
  };
  for (const line of lines) {
    for (const point of decimateMinMax(line.series.timestamps, line.series.values, options)) {
      rows.push({
        row: 'point',
        series: line.label,
        t: ctx.wallClock(point.t * 1000),
        value: point.value === null ? null : point.value * line.scale,
      });
    }
  }
  return rows;
}

function periodParams(ctx: PlanContext): { periodStart: number; periodEnd: number } {
  return { periodStart: ctx.wallClock(ctx.startMs), periodEnd: ctx.wallClock(ctx.endMs) };
}

function hostCpuChart(dc: DatacenterReport, ctx: PlanContext): ChartRequest | null {
  const candidates = dc.hosts
    .map((host) => ({
      host,
      stats: host.metrics[METRIC.hostCpu],
      series: ctx.series.get(seriesKey(dc.tag, METRIC.hostCpu, host.key)),
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
  const which =
    shown.length < candidates.length
      ? `the ${shown.length} busiest of ${candidates.length} hosts (by CPU p95)`
      : `${shown.length} ${shown.length === 1 ? 'host' : 'hosts'}`;
  const listed = shown.map(
    (e, i) =>
      `${lines[i]?.label ?? ''} p95 ${ctx.fmt.percent(e.stats.p95)}, max ${ctx.fmt.percent(e.stats.max)}`,
  );
  const threshold = CHART_THRESHOLDS.hostCpuPct;
  return {
    id: `${dc.tag}/hosts/cpu-usage`,
    kind: 'timeseries',
    template: 'timeseries.vl.json',
    title: 'Host CPU usage',
    description:
      `CPU usage over the period for ${which} in ${dc.name}, each host's p95 drawn as a dashed line: ` +
      `${listed.join('; ')}. ${thresholdSentence(threshold, '%', ctx)}`,
    section: dc.tag,
    params: { valueTitle: 'CPU usage (%)', ...periodParams(ctx) },
    values: [...lineRows(lines, ctx), ...p95Rows, ...thresholdRows(threshold, '%', ctx)],
    width: ctx.plotWidth,
    height: SERIES_HEIGHT.timeseries,
  };
}

// ---------------------------------------------------------------- datastores

function numericDetail(component: ComponentReport, key: string): number | null {
  const value = component.details[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * Multiplier from the raw space-used series to % of size. Copying it from the model's own derived
 * figures keeps the chart and the tables in agreement whatever unit conversion the aggregation used.
 */
function usedPctScale(filer: ComponentReport): number | null {
  const derivedMax = filer.derived[DERIVED.datastoreUsedPct]?.max ?? null;
  const rawMax = filer.metrics[METRIC.datastoreUsed]?.max ?? null;
  if (derivedMax !== null && rawMax !== null && rawMax > 0) return derivedMax / rawMax;
  const sizeGb = numericDetail(filer, 'sizeGb');
  return sizeGb !== null && sizeGb > 0 ? 100 / (sizeGb * KB_PER_GB) : null;
}

function lastValue(series: Series): number | null {
  for (let i = series.values.length - 1; i >= 0; i--) {
    const value = series.values[i] as number;
    if (Number.isFinite(value)) return value;
  }
  return null;
}

function datastoreChart(dc: DatacenterReport, ctx: PlanContext): ChartRequest | null {
  const candidates = dc.filers
    .map((filer) => ({
      filer,
      scale: usedPctScale(filer),
      series: ctx.series.get(seriesKey(dc.tag, METRIC.datastoreUsed, filer.key)),
      max: filer.derived[DERIVED.datastoreUsedPct]?.max ?? null,
    }))
    .filter(
      (e): e is { filer: ComponentReport; scale: number; series: Series; max: number | null } =>
        e.scale !== null && !!e.series,
    );
  if (candidates.length === 0) return null;
  candidates.sort(
    byValueDesc(
      (e) => e.max ?? -1,
      (e) => e.filer.displayName,
    ),
  );
  const shown = candidates.slice(0, CHART_LIMITS.seriesPerChart);
  const labels = uniqueLabels(shown.map((e) => e.filer));
  const lines = shown.map((e) => ({
    label: labels.get(e.filer) ?? e.filer.displayName,
    series: e.series,
    scale: e.scale,
  }));
  const which =
    shown.length < candidates.length
      ? `the ${shown.length} fullest of ${candidates.length} datastores`
      : `${shown.length} ${shown.length === 1 ? 'datastore' : 'datastores'}`;
  const listed = shown.map((e, i) => {
    const last = lastValue(e.series);
    return `${lines[i]?.label ?? ''} last ${ctx.fmt.percent(last === null ? null : last * e.scale)}, max ${ctx.fmt.percent(e.max)}`;
  });
  const threshold = CHART_THRESHOLDS.datastoreUsedPct;
  return {
    id: `${dc.tag}/datastores/space-used`,
    kind: 'datastore',
    template: 'datastore.vl.json',
    title: 'Datastore space used',
    description:
      `Space used as % of size over the period for ${which} in ${dc.name}: ${listed.join('; ')}. ` +
      thresholdSentence(threshold, '%', ctx),
    section: dc.tag,
    params: { valueTitle: 'Space used (% of size)', ...periodParams(ctx) },
    values: [...lineRows(lines, ctx), ...thresholdRows(threshold, '%', ctx)],
    width: ctx.plotWidth,
    height: SERIES_HEIGHT.datastore,
  };
}
