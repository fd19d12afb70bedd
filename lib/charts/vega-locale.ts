/**
 * Vega's number and time format locales built from Intl, so axis labels (weekday and month
 * names, decimal and thousands separators) follow the report's language like the rest of the
 * documents, with no locale files to ship.
 */
import type * as vega from 'vega';

/** The d3-format locale definition vega expects. */
interface NumberLocale {
  readonly decimal: string;
  readonly thousands: string;
  readonly grouping: readonly number[];
  readonly currency: readonly [string, string];
}

/** The d3-time-format locale definition vega expects. */
interface TimeLocale {
  readonly dateTime: string;
  readonly date: string;
  readonly time: string;
  readonly periods: readonly [string, string];
  readonly days: readonly string[];
  readonly shortDays: readonly string[];
  readonly months: readonly string[];
  readonly shortMonths: readonly string[];
}

/** What vega's View takes as its `locale` option: the two definitions, from which it builds formatters. */
export interface VegaLocale {
  readonly number: NumberLocale;
  readonly time: TimeLocale;
}

export function numberLocale(locale: string): NumberLocale {
  const parts = new Intl.NumberFormat(locale, { useGrouping: true }).formatToParts(1234567.5);
  const part = (type: string, fallback: string) => parts.find((p) => p.type === type)?.value ?? fallback;
  return { decimal: part('decimal', '.'), thousands: part('group', ','), grouping: [3], currency: ['', ''] };
}

export function timeLocale(locale: string): TimeLocale {
  const names = (options: Intl.DateTimeFormatOptions, count: number, at: (i: number) => number) => {
    const format = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
    return Array.from({ length: count }, (_, i) => format.format(at(i)));
  };
  // 2023-01-01 was a Sunday, the first day of d3's week.
  const day = (i: number) => Date.UTC(2023, 0, 1 + i);
  const month = (i: number) => Date.UTC(2023, i, 15);
  return {
    dateTime: '%a %e %b %Y %X',
    date: '%Y-%m-%d',
    time: '%H:%M:%S',
    periods: ['AM', 'PM'],
    days: names({ weekday: 'long' }, 7, day),
    shortDays: names({ weekday: 'short' }, 7, day),
    months: names({ month: 'long' }, 12, month),
    shortMonths: names({ month: 'short' }, 12, month),
  };
}

const cache = new Map<string, VegaLocale>();

/**
 * The locale option of a vega View for `locale` (BCP 47). vega's typings declare the option as
 * ready-made formatters, but the View builds them itself from these definitions.
 */
export function vegaLocale(locale: string): vega.LocaleFormatters {
  let definitions = cache.get(locale);
  if (definitions === undefined) {
    definitions = { number: numberLocale(locale), time: timeLocale(locale) };
    cache.set(locale, definitions);
  }
  return definitions as unknown as vega.LocaleFormatters;
}
