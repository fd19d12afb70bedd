/**
 * The datastores' charts: space used over the period (the fullest few, with the warning and
 * critical bands), and the runway: that history continued by the trend the findings forecast,
 * with its uncertainty band, up to the 80 / 90 / 100 % lines.
 */
import type { MetricName } from '../core/catalogue.ts';
import {
  type ComponentReport,
  type DatacenterReport,
  DERIVED,
  type Finding,
  type RunwayEvidence,
  runwayOf,
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
  lastValue,
  lineRows,
  numericDetail,
  type PlanContext,
  periodParams,
  thresholdRows,
  thresholdSentence,
  uniqueLabels,
  whichShown,
} from './plan-context.ts';

export const USED = 'vscope.filer.datastore.diskspace.used' satisfies MetricName;
const HEIGHT = { spaceUsed: 180, runway: 200 } as const;
const DAY_MS = 86_400_000;

/** Fallback conversion when the model has no derived used % to copy the scale from (kB → GB). */
const KB_PER_GB = 1024 * 1024;

/** The runway chart projects at least this far, and at most this far, past the period's end. */
export const RUNWAY_HORIZON_DAYS = { min: 7, max: 180 } as const;

/**
 * Multiplier from the raw space-used series to % of size. Copying it from the model's own derived
 * figures keeps the chart and the tables in agreement whatever unit conversion the aggregation used.
 */
function usedPctScale(filer: ComponentReport): number | null {
  const derivedMax = filer.derived[DERIVED.datastoreUsedPct]?.max ?? null;
  const rawMax = filer.metrics[USED]?.max ?? null;
  if (derivedMax !== null && rawMax !== null && rawMax > 0) return derivedMax / rawMax;
  const sizeGb = numericDetail(filer, 'sizeGb');
  return sizeGb !== null && sizeGb > 0 ? 100 / (sizeGb * KB_PER_GB) : null;
}

interface Charted {
  readonly filer: ComponentReport;
  readonly scale: number;
  readonly series: Series;
}

function charted(dc: DatacenterReport, filer: ComponentReport, ctx: PlanContext): Charted | null {
  const scale = usedPctScale(filer);
  const series = ctx.series.get(seriesKey(dc.tag, USED, filer.key));
  return scale === null || series === undefined ? null : { filer, scale, series };
}

/** Space used % over time of the fullest datastores, or null when none has samples. */
export function datastoreChart(dc: DatacenterReport, ctx: PlanContext): ChartRequest | null {
  const maxOf = (e: Charted) => e.filer.derived[DERIVED.datastoreUsedPct]?.max ?? null;
  const candidates = dc.filers.map((f) => charted(dc, f, ctx)).filter((e): e is Charted => e !== null);
  if (candidates.length === 0) return null;
  candidates.sort(
    byValueDesc(
      (e) => maxOf(e) ?? -1,
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
  const listed = shown.map((e, i) => {
    const last = lastValue(e.series);
    return chartText(ctx, 'spaceUsed.item', {
      name: lines[i]?.label ?? '',
      last: ctx.fmt.percent(last === null ? null : last * e.scale),
      max: ctx.fmt.percent(maxOf(e)),
    });
  });
  const threshold = CHART_THRESHOLDS.datastoreUsedPct;
  const gaps = gapRows(
    ctx,
    dc.tag,
    USED,
    shown.map((e) => e.filer.key),
  );
  return {
    id: `${dc.tag}/datastores/space-used`,
    kind: 'datastore',
    template: 'datastore.vl.json',
    title: chartText(ctx, 'spaceUsed.title'),
    description: `${chartText(ctx, 'spaceUsed.description', {
      which: whichShown(ctx, 'spaceUsed.which', shown.length, candidates.length),
      datacenter: dc.name,
      list: listed.join(ctx.tr.t('join.semi')),
    })} ${thresholdSentence(threshold, '%', ctx)}${gaps.sentence ? ` ${gaps.sentence}` : ''}`,
    section: dc.tag,
    params: { valueTitle: chartText(ctx, 'spaceUsed.axis'), ...periodParams(ctx) },
    values: [
      ...gaps.rows,
      ...lineRows(lines, ctx),
      ...bandRows(threshold, 100),
      ...thresholdRows(threshold, '%', ctx),
    ],
    width: ctx.plotWidth,
    height: HEIGHT.spaceUsed,
    locale: ctx.tr.locale,
  };
}

/** Days past the period's end the runway chart shows: far enough for the furthest line shown. */
export function runwayHorizonDays(forecasts: readonly RunwayEvidence[]): number {
  const furthest = Math.max(0, ...forecasts.flatMap((f) => f.lines.map((l) => l.daysLatest)));
  return Math.min(RUNWAY_HORIZON_DAYS.max, Math.max(RUNWAY_HORIZON_DAYS.min, Math.ceil(furthest)));
}

/**
 * History and projected space used of the datastores with a runway finding (nearest line first),
 * or null when no datastore of `dc` is forecast to reach a line.
 */
export function runwayChart(
  dc: DatacenterReport,
  findings: readonly Finding[],
  ctx: PlanContext,
): ChartRequest | null {
  const candidates = findings
    .filter((f) => f.subject.datacenterTag === dc.tag)
    .map((f) => {
      const forecast = runwayOf(f);
      const filer = forecast ? dc.filers.find((c) => c.key === f.subject.key) : undefined;
      const drawn = filer ? charted(dc, filer, ctx) : null;
      return drawn && forecast && forecast.lines.length > 0 ? { ...drawn, forecast } : null;
    })
    .filter((e): e is Charted & { forecast: RunwayEvidence } => e !== null);
  if (candidates.length === 0) return null;
  candidates.sort(
    byValueDesc(
      (e) => -(e.forecast.lines[0]?.days ?? Number.POSITIVE_INFINITY),
      (e) => e.filer.displayName,
    ),
  );
  const shown = candidates.slice(0, CHART_LIMITS.runwaySeries);
  const labels = uniqueLabels(shown.map((e) => e.filer));
  const horizon = runwayHorizonDays(shown.map((e) => e.forecast));
  const endMs = ctx.endMs + horizon * DAY_MS;
  const rows: ChartRow[] = [];
  const listed: string[] = [];
  for (const e of shown) {
    const label = labels.get(e.filer) ?? e.filer.displayName;
    rows.push(...lineRows([{ label, series: e.series, scale: e.scale }], ctx));
    const {
      fittedEndPct: from,
      slopePctPerDay: slope,
      slopeStdErrPctPerDay: se,
      confidenceZ: z,
    } = e.forecast;
    for (const days of [0, horizon]) {
      rows.push({
        row: 'projection',
        series: label,
        t: ctx.wallClock(ctx.endMs + days * DAY_MS),
        value: from + slope * days,
        low: from + (slope - z * se) * days,
        high: from + (slope + z * se) * days,
      });
    }
    for (const line of e.forecast.lines) {
      if (line.days <= horizon) {
        rows.push({
          row: 'crossing',
          series: label,
          t: ctx.wallClock(ctx.endMs + line.days * DAY_MS),
          value: line.linePct,
        });
      }
    }
    listed.push(
      chartText(ctx, 'runway.item', {
        name: label,
        lines: e.forecast.lines
          .map((l) =>
            chartText(ctx, 'runway.line', {
              line: ctx.fmt.percent(l.linePct, 0),
              days: ctx.fmt.number(l.days, 1),
              earliest: ctx.fmt.number(l.daysEarliest, 1),
              latest: ctx.fmt.number(l.daysLatest, 1),
            }),
          )
          .join(ctx.tr.t('join.list')),
      }),
    );
  }
  const threshold = CHART_THRESHOLDS.datastoreUsedPct;
  rows.push({ row: 'now', t: ctx.wallClock(ctx.endMs), label: chartText(ctx, 'runway.now') });
  return {
    id: `${dc.tag}/datastores/runway`,
    kind: 'datastore',
    template: 'runway.vl.json',
    title: chartText(ctx, 'runway.title'),
    description: chartText(ctx, 'runway.description', {
      which: whichShown(ctx, 'runway.which', shown.length, candidates.length),
      datacenter: dc.name,
      list: listed.join(ctx.tr.t('join.semi')),
      z: ctx.fmt.compact(shown[0]?.forecast.confidenceZ ?? null),
      days: horizon,
    }),
    section: dc.tag,
    params: {
      valueTitle: chartText(ctx, 'spaceUsed.axis'),
      periodStart: ctx.wallClock(ctx.startMs),
      periodEnd: ctx.wallClock(endMs),
    },
    values: [...rows, ...bandRows(threshold, 100), ...thresholdRows(threshold, '%', ctx)],
    width: ctx.plotWidth,
    height: HEIGHT.runway,
    locale: ctx.tr.locale,
  };
}
