/**
 * A network link in front of the emulator: every byte of every answer goes through one token
 * bucket, so concurrent answers share the link's rate as they would a real endpoint's uplink.
 * Tokens are bytes, refilled at the link's rate up to a small burst; a write takes its bytes at
 * once and may leave the bucket in debt, and the writer waits until the debt is paid — so
 * writers queue behind each other in the order they asked, and the rate holds over any span.
 *
 * The arithmetic (takeTokens) is a pure function of the bucket, the rate, the clock and the
 * bytes; createLink wires it to a clock and a sleep, both injectable.
 */
import { setTimeout as sleepFor } from 'node:timers/promises';

export interface TokenBucket {
  /** Bytes that may go at once (negative: the debt writers already waiting have to pay). */
  readonly tokens: number;
  /** When `tokens` was last brought up to date, in ms. */
  readonly atMs: number;
}

export interface LinkRate {
  readonly bytesPerMs: number;
  /** Tokens an idle link accumulates at most. */
  readonly burstBytes: number;
}

/** The rate of an `mbps` Mbit/s link (10^6 bits per second), with the given burst. */
export function linkRate(mbps: number, burstBytes = LINK_DEFAULTS.burstBytes): LinkRate {
  if (!(mbps > 0)) throw new RangeError(`a link needs a positive rate, not ${mbps} Mbit/s`);
  return { bytesPerMs: (mbps * 1e6) / 8 / 1000, burstBytes };
}

export const LINK_DEFAULTS = {
  /** 64 KiB: an idle link lets one write piece go at once. */
  burstBytes: 64 * 1024,
  /** Answers are written in pieces of this size, so concurrent answers interleave on the link. */
  pieceBytes: 64 * 1024,
} as const;

/**
 * Takes `bytes` from the bucket at `nowMs`: the bucket after it, and how long (ms) the writer
 * waits before its bytes may go (0 when the bucket had them).
 */
export function takeTokens(
  bucket: TokenBucket,
  rate: LinkRate,
  nowMs: number,
  bytes: number,
): { bucket: TokenBucket; waitMs: number } {
  const elapsed = Math.max(0, nowMs - bucket.atMs);
  const refilled = Math.min(rate.burstBytes, bucket.tokens + elapsed * rate.bytesPerMs);
  const tokens = refilled - bytes;
  return {
    bucket: { tokens, atMs: Math.max(nowMs, bucket.atMs) },
    waitMs: tokens >= 0 ? 0 : -tokens / rate.bytesPerMs,
  };
}

export interface Link {
  /** Resolves when `bytes` may be written; rejects when `signal` aborts first. */
  take(bytes: number, signal?: AbortSignal): Promise<void>;
}

export interface LinkOptions {
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** A link of `mbps` Mbit/s shared by everything written through it. */
export function createLink(mbps: number, options: LinkOptions = {}): Link {
  const rate = linkRate(mbps);
  const now = options.now ?? (() => performance.now());
  const sleep =
    options.sleep ??
    ((ms: number, signal?: AbortSignal) => sleepFor(ms, undefined, signal ? { signal } : {}));
  let bucket: TokenBucket = { tokens: rate.burstBytes, atMs: now() };
  return {
    async take(bytes, signal) {
      const taken = takeTokens(bucket, rate, now(), bytes);
      bucket = taken.bucket;
      // Timers fire at whole milliseconds: below one, the bytes go now and the debt stays counted.
      if (taken.waitMs >= 1) await sleep(taken.waitMs, signal);
    },
  };
}
