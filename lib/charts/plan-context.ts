/**
 * What every chart planner shares: the request type, the report's clock and language, the series
 * index, and the helpers for ranking, labelling and drawing thresholds.
 */
import { DateTime } from 'luxon';
import type { MetricName } from '../core/catalogue.ts';
import {
  type ComponentReport,
  type Series,
  type SeriesGap,
  type SeriesSet,
  seriesKey,
} from '../core/types.ts';
import type { Formatter } from '../locale/format.ts';
import type { Params, Translator } from '../locale/i18n.ts';
import { decimateMinMax } from './decimate.ts';

export type ChartKind = 'heatmap' | 'top-bars' | 'timeseries' | 'datastore' | 'distribution';

/** The sub-section of a datacenter a chart illustrates. */
export type ChartGroup = 'hosts' | 'vms' | 'datastores';

export type ChartCell = string | number | null;
export type ChartRow = Readonly<Record<string, ChartCell>>;

/** Everything needed to render one chart: a data-free template, its parameters and its rows. */
export interface ChartRequest {
  /** `<datacenter tag>/<group>/<name>` or `summary/<name>`, unique in the report. */
  readonly id: string;
  readonly kind: ChartKind;
  /** File name in the chart templates folder, e.g. `top-bars.vl.json`. */
  readonly template: string;
  readonly title: string;
  /** Text alternative stating what the chart shows, figures included. */
  readonly description: string;
  /** The datacenter tag the chart belongs to, or `summary` for the fleet. */
  readonly section: string;
  /** Values for the template's declared `params` (axis titles, period bounds...). */
  readonly params: Readonly<Record<string, string | number>>;
  /** Rows bound to the template's `table` dataset. */
  readonly values: readonly ChartRow[];
  /** Plot width and height in pixels (axes, legend and title come on top). */
  readonly width: number;
  readonly height: number;
  /** BCP 47 locale of the axis labels (weekday names, decimal separator). */
  readonly locale: string;
}

export interface Threshold {
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

/** Caps that keep every chart readable and its data bounded, whatever the fleet size. */
export const CHART_LIMITS = {
  topN: 10,
  heatmapRows: 25,
  seriesPerChart: 8,
  /** Datastores whose runway one chart projects. */
  runwaySeries: 4,
  /** Fleet hour-of-week heatmaps (one per profiled metric). */
  profiles: 2,
} as const;

export interface PlanContext {
  readonly tr: Translator;
  readonly fmt: Formatter;
  readonly zone: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly intervalSeconds: number;
  readonly plotWidth: number;
  readonly series: ReadonlyMap<string, Series>;
  readonly wallClock: (epochMs: number) => number;
  /** The report's gaps in series that came (ReportModel.gaps), shaded on the time-series charts. */
  readonly gaps: readonly SeriesGap[];
}

const QUARTER_HOUR_MS = 15 * 60 * 1000;

/** The chart texts of the report's language (keys under `chart.`). */
export function chartText(ctx: PlanContext, key: string, params?: Params): string {
  return ctx.tr.t(`chart.${key}`, params);
}

export function indexSeries(seriesSet: SeriesSet): Map<string, Series> {
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
export function wallClockIn(zone: string): (epochMs: number) => number {
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

export function byValueDesc<T>(
  value: (item: T) => number,
  name: (item: T) => string,
): (a: T, b: T) => number {
  return (a, b) => value(b) - value(a) || name(a).localeCompare(name(b), 'en');
}

/** Display names, made unique with the component key where two components share one. */
export function uniqueLabels(components: readonly ComponentReport[]): Map<ComponentReport, string> {
  const counts = new Map<string, number>();
  for (const c of components) counts.set(c.displayName, (counts.get(c.displayName) ?? 0) + 1);
  return new Map(
    components.map((c) => [
      c,
      (counts.get(c.displayName) ?? 0) > 1 ? `${c.displayName} (${c.key})` : c.displayName,
    ]),
  );
}

export function formatValue(
  ctx: PlanContext,
  value: number | null,
  unit: '%' | 'ms',
  fractionDigits = 1,
): string {
  return unit === '%'
    ? ctx.fmt.percent(value, fractionDigits)
    : ctx.fmt.withUnit(value, unit, fractionDigits);
}

/** Thresholds are round numbers: '80 %' reads better than '80.0 %'. */
export function formatLimit(ctx: PlanContext, value: number, unit: '%' | 'ms'): string {
  return formatValue(ctx, value, unit, Number.isInteger(value) ? 0 : 1);
}

/** Rule rows for the warning (and critical) lines, labelled in the report's language. */
export function thresholdRows(threshold: Threshold, unit: '%' | 'ms', ctx: PlanContext): ChartRow[] {
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

/**
 * Shaded bands between the thresholds and `top`: warning from the warning line to the critical
 * one (or to `top`), critical from the critical line to `top`.
 */
export function bandRows(threshold: Threshold, top: number): ChartRow[] {
  const critical = threshold.critical;
  const rows: ChartRow[] = [{ row: 'band', from: threshold.warning, to: critical ?? top, level: 'warning' }];
  if (critical !== undefined) rows.push({ row: 'band', from: critical, to: top, level: 'critical' });
  return rows;
}

export function thresholdSentence(threshold: Threshold, unit: '%' | 'ms', ctx: PlanContext): string {
  const warning = formatLimit(ctx, threshold.warning, unit);
  return threshold.critical === undefined
    ? chartText(ctx, 'thresholdOne', { warning })
    : chartText(ctx, 'thresholdTwo', { warning, critical: formatLimit(ctx, threshold.critical, unit) });
}

export function levelOf(value: number, threshold: Threshold): 'ok' | 'warning' | 'critical' {
  if (threshold.critical !== undefined && value >= threshold.critical) return 'critical';
  return value >= threshold.warning ? 'warning' : 'ok';
}

export interface Line {
  readonly label: string;
  readonly series: Series;
  /** Multiplier from the series' unit to the plotted one. */
  readonly scale: number;
}

/** Decimated points of each line (min and max per pixel, gaps kept), on the zone's wall clock. */
export function lineRows(lines: readonly Line[], ctx: PlanContext): ChartRow[] {
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

/**
 * Shaded spans for the gaps of `metric` on the components drawn, from the report's gap list (not
 * from the drawn points, which may be decimated): one row per distinct span, with a sentence for
 * the chart's text alternative (empty without gaps).
 */
export function gapRows(
  ctx: PlanContext,
  dcTag: string,
  metric: MetricName,
  keys: readonly string[],
): { rows: ChartRow[]; sentence: string } {
  const drawn = new Set(keys);
  const spans = new Map<string, SeriesGap>();
  for (const g of ctx.gaps) {
    if (g.datacenterTag !== dcTag || g.metric !== metric || !g.components.some((c) => drawn.has(c))) continue;
    spans.set(`${g.startMs}-${g.endMs}`, g);
  }
  const list = [...spans.values()].sort((a, b) => a.startMs - b.startMs);
  const rows: ChartRow[] = list.map((g) => ({
    row: 'gap',
    from: ctx.wallClock(g.startMs),
    to: ctx.wallClock(g.endMs),
  }));
  if (list.length === 0) return { rows, sentence: '' };
  const named = list
    .slice(0, GAPS_NAMED)
    .map((g) => `${ctx.fmt.dateTime(g.startMs, ctx.zone)} – ${ctx.fmt.dateTime(g.endMs, ctx.zone)}`)
    .join(ctx.tr.t('join.list'));
  const more = list.length - GAPS_NAMED;
  return {
    rows,
    sentence: chartText(ctx, more > 0 ? 'gapsShadedMore' : 'gapsShaded', {
      count: list.length,
      spans: named,
      more,
    }),
  };
}

/** Gap spans a chart's text alternative names; the others are counted. */
const GAPS_NAMED = 3;

export function periodParams(ctx: PlanContext): { periodStart: number; periodEnd: number } {
  return { periodStart: ctx.wallClock(ctx.startMs), periodEnd: ctx.wallClock(ctx.endMs) };
}

export function lastValue(series: Series): number | null {
  for (let i = series.values.length - 1; i >= 0; i--) {
    const value = series.values[i] as number;
    if (Number.isFinite(value)) return value;
  }
  return null;
}

export function numericDetail(component: ComponentReport, key: string): number | null {
  const value = component.details[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** "the 8 busiest of 40 hosts" or "3 hosts": what a capped chart shows, in words. */
export function whichShown(ctx: PlanContext, key: string, shown: number, total: number): string {
  return shown < total
    ? chartText(ctx, `${key}.some`, { shown, count: total })
    : chartText(ctx, `${key}.all`, { count: shown });
}
