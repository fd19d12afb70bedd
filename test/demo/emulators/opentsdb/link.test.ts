import { describe, expect, it } from 'vitest';
import { createLink, LINK_DEFAULTS, linkRate, takeTokens } from '../../../../demo/emulators/opentsdb/link.ts';

// 100 Mbit/s is 12.5 MB/s: 12,500 bytes per millisecond.
const rate = { bytesPerMs: 12_500, burstBytes: 65_536 };

describe('link rate', () => {
  it('turns Mbit/s into bytes per millisecond (10^6 bits per Mbit)', () => {
    expect(linkRate(100)).toEqual({ bytesPerMs: 12_500, burstBytes: LINK_DEFAULTS.burstBytes });
    expect(linkRate(8, 1000)).toEqual({ bytesPerMs: 1000, burstBytes: 1000 });
    expect(() => linkRate(0)).toThrow(RangeError);
  });
});

describe('token bucket', () => {
  it('lets a burst go at once from a full bucket, then makes the next write wait its bytes / rate', () => {
    const full = { tokens: 65_536, atMs: 0 };
    const first = takeTokens(full, rate, 0, 65_536);
    expect(first).toEqual({ bucket: { tokens: 0, atMs: 0 }, waitMs: 0 });
    const second = takeTokens(first.bucket, rate, 0, 125_000);
    expect(second.waitMs).toBe(10);
    expect(second.bucket.tokens).toBe(-125_000);
  });

  it('queues writers behind the debt of those before them (the link is shared)', () => {
    let bucket = { tokens: 0, atMs: 0 };
    const waits: number[] = [];
    // Two answers alternate pieces of 25,000 bytes, all asked for at t = 0.
    for (let i = 0; i < 4; i++) {
      const taken = takeTokens(bucket, rate, 0, 25_000);
      bucket = taken.bucket;
      waits.push(taken.waitMs);
    }
    expect(waits).toEqual([2, 4, 6, 8]);
  });

  it('refills at the rate while idle, never past the burst', () => {
    const inDebt = { tokens: -25_000, atMs: 100 };
    // 3 ms later the debt of 25,000 is paid and 12,500 saved: a write of 12,500 waits nothing.
    expect(takeTokens(inDebt, rate, 103, 12_500)).toEqual({ bucket: { tokens: 0, atMs: 103 }, waitMs: 0 });
    // An hour idle fills the bucket only to its burst.
    const idle = takeTokens({ tokens: 0, atMs: 0 }, rate, 3_600_000, 0);
    expect(idle.bucket.tokens).toBe(65_536);
  });

  it('holds the rate over a long run: 10 MB through 100 Mbit/s take 800 ms less the burst', () => {
    let bucket = { tokens: 65_536, atMs: 0 };
    let clock = 0;
    for (let i = 0; i < 160; i++) {
      const taken = takeTokens(bucket, rate, clock, 62_500);
      bucket = taken.bucket;
      clock += taken.waitMs;
    }
    // 160 × 62,500 = 10,000,000 bytes; (10,000,000 − 65,536) / 12,500 ms.
    expect(clock).toBeCloseTo((10_000_000 - 65_536) / 12_500, 9);
  });

  it('ignores a clock that steps back', () => {
    const taken = takeTokens({ tokens: 0, atMs: 50 }, rate, 40, 12_500);
    expect(taken).toEqual({ bucket: { tokens: -12_500, atMs: 50 }, waitMs: 1 });
  });
});

describe('createLink', () => {
  it('sleeps each writer for its wait on the injected clock, whole milliseconds only', async () => {
    let now = 0;
    const slept: number[] = [];
    const link = createLink(100, {
      now: () => now,
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    await link.take(65_536); // the burst: no wait
    await link.take(6_250); // 0.5 ms: below a timer's resolution, goes now, stays counted
    await link.take(12_500); // 1.5 ms of debt
    now = 10; // 10 ms idle: refilled to the burst
    await link.take(65_536 + 25_000);
    expect(slept).toEqual([1.5, 2]);
  });
});
