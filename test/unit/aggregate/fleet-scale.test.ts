import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { LocalClock } from '../../../lib/aggregate/local-time.ts';
import { computeSeriesStats, type SeriesStatsResult } from '../../../lib/aggregate/series-stats.ts';
import { isoWeekPeriod } from '../../../lib/core/period.ts';

/**
 * The fleet bound: 1,000 VMs × 13 metrics × 2,016 samples (a week at 5 minutes) go through the
 * statistics one series at a time, each series dropped once computed, as the aggregation does.
 * What stays is the figures and the daily summaries; the 26 million samples never coexist.
 */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const VMS = 1000;
const METRICS = 13;
const SAMPLES = 2016;
const week = isoWeekPeriod('2026-W47', 'Europe/Paris');

function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

describe('statistics of a 1,000-VM fleet', () => {
  it('fits in a few hundred megabytes and a few seconds per 13,000 series', () => {
    const options = {
      period: week,
      clock: new LocalClock(week),
      requestedIntervalSeconds: 300,
      thresholds: [80, 90],
      profile: false,
      gapListCap: 20,
      relativeAccuracy: 0.01,
    };
    const timestamps = new Float64Array(SAMPLES);
    const values = new Float64Array(SAMPLES);
    const before = heapMb();
    const kept: SeriesStatsResult['stats'][] = [];
    const summaries: NonNullable<SeriesStatsResult['days']>[] = [];
    const t0 = performance.now();
    let seed = 1;
    for (let s = 0; s < VMS * METRICS; s++) {
      // A fresh series each time (same buffers, new content): a daily swing plus noise, per series.
      const level = 5 + (s % 90);
      for (let i = 0; i < SAMPLES; i++) {
        seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
        timestamps[i] = week.startMs / 1000 + i * 300 + (seed % 40);
        values[i] = level * (1 + 0.5 * Math.sin(i / 45.8)) + (seed % 1000) / 100;
      }
      const result = computeSeriesStats(timestamps, values, options);
      kept.push(result.stats);
      summaries.push(result.days ?? []);
    }
    const seconds = (performance.now() - t0) / 1000;
    const retainedMb = heapMb() - before;
    // Time is printed for information only; performance is measured by `npm run bench`.
    console.info(
      `fleet scale: ${VMS * METRICS} series × ${SAMPLES} samples in ${seconds.toFixed(1)} s, ` +
        `${retainedMb.toFixed(0)} MB retained (figures + ${summaries.reduce((n, d) => n + d.length, 0)} daily summaries)`,
    );
    expect(kept).toHaveLength(VMS * METRICS);
    expect(kept[0]?.samples).toBe(SAMPLES);
    // The raw samples alone would be 26.2 million × 16 bytes = 419 MB; what is kept must stay well under.
    expect(retainedMb).toBeLessThan(300);
  }, 120_000);
});
