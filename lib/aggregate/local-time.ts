/**
 * Local wall-clock arithmetic for one period, fast enough to run per sample: the zone's UTC
 * offset is looked up (with luxon) once per quarter hour of the period, since offsets only change
 * on quarter-hour boundaries; the local day and hour of the week then follow by integer
 * arithmetic on the shifted instant.
 */
import { DateTime } from 'luxon';
import type { Period } from '../core/types.ts';

const MINUTE_MS = 60_000;
const QUARTER_MS = 15 * MINUTE_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** 1970-01-01 was a Thursday: 3 days after a Monday. */
const EPOCH_WEEKDAY_FROM_MONDAY = 3;

/** Cells of an hour-of-week profile. */
export const HOURS_PER_WEEK = 168;

/** Converts instants of one period to local days and hours of the week in its zone. */
export class LocalClock {
  readonly zone: string;
  private readonly firstSlot: number;
  private readonly offsets: Float64Array;

  constructor(period: Pick<Period, 'startMs' | 'endMs' | 'timeZone'>) {
    this.zone = period.timeZone;
    this.firstSlot = Math.floor(period.startMs / QUARTER_MS) - 4;
    const slots = Math.ceil(period.endMs / QUARTER_MS) + 4 - this.firstSlot;
    this.offsets = new Float64Array(Math.max(1, slots)).fill(Number.NaN);
  }

  /** UTC offset of the zone at `ms`, in milliseconds. */
  offsetMs(ms: number): number {
    const slot = Math.floor(ms / QUARTER_MS);
    const i = slot - this.firstSlot;
    const inRange = i >= 0 && i < this.offsets.length;
    const cached = inRange ? (this.offsets[i] as number) : Number.NaN;
    if (!Number.isNaN(cached)) return cached;
    const offset = DateTime.fromMillis(slot * QUARTER_MS, { zone: this.zone }).offset * MINUTE_MS;
    if (inRange) this.offsets[i] = offset;
    return offset;
  }

  /** Local day number: days since 1970-01-01 on the zone's wall clock. */
  dayNumber(ms: number): number {
    return Math.floor((ms + this.offsetMs(ms)) / DAY_MS);
  }

  /** Local hour of the week, Monday 00h = 0 … Sunday 23h = 167. */
  hourOfWeek(ms: number): number {
    const local = ms + this.offsetMs(ms);
    const day = Math.floor(local / DAY_MS);
    const weekday = (((day + EPOCH_WEEKDAY_FROM_MONDAY) % 7) + 7) % 7;
    return weekday * 24 + Math.floor((local - day * DAY_MS) / HOUR_MS);
  }
}

const dayLabels = new Map<number, string>();

/** `yyyy-MM-dd` of a local day number (remembered: a report asks for the same few days per series). */
export function dayLabel(dayNumber: number): string {
  let label = dayLabels.get(dayNumber);
  if (label === undefined) {
    label = new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
    if (dayLabels.size > 10_000) dayLabels.clear();
    dayLabels.set(dayNumber, label);
  }
  return label;
}
