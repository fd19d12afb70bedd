import { describe, expect, it } from 'vitest';
import { AGGREGATORS, type Aggregator } from '../../../../demo/emulators/opentsdb/aggregators.ts';
import type { DownsampleSpec, Points } from '../../../../demo/emulators/opentsdb/downsample.ts';
import {
  downsampleFromEnd,
  endBuckets,
  forcedSpanMs,
} from '../../../../demo/emulators/opentsdb/end-buckets.ts';

const sum = AGGREGATORS.get('sum') as Aggregator;
const spec = (intervalMs: number, all = false): DownsampleSpec => ({
  text: 't',
  intervalMs,
  all,
  fn: sum,
  fill: 'none',
});
const points = (ts: number[], vs: number[]): Points => ({
  timestamps: Float64Array.from(ts),
  values: Float64Array.from(vs),
});
const plain = (p: Points) => ({ timestamps: [...p.timestamps], values: [...p.values] });

describe('end-aligned buckets', () => {
  it('puts a point lying on a bucket end in that bucket, not the next', () => {
    const grid = endBuckets(spec(100), 0, 1000);
    expect(grid).toEqual({ spanMs: 100, count: 10 });
    const out = downsampleFromEnd(points([900, 901], [1, 2]), spec(100), grid!, 1000, false);
    expect(plain(out)).toEqual({ timestamps: [900, 1000], values: [1, 2] });
  });

  it('keeps whole buckets only, counted back from the end', () => {
    expect(endBuckets(spec(300), 50, 1000)).toEqual({ spanMs: 300, count: 3 });
    const out = downsampleFromEnd(
      points([60, 200, 500], [1, 2, 4]),
      spec(300),
      { spanMs: 300, count: 3 },
      1000,
      false,
    );
    // (100, 400] and (400, 700] hold 200 and 500; 60 falls in the partial bucket left out.
    expect(plain(out)).toEqual({ timestamps: [400, 700], values: [2, 4] });
  });

  it('gives a range shorter than the span one bucket, stamped at the end', () => {
    expect(endBuckets(spec(3_600_000), 0, 600_000)).toEqual({ spanMs: 3_600_000, count: 1 });
  });

  it('makes 0all and a zero interval one bucket as wide as the range', () => {
    expect(endBuckets(spec(0, true), 100, 400)).toEqual({ spanMs: 300, count: 1 });
    expect(endBuckets(spec(0), 100, 400)).toEqual({ spanMs: 300, count: 1 });
  });

  it('has no buckets over an empty range', () => {
    expect(endBuckets(spec(100), 500, 500)).toBeNull();
  });
});

describe('forced downsample span', () => {
  const spans = [1000, 60_000, 600_000];

  it('takes the shortest span that keeps the range within the bucket limit', () => {
    expect(forcedSpanMs(1_000_000, spans, 1000)).toBe(1000);
    expect(forcedSpanMs(1_000_001, spans, 1000)).toBe(60_000);
    expect(forcedSpanMs(86_641_000, spans, 1000)).toBe(600_000);
  });

  it('falls back to the longest span for a range beyond them all', () => {
    expect(forcedSpanMs(10 ** 12, spans, 1000)).toBe(600_000);
  });
});
