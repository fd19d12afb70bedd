/**
 * HTTP client for an OpenTSDB-compatible `/api/query` endpoint (stock OpenTSDB 2.4 or OVH's
 * proxy), on one undici Agent.
 *
 * Defaults: 4 connections (further requests wait for one before their attempt starts), 30 s per
 * attempt, 3 retries on 408/429/5xx and connection errors with exponential backoff (250 ms
 * doubling, capped at 8 s, full jitter) or the server's Retry-After (honoured up to 60 s; a
 * longer one is reported at once). An outer AbortSignal bounds the whole run, so a Lambda can
 * stop in time.
 * The token travels only in the Authorization header and never appears in errors.
 */
import { getMaxListeners, setMaxListeners } from 'node:events';
import { Agent, type Dispatcher, request } from 'undici';
import { MetricsHttpError, MetricsPayloadError, MetricsTransportError } from '../core/errors.ts';
import type { MetricsSource, OpenTsdbQueryBody } from '../core/ports.ts';

export const CLIENT_DEFAULTS = {
  user: 'read',
  connections: 4,
  attemptTimeoutMs: 30_000,
  maxRetries: 3,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  /** A server asking to wait longer than this is not retried: the error is reported at once. */
  maxRetryAfterMs: 60_000,
} as const;

const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const MAX_ERROR_TEXT = 300;

export interface OpenTsdbClientOptions {
  /** Base URL, e.g. https://opentsdb.gra1-ovh.metrics.ovh.net; credentials in it are moved to the header. */
  readonly endpoint: string;
  readonly token: string;
  readonly user?: string;
  readonly connections?: number;
  readonly attemptTimeoutMs?: number;
  readonly maxRetries?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly dispatcher?: Dispatcher;
  readonly random?: () => number;
}

export interface OpenTsdbClient extends MetricsSource {
  /** Requests sent, retries included. */
  readonly stats: { requests: number; bytesIn: number };
  close(): Promise<void>;
}

const MAX_PREALLOCATED_BYTES = 256 * 1024 * 1024;

/**
 * Answer buffers, reused from one request to the next: a large estate's answers add up to
 * hundreds of MB, and a fresh buffer per answer left most of them waiting for the garbage
 * collector (peak RSS) long after they were decoded. The pool lives while queries are under way
 * and is let go when the last one ends.
 */
class BodyBuffers {
  private readonly free: Uint8Array[] = [];
  private queries = 0;

  /** A query starts (its attempts may take and give back buffers). */
  open(): void {
    this.queries++;
  }

  /** A query ends, whatever its outcome; with none left, the pool goes. */
  close(): void {
    this.queries--;
    if (this.queries === 0) this.free.length = 0;
  }

  /** Reads a whole body into a pooled buffer (sized from Content-Length when given); `give` it back once read. */
  async read(body: AsyncIterable<Uint8Array>, expectedBytes: number): Promise<Uint8Array> {
    let buffer = this.free.pop() ?? new Uint8Array(1 << 20);
    // Content-Length sizes the buffer up front, within reason (a wrong header only costs growth).
    if (expectedBytes > buffer.byteLength && expectedBytes <= MAX_PREALLOCATED_BYTES) {
      this.free.push(buffer);
      buffer = new Uint8Array(expectedBytes);
    }
    let length = 0;
    for await (const chunk of body) {
      if (length + chunk.byteLength > buffer.byteLength) {
        const grown = new Uint8Array(Math.max(buffer.byteLength * 2, length + chunk.byteLength));
        grown.set(buffer.subarray(0, length));
        buffer = grown;
      }
      buffer.set(chunk, length);
      length += chunk.byteLength;
    }
    return buffer.subarray(0, length);
  }

  give(view: Uint8Array): void {
    if (this.queries === 0) return;
    this.free.push(new Uint8Array(view.buffer, view.byteOffset, view.buffer.byteLength - view.byteOffset));
  }

  clear(): void {
    this.free.length = 0;
  }
}

/**
 * At most `size` requests on the wire. A request waits here for a connection before its attempt
 * timeout starts, so answers being read while others queue never eat into that timeout.
 */
class Slots {
  private used = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly raised = new WeakSet<AbortSignal>();

  constructor(private readonly size: number) {}

  async acquire(signal: AbortSignal | undefined): Promise<void> {
    if (this.used < this.size) {
      this.used++;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const i = this.waiting.indexOf(grant);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal?.reason);
      };
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      if (signal?.aborted) return onAbort();
      if (signal && !this.raised.has(signal)) {
        // Every waiting request listens to the run's signal: more than Node's default of 10.
        setMaxListeners(Math.max(getMaxListeners(signal), 2 * this.size + 10), signal);
        this.raised.add(signal);
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(grant);
    });
  }

  /** Hands the slot to the next waiting request, or frees it. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.used--;
  }
}

function splitEndpoint(endpoint: string): { url: string; user: string | null; password: string | null } {
  const parsed = new URL(endpoint);
  const user = parsed.username ? decodeURIComponent(parsed.username) : null;
  const password = parsed.password ? decodeURIComponent(parsed.password) : null;
  parsed.username = '';
  parsed.password = '';
  const base = parsed.toString().replace(/\/+$/, '');
  return { url: `${base}/api/query`, user, password };
}

/** Seconds or an HTTP date, as in Retry-After; null when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
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

/** The server's own error text: OpenTSDB's JSON `error.message`, or the plain-text body of OVH's proxy. */
export function errorText(body: string): string {
  let text = body.trim();
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && 'error' in parsed) {
      const error = (parsed as { error: unknown }).error;
      if (typeof error === 'object' && error !== null && 'message' in error) {
        text = String((error as { message: unknown }).message);
      }
    }
  } catch {
    // plain text body
  }
  return text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT)}…` : text;
}

type Attempt<T> = { kind: 'ok'; value: T } | { kind: 'retry'; error: Error; delayMs: number | null };

/** Creates a MetricsSource that talks HTTP to an OpenTSDB endpoint. */
export function createOpenTsdbClient(options: OpenTsdbClientOptions): OpenTsdbClient {
  const { url, user, password } = splitEndpoint(options.endpoint);
  const token = password ?? options.token;
  const redact = (s: string): string => (token ? s.split(token).join('***') : s);
  const auth = `Basic ${Buffer.from(`${user ?? options.user ?? CLIENT_DEFAULTS.user}:${token}`).toString('base64')}`;
  const ownAgent = options.dispatcher
    ? null
    : new Agent({ connections: options.connections ?? CLIENT_DEFAULTS.connections });
  const dispatcher = options.dispatcher ?? (ownAgent as Agent);
  const attemptTimeoutMs = options.attemptTimeoutMs ?? CLIENT_DEFAULTS.attemptTimeoutMs;
  const maxRetries = options.maxRetries ?? CLIENT_DEFAULTS.maxRetries;
  const baseDelayMs = options.baseDelayMs ?? CLIENT_DEFAULTS.baseDelayMs;
  const maxDelayMs = options.maxDelayMs ?? CLIENT_DEFAULTS.maxDelayMs;
  const random = options.random ?? Math.random;
  const stats = { requests: 0, bytesIn: 0 };
  const buffers = new BodyBuffers();
  const slots = new Slots(options.connections ?? CLIENT_DEFAULTS.connections);

  async function attempt<T>(
    payload: string,
    read: (answer: Uint8Array) => T | Promise<T>,
    signal: AbortSignal | undefined,
  ): Promise<Attempt<T>> {
    try {
      await slots.acquire(signal);
    } catch (reason) {
      throw deadlinePassed(reason);
    }
    stats.requests++;
    let res: Dispatcher.ResponseData;
    let bytes: Uint8Array;
    try {
      const signals = [AbortSignal.timeout(attemptTimeoutMs), ...(signal ? [signal] : [])];
      res = await request(url, {
        method: 'POST',
        dispatcher,
        headers: { authorization: auth, 'content-type': 'application/json', accept: 'application/json' },
        body: payload,
        signal: AbortSignal.any(signals),
      });
      bytes = await buffers.read(res.body, Number(res.headers['content-length']) || 0);
    } catch (cause) {
      if (signal?.aborted) throw deadlinePassed(signal.reason);
      const reason = cause instanceof Error ? redact(cause.message) : 'unknown error';
      const error = new MetricsTransportError(`Metrics endpoint ${url} unreachable: ${reason}`, {
        context: { url },
      });
      return { kind: 'retry', error, delayMs: null };
    } finally {
      // The answer is in (or the attempt failed): the connection serves the next request while
      // this answer is read.
      slots.release();
    }
    stats.bytesIn += bytes.byteLength;
    try {
      return await answer<T>(res, bytes, read);
    } finally {
      // Decoded answers and error texts are copies: the buffer is free for the next request.
      buffers.give(bytes);
    }
  }

  function deadlinePassed(reason: unknown): MetricsTransportError {
    return new MetricsTransportError(`Metrics query to ${url} stopped: the run's deadline passed.`, {
      cause: reason,
      context: { url },
    });
  }

  async function answer<T>(
    res: Dispatcher.ResponseData,
    bytes: Uint8Array,
    read: (answer: Uint8Array) => T | Promise<T>,
  ): Promise<Attempt<T>> {
    if (res.statusCode >= 200 && res.statusCode < 300) {
      try {
        return { kind: 'ok', value: await read(bytes) };
      } catch (cause) {
        if (!(cause instanceof SyntaxError)) throw cause;
        throw new MetricsPayloadError(
          `Metrics endpoint ${url} answered ${res.statusCode} with a body that is not JSON.`,
          {
            // JSON.parse quotes the body around the fault: redacted like any other server text.
            cause: new SyntaxError(redact(cause.message)),
            context: { url, status: res.statusCode },
          },
        );
      }
    }
    const text = new TextDecoder().decode(bytes);
    const error = new MetricsHttpError(
      `Metrics endpoint ${url} answered ${res.statusCode}: ${errorText(redact(text))}${hint(res.statusCode)}`,
      { context: { url, status: res.statusCode } },
    );
    if (!RETRYABLE_STATUS.has(res.statusCode)) throw error;
    return { kind: 'retry', error, delayMs: retryAfterMs(res.headers['retry-after']) };
  }

  return {
    stats,
    async query<T>(
      body: OpenTsdbQueryBody,
      read: (answer: Uint8Array) => T | Promise<T>,
      signal?: AbortSignal,
    ): Promise<T> {
      const payload = JSON.stringify(body);
      buffers.open();
      try {
        for (let n = 0; ; n++) {
          const result = await attempt<T>(payload, read, signal);
          if (result.kind === 'ok') return result.value;
          if (n >= maxRetries) throw result.error;
          if (result.delayMs !== null && result.delayMs > CLIENT_DEFAULTS.maxRetryAfterMs) throw result.error;
          const backoff = random() * Math.min(maxDelayMs, baseDelayMs * 2 ** n);
          // A server's Retry-After is honoured as asked (the run's deadline still bounds it);
          // our own backoff is capped.
          await sleep(result.delayMs ?? Math.min(maxDelayMs, backoff), signal).catch(() => {
            throw new MetricsTransportError(
              `Metrics query to ${url} stopped: the run's deadline passed while waiting to retry after: ${result.error.message}`,
              { cause: result.error, context: { url } },
            );
          });
        }
      } finally {
        buffers.close();
      }
    },
    async close(): Promise<void> {
      buffers.clear();
      await ownAgent?.close();
    },
  };
}

function hint(status: number): string {
  if (status === 401 || status === 403)
    return ' — check the metrics token (configuration key metrics.token).';
  if (status === 404) return ' — check the endpoint URL (configuration key metrics.endpoint).';
  return '';
}
