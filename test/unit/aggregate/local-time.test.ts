import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { dayLabel, LocalClock } from '../../../lib/aggregate/local-time.ts';

const FROM = Date.UTC(2026, 0, 1);
const TO = Date.UTC(2027, 0, 1);

/** Reference: ask luxon for every instant. */
function reference(ms: number, zone: string) {
  const local = DateTime.fromMillis(ms, { zone });
  return {
    hourOfWeek: (local.weekday - 1) * 24 + local.hour,
    day: local.toFormat('yyyy-MM-dd'),
  };
}

describe('LocalClock', () => {
  for (const zone of ['Europe/Paris', 'America/Santiago', 'Australia/Lord_Howe', 'Asia/Kathmandu']) {
    it(`agrees with luxon on the local day and hour of the week in ${zone}, DST included`, () => {
      const clock = new LocalClock({ startMs: FROM, endMs: TO, timeZone: zone });
      fc.assert(
        fc.property(fc.integer({ min: FROM, max: TO - 1 }), (ms) => {
          const want = reference(ms, zone);
          expect(clock.hourOfWeek(ms)).toBe(want.hourOfWeek);
          expect(dayLabel(clock.dayNumber(ms))).toBe(want.day);
        }),
        { numRuns: 2000 },
      );
    });
  }

  it('reads both 02:xx hours of the autumn change in Paris as hour 2 of Sunday (cell 146)', () => {
    // Sunday 25 October 2026: 02:30 CEST is 00:30Z, 02:30 CET is 01:30Z. Sunday = 6 × 24 = 144; + 2 = 146.
    const clock = new LocalClock({ startMs: FROM, endMs: TO, timeZone: 'Europe/Paris' });
    expect(clock.hourOfWeek(Date.UTC(2026, 9, 25, 0, 30))).toBe(146);
    expect(clock.hourOfWeek(Date.UTC(2026, 9, 25, 1, 30))).toBe(146);
    expect(clock.hourOfWeek(Date.UTC(2026, 9, 25, 2, 30))).toBe(147);
  });

  it('answers outside the period it was built for too', () => {
    const clock = new LocalClock({ startMs: FROM, endMs: FROM + 86_400_000, timeZone: 'Europe/Paris' });
    expect(dayLabel(clock.dayNumber(Date.UTC(2026, 6, 14, 22, 30)))).toBe('2026-07-15');
  });
});
