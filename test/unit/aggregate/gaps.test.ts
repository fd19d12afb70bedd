import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GapTracker } from '../../../lib/aggregate/gaps.ts';

const START = 1_795_000_000;
const STEP = 300;
const SLOTS = 120;
const END = START + SLOTS * STEP;

function track(timestamps: readonly number[], cap = 1000) {
  const tracker = new GapTracker(START, END, STEP, cap);
  for (const t of timestamps) tracker.next(t);
  return tracker.finish();
}

/** Reference: maximal runs of missing slots on the grid, read off a boolean array. */
function runsOfMissing(present: readonly boolean[]): [number, number][] {
  const runs: [number, number][] = [];
  let from = -1;
  present.forEach((here, i) => {
    if (!here && from < 0) from = i;
    if (here && from >= 0) {
      runs.push([from, i]);
      from = -1;
    }
  });
  if (from >= 0) runs.push([from, present.length]);
  return runs;
}

describe('GapTracker', () => {
  it('finds the 6-hour hole of a 5-minute series as one gap of 72 samples', () => {
    // Samples every 5 minutes except slots 30..101 (72 slots = 6 h): the gap runs from slot 30 to slot 102.
    const ts = Array.from({ length: SLOTS }, (_, i) => START + i * STEP).filter((_, i) => i < 30 || i >= 102);
    expect(track(ts)).toEqual({
      count: 1,
      missingSeconds: 72 * STEP,
      longestSeconds: 72 * STEP,
      listed: [
        { startMs: (START + 30 * STEP) * 1000, endMs: (START + 102 * STEP) * 1000, missingSamples: 72 },
      ],
    });
  });

  it('counts a late start and an early stop as gaps at the edges', () => {
    // First sample at slot 2 (slots 0 and 1 missing), last at slot 116 (117..119 missing).
    const ts = Array.from({ length: SLOTS }, (_, i) => START + i * STEP).filter((_, i) => i >= 2 && i <= 116);
    const gaps = track(ts);
    expect(
      gaps.listed.map((g) => [g.startMs / 1000 - START, g.endMs / 1000 - START, g.missingSamples]),
    ).toEqual([
      [0, 2 * STEP, 2],
      [117 * STEP, 120 * STEP, 3],
    ]);
    expect(gaps.missingSeconds).toBe(5 * STEP);
  });

  it('makes a series without samples one gap over the whole period', () => {
    expect(track([])).toMatchObject({ count: 1, missingSeconds: SLOTS * STEP, longestSeconds: SLOTS * STEP });
  });

  it('finds exactly the runs of missing grid slots, whatever they are', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: SLOTS, maxLength: SLOTS }), (present) => {
        const ts = present.flatMap((here, i) => (here ? [START + i * STEP] : []));
        const gaps = track(ts);
        const runs = runsOfMissing(present);
        expect(gaps.count).toBe(runs.length);
        expect(
          gaps.listed.map((g) => [(g.startMs / 1000 - START) / STEP, (g.endMs / 1000 - START) / STEP]),
        ).toEqual(runs);
        expect(gaps.missingSeconds).toBe(present.filter((here) => !here).length * STEP);
        expect(gaps.longestSeconds).toBe(Math.max(0, ...runs.map(([a, b]) => (b - a) * STEP)));
      }),
    );
  });

  it('sees no gap in a complete series whose timestamps wander by up to a third of the interval', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 99 }), { minLength: SLOTS, maxLength: SLOTS }),
        (jitter) => {
          expect(track(jitter.map((j, i) => START + i * STEP + j)).count).toBe(0);
        },
      ),
    );
  });

  it('lists at most the cap but counts every gap', () => {
    const ts = Array.from({ length: SLOTS }, (_, i) => START + i * STEP).filter((_, i) => i % 3 !== 1);
    const gaps = track(ts, 5);
    expect(gaps.count).toBe(40);
    expect(gaps.listed).toHaveLength(5);
    expect(gaps.missingSeconds).toBe(40 * STEP);
  });
});
