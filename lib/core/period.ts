/**
 * Calendar periods cut in an IANA time zone. Luxon does the zone arithmetic so that a week
 * containing a DST change is 167 or 169 hours long, as it is on the operator's wall clock.
 */
import { DateTime, IANAZone } from 'luxon';
import { PeriodError } from './errors.ts';
import type { Period } from './types.ts';

/** Throws a PeriodError unless `zone` is an IANA time zone name this runtime knows. */
export function assertTimeZone(zone: string): void {
  if (!IANAZone.isValidZone(zone)) {
    throw new PeriodError(`Unknown time zone '${zone}': use an IANA name such as 'Europe/Paris'.`, {
      key: 'timeZone',
    });
  }
}

/** The ISO week (Monday 00:00 to the next Monday 00:00, local time) `2026-W47` in `zone`. */
export function isoWeekPeriod(label: string, zone: string): Period {
  assertTimeZone(zone);
  const match = /^(\d{4})-W(\d{2})$/.exec(label);
  if (!match) {
    throw new PeriodError(`Week '${label}' is not an ISO week: expected the form 2026-W47.`, { key: 'week' });
  }
  const start = DateTime.fromObject(
    { weekYear: Number(match[1]), weekNumber: Number(match[2]), weekday: 1 },
    { zone },
  ).startOf('day');
  if (!start.isValid || start.weekNumber !== Number(match[2])) {
    throw new PeriodError(`Week '${label}' does not exist in ${match[1]}.`, { key: 'week' });
  }
  return toPeriod('week', label, start, start.plus({ weeks: 1 }), zone);
}

/** The last ISO week that has fully ended at `now` in `zone`. */
export function lastCompleteIsoWeek(now: Date, zone: string): Period {
  assertTimeZone(zone);
  const thisMonday = DateTime.fromJSDate(now, { zone }).startOf('week');
  const start = thisMonday.minus({ weeks: 1 });
  return toPeriod('week', start.toFormat("kkkk-'W'WW"), start, thisMonday, zone);
}

/** The calendar month `2026-11` in `zone`. */
export function monthPeriod(label: string, zone: string): Period {
  assertTimeZone(zone);
  const match = /^(\d{4})-(\d{2})$/.exec(label);
  const start = match
    ? DateTime.fromObject({ year: Number(match[1]), month: Number(match[2]) }, { zone })
    : null;
  if (!start?.isValid) {
    throw new PeriodError(`Month '${label}' is not a calendar month: expected the form 2026-11.`, {
      key: 'month',
    });
  }
  return toPeriod('month', label, start, start.plus({ months: 1 }), zone);
}

/** The last calendar month that has fully ended at `now` in `zone`. */
export function lastCompleteMonth(now: Date, zone: string): Period {
  assertTimeZone(zone);
  const start = DateTime.fromJSDate(now, { zone }).startOf('month').minus({ months: 1 });
  return monthPeriod(start.toFormat('yyyy-MM'), zone);
}

function toPeriod(kind: Period['kind'], label: string, start: DateTime, end: DateTime, zone: string): Period {
  return { kind, label, startMs: start.toMillis(), endMs: end.toMillis(), timeZone: zone };
}

/** ISO 8601 text of an instant in the period's zone, with its offset (2026-11-16T00:00:00+01:00). */
export function localIso(ms: number, zone: string): string {
  return (
    DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true }) ?? new Date(ms).toISOString()
  );
}
