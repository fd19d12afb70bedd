import { describe, expect, it } from 'vitest';
import { forecastRunway } from '../../../lib/findings/runway.ts';

const LINES = { linesPct: [80, 90, 100], confidenceZ: 2, minSlopePctPerDay: 0.01 };

describe('forecastRunway', () => {
  it('forecasts days to each line ahead with a band from the slope error (checked by hand)', () => {
    // From 88.5 % at 0.65 points a day, standard error 0.05, z = 2 (slopes 0.75 and 0.55):
    //   90 %:  1.5 / 0.65 = 2.3077 days, earliest 1.5 / 0.75 = 2.0, latest 1.5 / 0.55 = 2.7273;
    //   100 %: 11.5 / 0.65 = 17.6923 days, earliest 11.5 / 0.75 = 15.3333, latest 11.5 / 0.55 = 20.9091.
    // 80 % is already behind: no line for it.
    const runway = forecastRunway({ slopePerDay: 0.65, slopeStdErrPerDay: 0.05, fittedAtEnd: 88.5 }, LINES);
    expect(runway?.fromPct).toBe(88.5);
    expect(runway?.lines.map((l) => l.linePct)).toEqual([90, 100]);
    const [to90, to100] = runway?.lines ?? [];
    expect(to90?.days).toBeCloseTo(2.3077, 4);
    expect(to90?.daysEarliest).toBeCloseTo(2.0, 10);
    expect(to90?.daysLatest).toBeCloseTo(2.7273, 4);
    expect(to100?.days).toBeCloseTo(17.6923, 4);
    expect(to100?.daysEarliest).toBeCloseTo(15.3333, 4);
    expect(to100?.daysLatest).toBeCloseTo(20.9091, 4);
  });

  it('forecasts nothing for a flat or falling datastore', () => {
    expect(forecastRunway({ slopePerDay: 0, slopeStdErrPerDay: 0.001, fittedAtEnd: 85 }, LINES)).toBeNull();
    expect(forecastRunway({ slopePerDay: -0.4, slopeStdErrPerDay: 0.01, fittedAtEnd: 85 }, LINES)).toBeNull();
    expect(
      forecastRunway({ slopePerDay: 0.005, slopeStdErrPerDay: 0.0001, fittedAtEnd: 85 }, LINES),
    ).toBeNull();
  });

  it('forecasts nothing when the rise cannot be told from noise', () => {
    // 0.1 ± 2 × 0.06: the slower bound is negative.
    expect(forecastRunway({ slopePerDay: 0.1, slopeStdErrPerDay: 0.06, fittedAtEnd: 85 }, LINES)).toBeNull();
    expect(forecastRunway({ slopePerDay: 0.5, slopeStdErrPerDay: null, fittedAtEnd: 85 }, LINES)).toBeNull();
  });

  it('has no line left to forecast past 100 %', () => {
    expect(
      forecastRunway({ slopePerDay: 1, slopeStdErrPerDay: 0.01, fittedAtEnd: 100.2 }, LINES)?.lines,
    ).toEqual([]);
  });
});
