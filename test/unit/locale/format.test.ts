import { describe, expect, it } from 'vitest';
import { createFormatter, NO_VALUE } from '../../../lib/locale/format.ts';

const fmt = createFormatter('en');

describe('createFormatter', () => {
  it('prints a missing figure as an em dash, never as 0', () => {
    for (const missing of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(fmt.number(missing)).toBe(NO_VALUE);
      expect(fmt.percent(missing)).toBe(NO_VALUE);
      expect(fmt.withUnit(missing, 'ms')).toBe(NO_VALUE);
      expect(fmt.integer(missing)).toBe(NO_VALUE);
    }
    expect(NO_VALUE).toBe('—');
    expect(fmt.number(0)).toBe('0.0');
  });

  it('rounds to the requested decimals and groups thousands', () => {
    expect(fmt.number(91.249)).toBe('91.2');
    expect(fmt.number(1234567.891, 2)).toBe('1,234,567.89');
    expect(fmt.integer(4096)).toBe('4,096');
  });

  it('keeps a figure and its unit together with a no-break space', () => {
    expect(fmt.percent(91.25)).toBe('91.3\u00a0%');
    expect(fmt.percent(80, 0)).toBe('80\u00a0%');
    expect(fmt.withUnit(12.5, 'ms')).toBe('12.5\u00a0ms');
  });

  it('follows the locale it is created with', () => {
    expect(createFormatter('fr').number(1234.5)).toBe('1\u202f234,5');
    expect(createFormatter('de').percent(91.2)).toBe('91,2\u00a0%');
  });

  it('shows instants on the wall clock of a time zone, DST included', () => {
    expect(fmt.dateTime(Date.UTC(2026, 10, 15, 23), 'Europe/Paris')).toBe('2026-11-16 00:00 GMT+1');
    expect(fmt.dateTime(Date.UTC(2026, 6, 15, 22), 'Europe/Paris')).toBe('2026-07-16 00:00 GMT+2');
    expect(fmt.day(Date.UTC(2026, 10, 15, 23), 'Europe/Paris')).toBe('Mon 16 Nov');
  });
});
