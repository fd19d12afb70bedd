/**
 * Fuzzing the HTTP query parser with random query strings: raw characters, percent-encoding
 * (valid, truncated and of invalid UTF-8), random parameter names and values around the
 * expected ones. It answers problems or a query, and throws nothing but its own PeriodError.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PeriodError } from '../../../../lib/core/errors.ts';
import { CSV_FILES, LANGUAGES } from '../../../../lib/core/types.ts';
import {
  parseReportQuery,
  REPORT_FORMATS,
  REPORT_PARAMETERS,
  RULES,
} from '../../../../lib/deliver/http/parse-query.ts';

const RUNS = 10_000;
const defaults = {
  timeZone: 'Europe/Paris',
  language: 'en',
  maxSpanDays: 31,
  now: new Date('2026-12-01T00:00:00Z'),
} as const;
const ruleNames: readonly string[] = Object.values(RULES);

/**
 * Parses, and checks what comes out; an exception other than PeriodError fails the test.
 * Whether a query came out.
 */
function check(rawQuery: string): boolean {
  let parsed: ReturnType<typeof parseReportQuery>;
  try {
    parsed = parseReportQuery(rawQuery, defaults);
  } catch (error) {
    if (error instanceof PeriodError) return false;
    throw error;
  }
  if ('problems' in parsed) {
    expect(parsed.problems.length).toBeGreaterThan(0);
    for (const p of parsed.problems) {
      expect(ruleNames).toContain(p.rule);
      expect(typeof p.field).toBe('string');
      expect(p.message.length).toBeGreaterThan(0);
    }
    return false;
  }
  const { query } = parsed;
  expect(query.service).toMatch(/^pcc-/);
  expect(REPORT_FORMATS).toContain(query.format);
  expect(LANGUAGES).toContain(query.language);
  expect(CSV_FILES).toContain(query.table);
  expect(Number.isFinite(query.period.startMs) && Number.isFinite(query.period.endMs)).toBe(true);
  expect(query.period.endMs).toBeGreaterThan(query.period.startMs);
  expect(query.period.endMs).toBeLessThanOrEqual(defaults.now.getTime());
  expect(query.period.endMs - query.period.startMs).toBeLessThanOrEqual(
    (defaults.maxSpanDays + 1) * 86_400_000,
  );
  return true;
}

const percent = fc.oneof(
  fc.integer({ min: 0, max: 255 }).map((b) => `%${b.toString(16).padStart(2, '0')}`),
  fc.constantFrom('%', '%2', '%zz', '%C3%A9', '%E2%80%AE', '%F0%9F%98%80', '%ED%A0%80', '%C0%AE', '%00', '+'),
);
const raw = fc.string({
  unit: fc.oneof(
    fc.constantFrom('&', '=', '?', '#', ';'),
    fc.string({ unit: 'binary', maxLength: 1 }),
    percent,
  ),
});

const names = fc.oneof(
  fc.constantFrom(...REPORT_PARAMETERS),
  fc.constantFrom('', 'Service', 'from[]', '__proto__', 'constructor', 'to%00'),
  fc.string({ maxLength: 8 }),
);
const values = fc.oneof(
  fc.constantFrom(
    'pcc-192-0-2-10',
    '2026-11-16',
    '2026-11-23',
    '2026-11-16T08:00',
    '2026-11-16T08:00:00.5+01:00',
    '2026-02-30',
    '9999-12-31T23:59:59Z',
    '0000-01-01',
    '2026-11-16 08:00-1400',
    'Europe/Paris',
    'America/Montreal',
    'Etc/GMT+14',
    'UTC',
    'Mars/Olympus',
    'json',
    'pdf',
    'csv',
    'hosts',
    'fr',
    '1842',
  ),
  fc.string({ maxLength: 24 }),
  fc.string({ unit: 'binary', maxLength: 24 }),
);

describe('parseReportQuery under fuzzing', () => {
  it('answers random query strings, percent-encoding included, with problems or a query', () => {
    fc.assert(
      fc.property(raw, (q) => {
        check(q);
      }),
      { numRuns: RUNS, seed: 20261120 },
    );
  });

  it('answers random parameter names and values, encoded or not, with problems or a query', () => {
    const pair = fc.tuple(names, values, fc.boolean());
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 10 }), (pairs) => {
        const query = pairs
          .map(([n, v, encode]) =>
            encode ? `${encodeURIComponent(n)}=${encodeURIComponent(v)}` : `${n}=${v}`,
          )
          .join('&');
        check(query);
      }),
      { numRuns: RUNS, seed: 20261121 },
    );
  });

  it('answers a valid query with random dates, zones and spans with problems or a query', () => {
    const local = (ms: number) => new Date(ms).toISOString().slice(0, 16);
    const from = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) });
    // Mostly spans of up to 40 days, so that ranges both within and beyond the limit come out.
    const span = fc.oneof(fc.integer({ min: -86_400_000, max: 40 * 86_400_000 }), fc.integer());
    const zone = fc.constantFrom(
      'Europe/Paris',
      'UTC',
      'Pacific/Kiritimati',
      'Pacific/Pago_Pago',
      'Asia/Kathmandu',
    );
    let queries = 0;
    fc.assert(
      fc.property(from, span, zone, (start, length, tz) => {
        const q = `service=pcc-1&from=${local(start)}&to=${local(start + length)}&tz=${encodeURIComponent(tz)}`;
        if (check(q)) queries++;
      }),
      { numRuns: RUNS, seed: 20261122 },
    );
    // The happy path is taken too, not only the problems.
    expect(queries).toBeGreaterThan(RUNS / 10);
  });
});
