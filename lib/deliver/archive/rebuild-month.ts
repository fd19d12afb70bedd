/**
 * A month's figures recomputed from archived daily summaries alone — after the metrics platform's
 * retention is gone. Summaries from any archives (the month's own, or the weekly reports that
 * overlap it) are cut to the month's local days and merged: counts, min, max and mean come back
 * exactly, percentiles within the sketch's relative accuracy.
 */

import { DateTime } from 'luxon';
import { figuresOf, type MergedFigures, mergeSummaries } from '../../aggregate/daily-summary.ts';
import { PeriodError } from '../../core/errors.ts';
import type { DailySummary, Period, SeriesSummaries, SummaryArchive } from '../../core/types.ts';

export interface RebuiltSeries {
  readonly datacenterTag: string;
  readonly kind: SeriesSummaries['kind'];
  readonly component: string;
  readonly metric: SeriesSummaries['metric'];
  readonly days: number;
  readonly figures: MergedFigures;
}

/** Figures of every series over `month`, from whatever archives cover it (overlaps counted once). */
export function rebuildMonth(archives: readonly SummaryArchive[], month: Period): RebuiltSeries[] {
  const zone = month.timeZone;
  const first = DateTime.fromMillis(month.startMs, { zone }).toFormat('yyyy-MM-dd');
  const last = DateTime.fromMillis(month.endMs - 1, { zone }).toFormat('yyyy-MM-dd');
  const bySeries = new Map<
    string,
    { head: Omit<RebuiltSeries, 'days' | 'figures'>; days: Map<string, DailySummary> }
  >();
  for (const archive of archives) {
    if (archive.period.timeZone !== zone) {
      throw new PeriodError(
        `Summaries of ${archive.period.label} are cut in ${archive.period.timeZone}, not ${zone}: local days differ.`,
        { key: 'timeZone' },
      );
    }
    for (const s of archive.series) {
      const id = `${s.datacenterTag}\u0000${s.kind}\u0000${s.component}\u0000${s.metric}`;
      let entry = bySeries.get(id);
      if (!entry) {
        entry = {
          head: { datacenterTag: s.datacenterTag, kind: s.kind, component: s.component, metric: s.metric },
          days: new Map(),
        };
        bySeries.set(id, entry);
      }
      for (const d of s.days) {
        if (d.day >= first && d.day <= last && !entry.days.has(d.day)) entry.days.set(d.day, d);
      }
    }
  }
  return [...bySeries.values()]
    .filter((e) => e.days.size > 0)
    .map((e) => ({
      ...e.head,
      days: e.days.size,
      figures: figuresOf(mergeSummaries([...e.days.values()], month.label)),
    }));
}
