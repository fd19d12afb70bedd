import { describe, expect, it } from 'vitest';
import { PeriodError } from '../../../lib/core/errors.ts';
import {
  customPeriod,
  isoWeekPeriod,
  lastCompleteIsoWeek,
  lastCompleteMonth,
  localIso,
  monthPeriod,
  previousPeriod,
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

  it('gives 2020 a week 53 and makes 2021-W01 start on Monday 4 January in Paris', () => {
    // 1 January 2020 was a Wednesday, and 2020 a leap year: 53 ISO weeks, W53 = 28 Dec 2020 – 4 Jan 2021.
    const w53 = isoWeekPeriod('2020-W53', 'Europe/Paris');
    expect(localIso(w53.startMs, 'Europe/Paris')).toBe('2020-12-28T00:00:00+01:00');
    expect(localIso(w53.endMs, 'Europe/Paris')).toBe('2021-01-04T00:00:00+01:00');
    expect(isoWeekPeriod('2021-W01', 'Europe/Paris').startMs).toBe(w53.endMs);
  });

  it('makes March 2026 in Paris one hour short and cuts months across the year end', () => {
    // Clocks go forward on 29 March 2026: 31 × 24 − 1 = 743 hours.
    const march = monthPeriod('2026-03', 'Europe/Paris');
    expect((march.endMs - march.startMs) / HOUR).toBe(743);
    const dec = monthPeriod('2026-12', 'Europe/Paris');
    expect(localIso(dec.endMs, 'Europe/Paris')).toBe('2027-01-01T00:00:00+01:00');
  });

  it('steps back to the previous ISO week, month and custom range, across DST and year ends', () => {
    // The week before 2027-W01 is 2026-W53; the one before W44 (after the autumn change) is the 169-hour W43.
    expect(previousPeriod(isoWeekPeriod('2027-W01', 'Europe/Paris')).label).toBe('2026-W53');
    const w43 = previousPeriod(isoWeekPeriod('2026-W44', 'Europe/Paris'));
    expect(w43).toEqual(isoWeekPeriod('2026-W43', 'Europe/Paris'));
    expect((w43.endMs - w43.startMs) / HOUR).toBe(169);
    expect(previousPeriod(monthPeriod('2027-01', 'Europe/Paris'))).toEqual(
      monthPeriod('2026-12', 'Europe/Paris'),
    );
    expect(previousPeriod(monthPeriod('2026-04', 'Europe/Paris'))).toEqual(
      monthPeriod('2026-03', 'Europe/Paris'),
    );
    // Whole days step back by calendar days: 30 Mar – 6 Apr follows 23 Mar – 30 Mar (167 hours, DST).
    const after = customPeriod('2026-03-30', '2026-04-06', 'Europe/Paris');
    const before = previousPeriod(after);
    expect(before.label).toBe('2026-03-23_2026-03-30');
    expect((before.endMs - before.startMs) / HOUR).toBe(167);
    // Other ranges step back by their length: 08:00–18:00 follows 22:00–08:00.
    expect(previousPeriod(customPeriod('2026-11-16T08:00', '2026-11-16T18:00', 'Europe/Paris')).label).toBe(
      '2026-11-15T2200_2026-11-16T0800',
    );
  });
});

describe('custom periods', () => {
  it('reads dates as local midnights and labels the range <from>_<to>', () => {
    const p = customPeriod('2026-11-16', '2026-11-19', 'Europe/Paris');
    expect(p.kind).toBe('custom');
    expect(p.label).toBe('2026-11-16_2026-11-19');
    // Midnight in Paris in November is 23:00 UTC the day before.
    expect(new Date(p.startMs).toISOString()).toBe('2026-11-15T23:00:00.000Z');
    expect((p.endMs - p.startMs) / HOUR).toBe(72);
  });

  it('reads date-times as wall-clock time in the zone, and labels them without colons', () => {
    const p = customPeriod('2026-11-16T08:30', '2026-11-16T18:00', 'Europe/Paris');
    expect(new Date(p.startMs).toISOString()).toBe('2026-11-16T07:30:00.000Z');
    expect(p.label).toBe('2026-11-16T0830_2026-11-16T1800');
  });

  it('honours an explicit offset, then labels in the zone', () => {
    const p = customPeriod('2026-11-16T00:00Z', '2026-11-17T00:00Z', 'Europe/Paris');
    expect(p.startMs).toBe(Date.UTC(2026, 10, 16));
    expect(p.label).toBe('2026-11-16T0100_2026-11-17T0100');
    // 01:30Z on 25 October is the second 02:30 in Paris: the offset says which one.
    expect(customPeriod('2026-10-25T01:30Z', '2026-10-26', 'Europe/Paris').startMs).toBe(
      Date.UTC(2026, 9, 25, 1, 30),
    );
  });

  it('spans the DST changes with the wall clock: 23 hours in spring, 25 in autumn', () => {
    expect(
      ((p) => (p.endMs - p.startMs) / HOUR)(customPeriod('2026-03-29', '2026-03-30', 'Europe/Paris')),
    ).toBe(23);
    expect(
      ((p) => (p.endMs - p.startMs) / HOUR)(customPeriod('2026-10-25', '2026-10-26', 'Europe/Paris')),
    ).toBe(25);
  });

  it('moves a time inside the spring gap forward and takes the first of an ambiguous autumn time', () => {
    // 29 March 2026 02:30 does not exist in Paris (02:00 → 03:00): it becomes 03:30 CEST = 01:30Z.
    expect(
      new Date(customPeriod('2026-03-29T02:30', '2026-03-30', 'Europe/Paris').startMs).toISOString(),
    ).toBe('2026-03-29T01:30:00.000Z');
    // 25 October 2026 02:30 happens twice; the first (CEST, UTC+2) is 00:30Z.
    expect(
      new Date(customPeriod('2026-10-25T02:30', '2026-10-26', 'Europe/Paris').startMs).toISOString(),
    ).toBe('2026-10-25T00:30:00.000Z');
  });

  it('crosses the year end', () => {
    const p = customPeriod('2026-12-28', '2027-01-04', 'Europe/Paris');
    expect(p).toEqual({
      ...isoWeekPeriod('2026-W53', 'Europe/Paris'),
      kind: 'custom',
      label: '2026-12-28_2027-01-04',
    });
  });

  it('rejects an empty range, malformed dates and unknown zones with the expected form', () => {
    expect(() => customPeriod('2026-11-17', '2026-11-16', 'Europe/Paris')).toThrow(/end must come after/);
    expect(() => customPeriod('2026-11-16', '2026-11-16', 'Europe/Paris')).toThrow(PeriodError);
    expect(() => customPeriod('16/11/2026', '2026-11-17', 'Europe/Paris')).toThrow(/2026-11-16T08:00/);
    expect(() => customPeriod('2026-02-30', '2026-03-02', 'Europe/Paris')).toThrow(PeriodError);
    expect(() => customPeriod('2026-11-16', '2026-11-17', 'Mars/Olympus')).toThrow(/IANA/);
  });
});
