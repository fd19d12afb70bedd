import { describe, expect, it } from 'vitest';
import { PeriodError } from '../../../lib/core/errors.ts';
import {
  isoWeekPeriod,
  lastCompleteIsoWeek,
  lastCompleteMonth,
  localIso,
  monthPeriod,
} from '../../../lib/core/period.ts';

const HOUR = 3_600_000;

describe('periods', () => {
  it('cuts an ISO week from Monday 00:00 to Monday 00:00 in Paris (CET, UTC+1)', () => {
    const p = isoWeekPeriod('2026-W47', 'Europe/Paris');
    expect(new Date(p.startMs).toISOString()).toBe('2026-11-15T23:00:00.000Z');
    expect(new Date(p.endMs).toISOString()).toBe('2026-11-22T23:00:00.000Z');
    expect(localIso(p.startMs, p.timeZone)).toBe('2026-11-16T00:00:00+01:00');
  });

  it('makes the week of the spring DST change 167 hours long and the autumn one 169', () => {
    // 2026: clocks go forward on Sunday 29 March (W13) and back on Sunday 25 October (W43).
    const spring = isoWeekPeriod('2026-W13', 'Europe/Paris');
    const autumn = isoWeekPeriod('2026-W43', 'Europe/Paris');
    expect((spring.endMs - spring.startMs) / HOUR).toBe(167);
    expect((autumn.endMs - autumn.startMs) / HOUR).toBe(169);
    expect(new Date(autumn.startMs).toISOString()).toBe('2026-10-18T22:00:00.000Z');
  });

  it('handles ISO week 53 and weeks that straddle the year end', () => {
    // 2026 has 53 ISO weeks: W53 runs Monday 28 December 2026 to Monday 4 January 2027.
    const w53 = isoWeekPeriod('2026-W53', 'UTC');
    expect(new Date(w53.startMs).toISOString()).toBe('2026-12-28T00:00:00.000Z');
    expect(new Date(w53.endMs).toISOString()).toBe('2027-01-04T00:00:00.000Z');
    // 2027-W01 therefore starts on 4 January 2027; 2025 has no week 53.
    expect(new Date(isoWeekPeriod('2027-W01', 'UTC').startMs).toISOString()).toBe('2027-01-04T00:00:00.000Z');
    expect(() => isoWeekPeriod('2025-W53', 'UTC')).toThrow(PeriodError);
  });

  it('finds the last complete week: on a Monday just after midnight in Paris it is the week before', () => {
    // Monday 23 November 2026, 00:30 in Paris = Sunday 23:30 UTC.
    expect(lastCompleteIsoWeek(new Date('2026-11-22T23:30:00Z'), 'Europe/Paris').label).toBe('2026-W47');
    // The same instant in New York is still Sunday: the last complete week is W46.
    expect(lastCompleteIsoWeek(new Date('2026-11-22T23:30:00Z'), 'America/New_York').label).toBe('2026-W46');
    // First days of January belong to the previous ISO year's last week.
    expect(lastCompleteIsoWeek(new Date('2027-01-05T12:00:00Z'), 'UTC').label).toBe('2026-W53');
  });

  it('cuts calendar months in the zone, including the DST month', () => {
    const oct = monthPeriod('2026-10', 'Europe/Paris');
    expect(new Date(oct.startMs).toISOString()).toBe('2026-09-30T22:00:00.000Z');
    expect(new Date(oct.endMs).toISOString()).toBe('2026-10-31T23:00:00.000Z');
    expect((oct.endMs - oct.startMs) / HOUR).toBe(31 * 24 + 1);
    expect(lastCompleteMonth(new Date('2027-01-01T00:30:00+01:00'), 'Europe/Paris').label).toBe('2026-12');
  });

  it('rejects unknown zones and malformed labels with the expected form', () => {
    expect(() => isoWeekPeriod('2026-W47', 'Europe/Pariss')).toThrow(/IANA/);
    expect(() => isoWeekPeriod('2026-47', 'UTC')).toThrow(/2026-W47/);
    expect(() => monthPeriod('2026-13', 'UTC')).toThrow(/2026-11/);
  });
});
