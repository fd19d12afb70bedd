/**
 * The report's list of gaps in the series that came: every run of missing samples longer than one
 * bucket, per metric, with the components that miss exactly that span merged into one entry.
 *
 * Left out, because the report states them elsewhere or expects nothing: components without any
 * series (the gaps section's "components without data"), powered-off VMs (no samples expected, see
 * `nothingExpected` in build-aggregates.ts), derived figures and per-NIC series (their gaps are those
 * of the series they come from), and spans a failed query covers (its own entry states them). Bounds: each series lists at most `gapListCap` gaps (20 by
 * default; its stats' `gaps.count` has them all), and merging identical spans makes an outage of
 * a whole datacenter one entry per metric, whatever the number of components.
 */
import { type ComponentKind, METRICS, type MetricName } from '../core/catalogue.ts';
import { localIso } from '../core/period.ts';
import type {
  ComponentReport,
  DatacenterReport,
  FetchGap,
  GapSpan,
  MetricStats,
  SeriesGap,
} from '../core/types.ts';

const CATALOGUE_ORDER = new Map<string, number>(METRICS.map((m, i) => [m.name, i]));

interface Entry {
  readonly dcIndex: number;
  readonly datacenterTag: string;
  readonly kind: ComponentKind;
  readonly metric: MetricName;
  readonly startMs: number;
  readonly endMs: number;
  readonly missingSamples: number;
  readonly components: string[];
}

/** True when a failed query of this metric covered the component over the whole span. */
function coveredByFailure(
  failed: readonly FetchGap[],
  dcTag: string,
  metric: MetricName,
  key: string,
  span: GapSpan,
): boolean {
  return failed.some(
    (f) =>
      f.datacenterTag === dcTag &&
      f.metric === metric &&
      (f.components.length === 0 || f.components.includes(key)) &&
      (f.window === undefined || (f.window.startMs <= span.startMs && span.endMs <= f.window.endMs)),
  );
}

/** The spans of one component worth listing: longer than a bucket, not a failed query's. */
function componentSpans(
  c: ComponentReport,
  dcTag: string,
  failed: readonly FetchGap[],
): { metric: MetricName; span: GapSpan }[] {
  if (c.missingSeries || c.details.powerState === 'poweredOff') return [];
  const out: { metric: MetricName; span: GapSpan }[] = [];
  for (const [metric, stats] of Object.entries(c.metrics) as [MetricName, MetricStats | undefined][]) {
    for (const span of stats?.gaps.listed ?? []) {
      const long = (span.endMs - span.startMs) / 1000 > (stats?.intervalSeconds ?? 0);
      if (long && !coveredByFailure(failed, dcTag, metric, c.key, span)) out.push({ metric, span });
    }
  }
  return out;
}

/** Every gap longer than one bucket in the series of `datacenters`, by datacenter, start and metric. */
export function seriesGaps(
  datacenters: readonly DatacenterReport[],
  failed: readonly FetchGap[],
  timeZone: string,
): SeriesGap[] {
  const entries = new Map<string, Entry>();
  datacenters.forEach((dc, dcIndex) => {
    for (const c of [...dc.hosts, ...dc.vms, ...dc.filers]) {
      for (const { metric, span } of componentSpans(c, dc.tag, failed)) {
        const id = `${dcIndex}\u0000${metric}\u0000${span.startMs}\u0000${span.endMs}`;
        const entry = entries.get(id);
        if (entry) entry.components.push(c.key);
        else
          entries.set(id, {
            dcIndex,
            datacenterTag: dc.tag,
            kind: c.kind,
            metric,
            startMs: span.startMs,
            endMs: span.endMs,
            missingSamples: span.missingSamples,
            components: [c.key],
          });
      }
    }
  });
  return [...entries.values()]
    .sort(
      (a, b) =>
        a.dcIndex - b.dcIndex ||
        a.startMs - b.startMs ||
        (CATALOGUE_ORDER.get(a.metric) ?? 0) - (CATALOGUE_ORDER.get(b.metric) ?? 0) ||
        a.endMs - b.endMs,
    )
    .map((e) => ({
      source: 'series',
      datacenterTag: e.datacenterTag,
      kind: e.kind,
      metric: e.metric,
      components: [...e.components].sort((x, y) => x.localeCompare(y, 'en')),
      startMs: e.startMs,
      endMs: e.endMs,
      startLocal: localIso(e.startMs, timeZone),
      endLocal: localIso(e.endMs, timeZone),
      durationSeconds: (e.endMs - e.startMs) / 1000,
      missingSamples: e.missingSamples,
    }));
}
