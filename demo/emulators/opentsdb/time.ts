/**
 * OpenTSDB time expressions: absolute epoch values (10 digits or fewer are seconds, longer ones
 * milliseconds), `<n><unit>-ago`, `now`, and `yyyy/MM/dd[-HH:mm[:ss]]` dates (read as UTC here;
 * stock reads them in the server's zone). Durations use the units ms s m h d w n y.
 */
import { badRequest } from './errors.ts';

const UNIT_MS = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  // OpenTSDB counts a month as 30 days and a year as 365, not calendar units.
  n: 30 * 86_400_000,
  y: 365 * 86_400_000,
} as const satisfies Record<string, number>;

export type DurationUnit = keyof typeof UNIT_MS;

const DURATION = /^(\d+)(ms|s|m|h|d|w|n|y)$/;
const DATE = /^(\d{4})\/(\d{2})\/(\d{2})(?:[-\s](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** A parsed `<n><unit>` duration; null when the text is not one. */
export function parseDuration(
  text: string,
): { readonly count: number; readonly unit: DurationUnit; readonly ms: number } | null {
  const m = DURATION.exec(text);
  if (!m) return null;
  const count = Number(m[1]);
  const unit = m[2] as DurationUnit;
  return { count, unit, ms: count * UNIT_MS[unit] };
}

function fromNumber(n: number): number {
  // Ten digits reach year 2286 in seconds; anything longer is milliseconds.
  if (Number.isInteger(n)) return String(n).length > 10 ? n : n * 1000;
  return Math.round(n * 1000);
}

/** Epoch milliseconds of an OpenTSDB time expression, given the server's clock. */
export function parseTime(value: unknown, nowMs: number, field: string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw badRequest(`Invalid ${field} time: ${value}`);
    return fromNumber(value);
  }
  if (typeof value !== 'string' || value.trim() === '')
    throw badRequest(`Invalid ${field} time: ${JSON.stringify(value)}`);
  const text = value.trim();
  if (text.toLowerCase() === 'now') return nowMs;
  if (/^\d+(\.\d+)?$/.test(text)) return fromNumber(Number(text));
  if (text.endsWith('-ago')) {
    const d = parseDuration(text.slice(0, -4));
    if (!d) throw badRequest(`Invalid relative ${field} time: '${text}'`);
    return nowMs - d.ms;
  }
  const m = DATE.exec(text);
  if (m) {
    const [, y, mo, d, h, mi, s] = m;
    return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0));
  }
  throw badRequest(
    `Invalid ${field} time: '${text}'`,
    'Use epoch seconds or milliseconds, <n><unit>-ago, or yyyy/MM/dd-HH:mm:ss',
  );
}
