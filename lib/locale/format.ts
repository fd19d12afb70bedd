/**
 * Number and date formatting shared by every document (PDF, HTML, chart descriptions), so a figure
 * reads the same everywhere. Missing figures print as an em dash, never as 0: a gap is a gap.
 *
 * Locale-aware through Intl: each report's language picks the locale (see i18n.ts).
 */
import { DateTime } from 'luxon';

/** What a missing figure prints as. */
export const NO_VALUE = '—';

/** Joins a figure and its unit without letting a line break separate them. */
const UNIT_SPACE = '\u00a0';

export interface Formatter {
  readonly locale: string;
  /** A plain number with at most `fractionDigits` decimals (grouped thousands). */
  number(value: number | null | undefined, fractionDigits?: number): string;
  /** A percentage value already in 0–100, e.g. `91.2 %`. */
  percent(value: number | null | undefined, fractionDigits?: number): string;
  /** A figure followed by a unit, e.g. `12.5 ms`. */
  withUnit(value: number | null | undefined, unit: string, fractionDigits?: number): string;
  /** An integer count. */
  integer(value: number | null | undefined): string;
  /** A number with up to two decimals and no trailing zeros (thresholds, settings: `7.5`, `80`). */
  compact(value: number | null | undefined): string;
  /** An instant as wall-clock time in `zone`, e.g. `2026-11-16 00:00 GMT+1`. */
  dateTime(epochMs: number, zone: string): string;
  /** A calendar day in `zone`, e.g. `Mon 16 Nov`. */
  day(epochMs: number, zone: string): string;
}

function isFigure(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** A formatter for `locale` (BCP 47 tag); caches its Intl formatters. */
export function createFormatter(locale = 'en'): Formatter {
  const cache = new Map<number, Intl.NumberFormat>();
  const numberFormat = (digits: number): Intl.NumberFormat => {
    let format = cache.get(digits);
    if (format === undefined) {
      format = new Intl.NumberFormat(locale, {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      });
      cache.set(digits, format);
    }
    return format;
  };
  const number = (value: number | null | undefined, fractionDigits = 1): string =>
    isFigure(value) ? numberFormat(fractionDigits).format(value) : NO_VALUE;
  const withUnit = (value: number | null | undefined, unit: string, fractionDigits = 1): string =>
    isFigure(value) ? `${number(value, fractionDigits)}${UNIT_SPACE}${unit}` : NO_VALUE;
  const compactFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });

  return {
    locale,
    number,
    withUnit,
    percent: (value, fractionDigits = 1) => withUnit(value, '%', fractionDigits),
    integer: (value) => number(value, 0),
    compact: (value) => (isFigure(value) ? compactFormat.format(value) : NO_VALUE),
    dateTime: (epochMs, zone) =>
      DateTime.fromMillis(epochMs, { zone }).setLocale(locale).toFormat('yyyy-MM-dd HH:mm ZZZZ'),
    day: (epochMs, zone) => DateTime.fromMillis(epochMs, { zone }).setLocale(locale).toFormat('ccc d LLL'),
  };
}
