import { describe, expect, it } from 'vitest';
import { DayAccumulator } from '../../../../lib/aggregate/daily-summary.ts';
import { PeriodError } from '../../../../lib/core/errors.ts';
import { isoWeekPeriod, monthPeriod } from '../../../../lib/core/period.ts';
import type { Period, SummaryArchive } from '../../../../lib/core/types.ts';
import { rebuildMonth } from '../../../../lib/deliver/archive/rebuild-month.ts';

/** A weekly archive with one series whose day d holds the samples d, d+1, ..., d+9. */
function weekArchive(week: Period, days: string[]): SummaryArchive {
  return {
    schemaVersion: 1,
    serviceName: 'pcc-1',
    period: { ...week, startIso: '', endIso: '' },
    sketch: { kind: 'log-buckets', relativeAccuracy: 0.01 },
    series: [
      {
        datacenterTag: 'pcc-1_datacenter1',
        kind: 'vm',
        component: 'vm-1',
        metric: 'vscope.vm.cpu.usage.perc',
        intervalSeconds: 300,
        days: days.map((day) => {
          const acc = new DayAccumulator(day, 0.01);
          const d = Number(day.slice(-2));
          for (let i = 0; i < 10; i++) acc.add(d + i);
          return acc.toJSON();
        }),
      },
    ],
  };
}

const zone = 'Europe/Paris';
// Weeks 44 to 49 of 2026 cover November (26 Oct – 6 Dec); W48 is given twice (a re-run).
const dates = (from: string, n: number) =>
  Array.from({ length: n }, (_, i) =>
    new Date(Date.parse(`${from}T12:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10),
  );
const archives = [
  weekArchive(isoWeekPeriod('2026-W44', zone), dates('2026-10-26', 7)),
  weekArchive(isoWeekPeriod('2026-W45', zone), dates('2026-11-02', 7)),
  weekArchive(isoWeekPeriod('2026-W46', zone), dates('2026-11-09', 7)),
  weekArchive(isoWeekPeriod('2026-W47', zone), dates('2026-11-16', 7)),
  weekArchive(isoWeekPeriod('2026-W48', zone), dates('2026-11-23', 7)),
  weekArchive(isoWeekPeriod('2026-W48', zone), dates('2026-11-23', 7)),
  weekArchive(isoWeekPeriod('2026-W49', zone), dates('2026-11-30', 7)),
];

describe('rebuilding a month from daily summaries', () => {
  it('keeps the month’s local days, counts each day once, and merges them exactly', () => {
    const [series] = rebuildMonth(archives, monthPeriod('2026-11', zone));
    expect(series?.days).toBe(30);
    expect(series?.figures.count).toBe(300);
    expect(series?.figures.min).toBe(1);
    expect(series?.figures.max).toBe(39);
    // Mean of d+i over d = 1..30, i = 0..9: 15.5 + 4.5.
    expect(series?.figures.mean).toBe(20);
  });

  it('refuses summaries cut in another time zone', () => {
    const elsewhere = weekArchive(isoWeekPeriod('2026-W45', 'America/Montreal'), dates('2026-11-02', 7));
    expect(() => rebuildMonth([elsewhere], monthPeriod('2026-11', zone))).toThrow(PeriodError);
  });
});
