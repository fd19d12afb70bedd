import { describe, expect, it } from 'vitest';
import { demoInventory } from '../../../demo/datacenter/infrastructure.ts';
import { isoWeekPeriod } from '../../../lib/core/period.ts';
import type { MetricsSource } from '../../../lib/core/ports.ts';
import { FETCH_DEFAULTS, fetchSeries } from '../../../lib/fetch/fetch-series.ts';

const period = isoWeekPeriod('2026-W47', 'Europe/Paris');
const inventory = demoInventory();
const empty = new TextEncoder().encode('[]');

/** A source answering every query with no series, one turn of the event loop later; it counts queries under way. */
function countingSource(): MetricsSource & { most: number; calls: number } {
  let active = 0;
  const source = {
    most: 0,
    calls: 0,
    async query<T>(_body: unknown, read: (answer: Uint8Array) => T | Promise<T>): Promise<T> {
      source.calls++;
      active++;
      source.most = Math.max(source.most, active);
      try {
        await new Promise((resolve) => setImmediate(resolve));
        return await read(empty);
      } finally {
        active--;
      }
    },
  };
  return source;
}

describe('fetchSeries', () => {
  it('keeps twice as many queries under way as the client has connections', async () => {
    // The in-flight limit of the fetch stage: with the client's connections (`concurrency`) as the
    // only bound, every planned request would be under way at once, each holding its answer.
    const source = countingSource();
    const options = { ...FETCH_DEFAULTS, concurrency: 3, maxSubQueriesPerRequest: 1 };
    const set = await fetchSeries(source, inventory, period, options);
    expect(set.requests).toBe(20);
    expect(source.calls).toBe(20);
    expect(source.most).toBe(6);
    expect(set.gaps).toEqual([]);
  });
});
