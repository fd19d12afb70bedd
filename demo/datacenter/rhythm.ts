/**
 * When the demo's workloads are busy. Paris office hours are approximated with a fixed UTC+1
 * offset: the demo needs a believable rhythm, not DST-exact wall-clock time.
 */
import type { Rhythm } from './infrastructure.ts';

const DAY = 86_400;
const HOUR = 3600;
const LOCAL_OFFSET = HOUR;
/** 1970-01-01 was a Thursday; with Sunday = 0 that is day 4. */
const EPOCH_WEEKDAY = 4;
const WEEKEND_FACTOR = 0.25;

function smoothstep(edge0: number, edge1: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - edge0) / (edge1 - edge0)));
  return t * t * (3 - 2 * t);
}

/** Day of the week of a UTC instant in the given offset, Sunday = 0. */
export function weekday(tSec: number, offsetSec = 0): number {
  return (Math.floor((tSec + offsetSec) / DAY) + EPOCH_WEEKDAY) % 7;
}

/** Hour of the day (fractional) of a UTC instant in the given offset. */
export function hourOfDay(tSec: number, offsetSec = 0): number {
  const s = (((tSec + offsetSec) % DAY) + DAY) % DAY;
  return s / HOUR;
}

/** How busy a workload with this rhythm is at `tSec`, from 0 (idle night) to 1 (peak). */
export function activity(rhythm: Rhythm, tSec: number): number {
  const h = hourOfDay(tSec, LOCAL_OFFSET);
  if (rhythm === 'flat') return 0.5;
  if (rhythm === 'night-batch') {
    // Backups run every night, weekends included; daytime restores are light.
    const nightly = smoothstep(0.5, 1.5, h) * (1 - smoothstep(4, 5, h));
    return Math.max(nightly, 0.1 * smoothstep(8, 9, h) * (1 - smoothstep(18, 19, h)));
  }
  const day = smoothstep(7, 9, h) * (1 - smoothstep(18, 20, h));
  const wd = weekday(tSec, LOCAL_OFFSET);
  return wd === 0 || wd === 6 ? day * WEEKEND_FACTOR : day;
}
