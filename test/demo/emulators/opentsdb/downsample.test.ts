import { describe, expect, it } from 'vitest';
import { parseDownsample } from '../../../../demo/emulators/opentsdb/downsample.ts';
import { TsdbError } from '../../../../demo/emulators/opentsdb/errors.ts';
import { createSeriesStore } from '../../../../demo/emulators/opentsdb/store.ts';
import { BASE, dpsOf, query } from './helpers.ts';

function storeWith(points: readonly (readonly [number, number])[]) {
  const store = createSeriesStore();
  store.addSeries(
    'sys.cpu',
    { host: 'web01' },
    points.map((p) => p[0]),
    points.map((p) => p[1]),
    'ms',
  );
  return store;
}

describe('downsampling: OpenTSDB reference cases (TestDownsampler.java)', () => {
  it('averages into epoch-aligned 1000 s buckets (1000s-avg)', () => {
    const store = storeWith([
      [BASE, 40],
      [BASE + 2_000_000, 50],
      [BASE + 3_600_000, 40],
      [BASE + 3_605_000, 50],
      [BASE + 7_200_000, 40],
      [BASE + 9_200_000, 50],
    ]);
    const [result] = query(store, {
      start: BASE - 400_000,
      end: BASE + 9_200_000,
      msResolution: true,
      queries: [{ metric: 'sys.cpu', aggregator: 'sum', downsample: '1000s-avg' }],
    });
    expect(dpsOf(result)).toEqual({
      [BASE - 400_000]: 40,
      [BASE + 1_600_000]: 50,
      [BASE + 3_600_000]: 45,
      [BASE + 6_600_000]: 40,
      [BASE + 8_600_000]: 50,
    });
  });

  it('sums into 10 s buckets (10s-sum)', () => {
    const store = storeWith(Array.from({ length: 11 }, (_, k) => [BASE + 5000 * k, 2 ** k] as const));
    const [result] = query(store, {
      start: BASE,
      end: BASE + 50_000,
      msResolution: true,
      queries: [{ metric: 'sys.cpu', aggregator: 'sum', downsample: '10s-sum' }],
    });
    expect(dpsOf(result)).toEqual({
      [BASE]: 3,
      [BASE + 10_000]: 12,
      [BASE + 20_000]: 48,
      [BASE + 30_000]: 192,
      [BASE + 40_000]: 768,
      [BASE + 50_000]: 1024,
    });
  });

  it('sums [start, end) into one bucket stamped at start (0all-sum)', () => {
    const store = storeWith(Array.from({ length: 6 }, (_, k) => [BASE + 5000 + 10_000 * k, 2 ** k] as const));
    const [result] = query(store, {
      start: BASE + 15_000,
      end: BASE + 45_000,
      msResolution: true,
      queries: [{ metric: 'sys.cpu', aggregator: 'sum', downsample: '0all-sum' }],
    });
    expect(dpsOf(result)).toEqual({ [BASE + 15_000]: 14 });
  });
});

describe('downsampling: fill policies', () => {
  // Buckets at +0, +10 s and +30 s hold data; +20 s is empty.
  const store = storeWith([
    [BASE + 1000, 1],
    [BASE + 11_000, 2],
    [BASE + 31_000, 4],
  ]);
  const dps = (downsample: string) =>
    dpsOf(
      query(store, {
        start: BASE,
        end: BASE + 30_000,
        msResolution: true,
        queries: [{ metric: 'sys.cpu', aggregator: 'sum', downsample }],
      })[0],
    );

  it('omits empty buckets with fill none', () => {
    expect(dps('10s-avg')).toEqual({ [BASE]: 1, [BASE + 10_000]: 2, [BASE + 30_000]: 4 });
    expect(dps('10s-avg-none')).toEqual(dps('10s-avg'));
  });

  it('writes null for empty buckets with fill null', () => {
    expect(dps('10s-avg-null')).toEqual({
      [BASE]: 1,
      [BASE + 10_000]: 2,
      [BASE + 20_000]: null,
      [BASE + 30_000]: 4,
    });
  });

  it('writes the string "NaN" for empty buckets with fill nan', () => {
    expect(dps('10s-avg-nan')[BASE + 20_000]).toBe('NaN');
  });

  it('writes 0 for empty buckets with fill zero', () => {
    expect(dps('10s-avg-zero')[BASE + 20_000]).toBe(0);
  });

  it('fills every bucket of the range, including those after the last point', () => {
    const filled = dpsOf(
      query(store, {
        start: BASE,
        end: BASE + 60_000,
        msResolution: true,
        queries: [{ metric: 'sys.cpu', aggregator: 'sum', downsample: '10s-max-zero' }],
      })[0],
    );
    expect(Object.keys(filled)).toHaveLength(7);
    expect(filled[BASE + 60_000]).toBe(0);
  });
});

describe('parseDownsample', () => {
  it('reads interval, function and fill policy', () => {
    expect(parseDownsample('5m-avg')).toMatchObject({ intervalMs: 300_000, all: false, fill: 'none' });
    expect(parseDownsample('1h-p95-nan')).toMatchObject({ intervalMs: 3_600_000, fill: 'nan' });
    expect(parseDownsample('2n-sum').intervalMs).toBe(60 * 86_400_000);
    expect(parseDownsample('1y-count').intervalMs).toBe(365 * 86_400_000);
    expect(parseDownsample('500ms-min').intervalMs).toBe(500);
    expect(parseDownsample('0all-max')).toMatchObject({ all: true, intervalMs: 0 });
  });

  it.each(['5m', '5x-avg', '5m-avgg', '5m-avg-maybe', '0m-avg', '1dc-avg', '5m-none', '5m-avg-nan-extra'])(
    'rejects %s with a 400',
    (text) => {
      const error = (() => {
        try {
          parseDownsample(text);
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(error).toBeInstanceOf(TsdbError);
      expect((error as TsdbError).status).toBe(400);
      expect((error as TsdbError).message).toContain(text);
    },
  );
});
