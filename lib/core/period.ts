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
  return toPeriod('week', weekLabel(start), start, thisMonday, zone);
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

function parseBound(text: string, zone: string, key: 'from' | 'to'): DateTime {
  // Dates and date-times without an offset are wall-clock times in `zone`; an explicit offset wins.
  const parsed = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(text)
    ? DateTime.fromISO(text.replace(' ', 'T'), { zone })
    : null;
  if (!parsed?.isValid) {
    throw new PeriodError(
      `'${text}' is not a date or date-time: expected 2026-11-16 or 2026-11-16T08:00 (local time in ${zone}).`,
      { key },
    );
  }
  if (/(Z|[+-]\d{2}:?\d{2})$/.test(text)) return parsed;
  // A wall-clock time that happens twice (autumn change) means its first occurrence.
  const [first] = parsed.getPossibleOffsets().sort((a, b) => a.toMillis() - b.toMillis());
  return first ?? parsed;
}

/**
 * A custom range [from, to) in `zone`. `from` and `to` are ISO dates (local midnight) or
 * date-times (local wall clock unless they carry an offset). A local time that does not exist
 * (inside a spring-forward gap) moves forward by the gap, as luxon resolves it; one that happens
 * twice (autumn) is its first occurrence.
 */
export function customPeriod(fromIso: string, toIso: string, zone: string): Period {
  assertTimeZone(zone);
  const start = parseBound(fromIso, zone, 'from').setZone(zone);
  const end = parseBound(toIso, zone, 'to').setZone(zone);
  if (end.toMillis() <= start.toMillis()) {
    throw new PeriodError(`The range ${fromIso} to ${toIso} is empty: its end must come after its start.`, {
      key: 'to',
    });
  }
  return toPeriod('custom', customLabel(start, end), start, end, zone);
}

/**
 * `<from>_<to>` in local time: dates when both bounds are local midnights, otherwise compact
 * date-times without colons (`2026-11-16T0800`), which stay valid in file names and object keys.
 */
function customLabel(start: DateTime, end: DateTime): string {
  const format =
    isMidnight(start) && isMidnight(end)
      ? 'yyyy-MM-dd'
      : start.second === 0 && end.second === 0
        ? "yyyy-MM-dd'T'HHmm"
        : "yyyy-MM-dd'T'HHmmss";
  return `${start.toFormat(format)}_${end.toFormat(format)}`;
}

/**
 * The period a report compares itself with: the ISO week or calendar month before, or for a
 * custom range the range of the same length that ends where this one starts.
 */
export function previousPeriod(period: Period): Period {
  const zone = period.timeZone;
  const start = DateTime.fromMillis(period.startMs, { zone });
  if (period.kind === 'week') {
    const prev = start.minus({ weeks: 1 });
    return toPeriod('week', weekLabel(prev), prev, start, zone);
  }
  if (period.kind === 'month') {
    return monthPeriod(start.minus({ months: 1 }).toFormat('yyyy-MM'), zone);
  }
  const end = DateTime.fromMillis(period.endMs, { zone });
  // Whole local days shift by calendar days, so a range across a DST change keeps its dates.
  const days = end.diff(start, 'days').days;
  const prev =
    isMidnight(start) && isMidnight(end) && Number.isInteger(days)
      ? start.minus({ days })
      : DateTime.fromMillis(2 * period.startMs - period.endMs, { zone });
  return toPeriod('custom', customLabel(prev, start), prev, start, zone);
}

function isMidnight(d: DateTime): boolean {
  return d.toMillis() === d.startOf('day').toMillis();
}

function weekLabel(start: DateTime): string {
  return start.toFormat("kkkk-'W'WW");
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

/**
 * Whether the period had ended at `now`: before that its data is not all there, so a report of it
 * is partial (the HTTP API refuses it, rule `not-in-future`; the command line asks for --partial).
 */
export function hasEnded(period: Period, now: Date): boolean {
  return period.endMs <= now.getTime();
}
