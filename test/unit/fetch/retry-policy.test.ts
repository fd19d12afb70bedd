import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  isRetryableStatus,
  nextDelayMs,
  RETRY_DEFAULTS,
  type RetryPolicy,
  retryAfterMs,
  sleep,
} from '../../../lib/fetch/retry-policy.ts';

const policy: RetryPolicy = RETRY_DEFAULTS;
/** Randomness pinned at the top of its range, where the backoff ceiling shows. */
const top = (): number => 1;

describe('retry policy', () => {
  it('retries 408, 429 and the server-side 5xx, and nothing else', () => {
    expect([408, 429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([200, 400, 401, 403, 404, 413, 424, 501].some(isRetryableStatus)).toBe(false);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(' 0 ')).toBe(0);
    expect(retryAfterMs(['2', '9'])).toBe(2000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:10 GMT', Date.UTC(2026, 0, 1))).toBe(10_000);
    // A date already past means now.
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:10 GMT', Date.UTC(2026, 0, 2))).toBe(0);
    expect(retryAfterMs(undefined)).toBeNull();
    expect(retryAfterMs('soon')).toBeNull();
  });

  it('doubles the backoff ceiling from 250 ms and caps it at 8 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => backoffMs(policy, n, top))).toEqual([
      250, 500, 1000, 2000, 4000, 8000, 8000,
    ]);
  });

  it('draws the backoff uniformly below its ceiling (full jitter)', () => {
    expect(backoffMs(policy, 2, () => 0)).toBe(0);
    expect(backoffMs(policy, 2, () => 0.25)).toBe(250);
    expect(backoffMs({ ...policy, baseDelayMs: 1, maxDelayMs: 5 }, 10, () => 0.5)).toBe(2.5);
  });

  it('gives up after maxRetries retries', () => {
    expect([0, 1, 2, 3].map((n) => nextDelayMs(policy, n, null, top))).toEqual([250, 500, 1000, null]);
    expect(nextDelayMs({ ...policy, maxRetries: 0 }, 0, null, top)).toBeNull();
  });

  it("waits as long as the server's Retry-After asks, up to a minute, and gives up at once beyond", () => {
    expect(nextDelayMs(policy, 0, 0, top)).toBe(0);
    expect(nextDelayMs(policy, 0, 30_000, top)).toBe(30_000);
    expect(nextDelayMs(policy, 0, 60_000, top)).toBe(60_000);
    expect(nextDelayMs(policy, 0, 60_001, top)).toBeNull();
    // Retry-After does not buy retries past the limit.
    expect(nextDelayMs(policy, 3, 0, top)).toBeNull();
  });

  it('documents its defaults: 30 s per attempt, 3 retries, 250 ms to 8 s backoff, Retry-After up to 60 s', () => {
    expect(RETRY_DEFAULTS).toEqual({
      attemptTimeoutMs: 30_000,
      maxRetries: 3,
      baseDelayMs: 250,
      maxDelayMs: 8_000,
      maxRetryAfterMs: 60_000,
    });
  });

  it('stops waiting when the signal aborts, with its reason', async () => {
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    controller.abort(new Error('deadline'));
    await expect(waiting).rejects.toThrow('deadline');
    await expect(sleep(1, AbortSignal.abort(new Error('already')))).rejects.toThrow('already');
    await expect(sleep(0, undefined)).resolves.toBeUndefined();
  });
});
