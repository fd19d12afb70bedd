/**
 * When a metrics request is tried again, and after how long. Pure functions of the policy, the
 * attempt number and the injected randomness and clock, so each rule is tested on its own.
 *
 * Retried: the statuses in RETRYABLE_STATUSES and every transport failure (connection refused
 * or reset, connect or attempt timeout, a body cut short). Not retried: other statuses (a 400
 * stays a 400) and a body that is not JSON (the same query gets the same answer).
 *
 * The overall deadline is not a number here: it is the run's AbortSignal (the Lambda's remaining
 * time), which stops an attempt under way, a request waiting for a connection and a wait between
 * attempts alike. Without a signal there is no overall deadline, only the bounds below.
 */

/** Statuses worth another attempt: timeout, rate limit, and the server-side 5xx. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

export const RETRY_DEFAULTS = {
  /**
   * 30 s for one attempt, from the moment it has a connection to its answer's last byte. A request
   * waiting for a free connection is not yet timed, so answers read while others queue never eat
   * into it.
   */
  attemptTimeoutMs: 30_000,
  /** 3 retries after the first attempt: at most 4 requests per query. */
  maxRetries: 3,
  /** 250 ms: the backoff ceiling before the first retry, doubled for each later one. */
  baseDelayMs: 250,
  /** 8 s: the backoff ceiling never grows past this. */
  maxDelayMs: 8_000,
  /** 60 s: a server asking (Retry-After) to wait longer than this is not retried; the error is reported at once. */
  maxRetryAfterMs: 60_000,
} as const;

export interface RetryPolicy {
  readonly attemptTimeoutMs: number;
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfterMs: number;
}

/** Whether an answer with this status is worth another attempt. */
export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/** Seconds or an HTTP date, as in Retry-After; null when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * Our own wait before retry number `retry + 1` (0 for the first): full jitter, a uniform draw
 * below `baseDelayMs × 2^retry`, that ceiling capped at `maxDelayMs`. `random` returns [0, 1).
 */
export function backoffMs(policy: RetryPolicy, retry: number, random: () => number): number {
  return random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
}

/**
 * After failed attempt number `retry` (0 for the first): the wait before the next one, or null to
 * give up. A server's Retry-After is honoured as asked, up to `maxRetryAfterMs`; beyond, giving up
 * at once reports the fault sooner than a wait the run could not afford.
 */
export function nextDelayMs(
  policy: RetryPolicy,
  retry: number,
  retryAfter: number | null,
  random: () => number,
): number | null {
  if (retry >= policy.maxRetries) return null;
  if (retryAfter !== null) return retryAfter > policy.maxRetryAfterMs ? null : retryAfter;
  return backoffMs(policy, retry, random);
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
