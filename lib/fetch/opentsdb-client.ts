/**
 * HTTP client for an OpenTSDB-compatible `/api/query` endpoint (stock OpenTSDB 2.4 or OVH's
 * proxy), on one undici Agent.
 *
 * The Agent bounds the transport: `connections` to the endpoint (further requests queue in it
 * until one is free), a connect timeout, and headers/body timeouts. Each attempt is timed from the
 * moment it has a connection (timeAttempts), and tried again as retry-policy.ts says. An outer
 * AbortSignal bounds the whole run, so a Lambda can stop in time.
 * The token travels only in the Authorization header and never appears in errors.
 * Answers are asked for gzipped (`Accept-Encoding: gzip`; stock OpenTSDB compresses since 2.2,
 * OVH's proxy does not) and inflated as they arrive (inflate-answer.ts); `stats.wireBytes` counts
 * the body bytes as received, `stats.bytesIn` the decoded JSON.
 */
import { Agent, type Dispatcher, request } from 'undici';
import { MetricsHttpError, MetricsPayloadError, MetricsTransportError } from '../core/errors.ts';
import type { MetricsSource, OpenTsdbQueryBody } from '../core/ports.ts';
import { tlsFailureOf } from '../core/tls-failure.ts';
import { AnswerBuffers } from './answer-buffers.ts';
import { errorText, redactor, statusHint } from './error-text.ts';
import {
  ACCEPT_ENCODING,
  decodedBody,
  encodingOf,
  InflateError,
  UnofferedEncodingError,
} from './inflate-answer.ts';
import {
  isRetryableStatus,
  nextDelayMs,
  RETRY_DEFAULTS,
  type RetryPolicy,
  retryAfterMs,
  sleep,
} from './retry-policy.ts';

export const CLIENT_DEFAULTS = {
  /** `read`: the user OVH's metrics tokens are issued for (the token is the password). */
  user: 'read',
  /**
   * 4 connections to the endpoint, the only bound on requests on the wire: a request beyond them
   * waits in the Agent's queue, untimed (see RETRY_DEFAULTS.attemptTimeoutMs). The fetch stage
   * keeps twice as many queries under way, so the next request travels while an answer is read.
   */
  connections: 4,
  /** 10 s to open a connection (TCP and TLS), undici's own default, stated here; not part of the attempt timeout. */
  connectTimeoutMs: 10_000,
  /** 4 s an idle connection is kept for the next request (undici's default; a server's Keep-Alive hint may shorten it). */
  keepAliveTimeoutMs: 4_000,
  ...RETRY_DEFAULTS,
} as const;

export interface OpenTsdbClientOptions {
  /** Base URL, e.g. https://opentsdb.gra1-ovh.metrics.ovh.net; credentials in it are moved to the header. */
  readonly endpoint: string;
  readonly token: string;
  readonly user?: string;
  /** Connections of the client's own Agent; ignored with `dispatcher`, whose own limit then applies. */
  readonly connections?: number;
  readonly connectTimeoutMs?: number;
  readonly attemptTimeoutMs?: number;
  readonly maxRetries?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly dispatcher?: Dispatcher;
  readonly random?: () => number;
  /** Arms each attempt's timeout; real timers of `attemptTimeoutMs` by default (tests fire their own). */
  readonly attemptTimer?: AttemptTimer;
  /** The wait between attempts; a real timer (retry-policy.ts's `sleep`) by default. */
  readonly sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
  /** The clock a Retry-After date is read against; `Date.now` by default. */
  readonly now?: () => number;
}

/**
 * Arms the timeout of one attempt that has just been given a connection: calls `expire` when the
 * attempt has run too long, and returns the function that disarms it (called once the answer's
 * last byte is in, or the attempt failed).
 */
export type AttemptTimer = (expire: () => void) => () => void;

/** Real timers: an attempt expires `timeoutMs` after it was sent. The timer keeps no process alive. */
export function realAttemptTimer(timeoutMs: number): AttemptTimer {
  return (expire) => {
    const timer = setTimeout(expire, timeoutMs).unref();
    return () => clearTimeout(timer);
  };
}

export interface OpenTsdbClient extends MetricsSource {
  /**
   * Requests sent (those that got their turn on a connection), retries included; answer bytes
   * read, decoded (`bytesIn`, the JSON) and as received (`wireBytes`, the body before inflation,
   * without headers or chunk framing).
   */
  readonly stats: { requests: number; bytesIn: number; wireBytes: number };
  close(): Promise<void>;
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

/**
 * An interceptor that times each attempt from the moment undici gives it a connection to its
 * answer's last byte, and counts it as sent. A request still waiting in the Agent's queue is
 * neither timed nor counted, so answers being read while others queue never eat into the
 * timeout; one given up while waiting (its signal aborted) never goes out.
 */
function timeAttempts(
  timeoutMs: number,
  arm: AttemptTimer,
  sent: () => void,
): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (opts, handler) => {
    let disarm = (): void => {};
    let started = false;
    // request() hands its options, signal included, to the dispatcher as they are.
    const signal = (opts as { signal?: unknown }).signal;
    const givenUp = (): boolean => signal instanceof AbortSignal && signal.aborted;
    return dispatch(opts, {
      onRequestStart(controller, context) {
        disarm();
        if (!givenUp()) {
          if (!started) sent();
          started = true;
          const timeout = new Error(`no complete answer within ${timeoutMs} ms of being sent`);
          disarm = arm(() => controller.abort(timeout));
        }
        handler.onRequestStart?.(controller, context);
      },
      onResponseStart(controller, statusCode, headers, statusMessage) {
        handler.onResponseStart?.(controller, statusCode, headers, statusMessage);
      },
      onResponseData(controller, chunk) {
        handler.onResponseData?.(controller, chunk);
      },
      onResponseEnd(controller, trailers) {
        disarm();
        handler.onResponseEnd?.(controller, trailers);
      },
      onResponseError(controller, error) {
        disarm();
        // A connection that could not be opened fails the request before it starts: it was sent
        // as far as the run is concerned, and counted as before.
        if (!started && !givenUp()) sent();
        handler.onResponseError?.(controller, error);
      },
    });
  };
}

/** Settles as `promise` does, or rejects at once when `signal` aborts (the promise is then left to settle unheard). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

type Attempt<T> = { kind: 'ok'; value: T } | { kind: 'retry'; error: Error; retryAfterMs: number | null };

/** Creates a MetricsSource that talks HTTP to an OpenTSDB endpoint. */
export function createOpenTsdbClient(options: OpenTsdbClientOptions): OpenTsdbClient {
  const { url, user, password } = splitEndpoint(options.endpoint);
  const token = password ?? options.token;
  const authUser = user ?? options.user ?? CLIENT_DEFAULTS.user;
  const redact = redactor(token, authUser);
  const auth = `Basic ${Buffer.from(`${authUser}:${token}`).toString('base64')}`;
  const policy: RetryPolicy = {
    attemptTimeoutMs: options.attemptTimeoutMs ?? RETRY_DEFAULTS.attemptTimeoutMs,
    maxRetries: options.maxRetries ?? RETRY_DEFAULTS.maxRetries,
    baseDelayMs: options.baseDelayMs ?? RETRY_DEFAULTS.baseDelayMs,
    maxDelayMs: options.maxDelayMs ?? RETRY_DEFAULTS.maxDelayMs,
    maxRetryAfterMs: RETRY_DEFAULTS.maxRetryAfterMs,
  };
  const ownAgent = options.dispatcher
    ? null
    : new Agent({
        connections: options.connections ?? CLIENT_DEFAULTS.connections,
        connectTimeout: options.connectTimeoutMs ?? CLIENT_DEFAULTS.connectTimeoutMs,
        keepAliveTimeout: CLIENT_DEFAULTS.keepAliveTimeoutMs,
        // Backstops behind the attempt timer, which starts no later and always fires first.
        headersTimeout: policy.attemptTimeoutMs,
        bodyTimeout: policy.attemptTimeoutMs,
      });
  const stats = { requests: 0, bytesIn: 0, wireBytes: 0 };
  const onWire = (n: number): void => {
    stats.wireBytes += n;
  };
  const dispatcher = (options.dispatcher ?? (ownAgent as Agent)).compose(
    timeAttempts(
      policy.attemptTimeoutMs,
      options.attemptTimer ?? realAttemptTimer(policy.attemptTimeoutMs),
      () => {
        stats.requests++;
      },
    ),
  );
  const random = options.random ?? Math.random;
  const wait = options.sleep ?? sleep;
  const now = options.now ?? Date.now;
  const buffers = new AnswerBuffers();

  async function attempt<T>(
    payload: string,
    read: (answer: Uint8Array) => T | Promise<T>,
    signal: AbortSignal | undefined,
  ): Promise<Attempt<T>> {
    // A signal of its own per attempt: undici and the wait below listen to it, not to the run's
    // signal, whose listeners would otherwise grow with every request under way.
    const attemptSignal = signal ? AbortSignal.any([signal]) : undefined;
    let res: Dispatcher.ResponseData | undefined;
    let bytes: Uint8Array;
    try {
      // A request waiting in the Agent's queue learns of an abort only once it gets a connection:
      // the run's deadline must not wait for that.
      res = await untilAborted(
        request(url, {
          method: 'POST',
          dispatcher,
          headers: {
            authorization: auth,
            'content-type': 'application/json',
            accept: 'application/json',
            'accept-encoding': ACCEPT_ENCODING,
          },
          body: payload,
          ...(attemptSignal ? { signal: attemptSignal } : {}),
        }),
        attemptSignal,
      );
      // Once the last byte is in, the connection serves the next request while this answer is read.
      const encoding = encodingOf(res.headers['content-encoding']);
      // A compressed answer's Content-Length is not the decoded size: the buffer grows instead.
      const expected = encoding === '' ? Number(res.headers['content-length']) || 0 : 0;
      bytes = await buffers.read(decodedBody(res.body, encoding, onWire), expected);
    } catch (cause) {
      if (signal?.aborted) throw deadlinePassed(signal.reason);
      return failedAttempt(cause, res);
    }
    stats.bytesIn += bytes.byteLength;
    try {
      return await answer<T>(res, bytes, read);
    } finally {
      // Decoded answers and error texts are copies: the buffer is free for the next request.
      buffers.give(bytes);
    }
  }

  /**
   * What a request that got no complete answer comes to: a retry (connection failures, bodies
   * cut short or damaged) or an error that ends the query (a refused certificate, an encoding
   * never offered).
   */
  function failedAttempt(cause: unknown, res: Dispatcher.ResponseData | undefined): Attempt<never> {
    if (cause instanceof UnofferedEncodingError) {
      res?.body.resume(); // read to its end unheard: the connection serves the next request
      // The same query gets the same answer: not retried.
      throw new MetricsPayloadError(`Metrics endpoint ${url} sent ${cause.message}.`, {
        context: { url, status: res?.statusCode ?? 0, encoding: cause.encoding },
      });
    }
    if (cause instanceof InflateError) {
      // Corrupt or cut short on the way: retried, as a body cut short is.
      const error = new MetricsTransportError(
        `Metrics endpoint ${url} answered, but ${redact(cause.message)}; the answer was damaged or cut short on the way.`,
        { cause, context: { url, encoding: 'gzip' } },
      );
      return { kind: 'retry', error, retryAfterMs: null };
    }
    const tls = tlsFailureOf(cause, new URL(url).host, 'metrics.endpoint (VSCOPE_METRICS_ENDPOINT)');
    // A refused certificate stays refused: not retried, and it ends the run (see fetch-series.ts).
    if (tls) {
      throw new MetricsTransportError(`Metrics endpoint ${url} not reached securely: ${tls.explanation}`, {
        context: { url, tls: tls.kind, code: tls.code },
      });
    }
    const reason = cause instanceof Error ? redact(cause.message) : 'unknown error';
    const error = new MetricsTransportError(`Metrics endpoint ${url} unreachable: ${reason}`, {
      context: { url },
    });
    return { kind: 'retry', error, retryAfterMs: null };
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
    // Redacted before it is shortened, so a token cut in two by the excerpt cannot slip through.
    const error = new MetricsHttpError(
      `Metrics endpoint ${url} answered ${res.statusCode}: ${errorText(redact(text))}${statusHint(res.statusCode)}`,
      { context: { url, status: res.statusCode } },
    );
    if (!isRetryableStatus(res.statusCode)) throw error;
    return { kind: 'retry', error, retryAfterMs: retryAfterMs(res.headers['retry-after'], now()) };
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
        for (let retry = 0; ; retry++) {
          const result = await attempt<T>(payload, read, signal);
          if (result.kind === 'ok') return result.value;
          const delayMs = nextDelayMs(policy, retry, result.retryAfterMs, random);
          if (delayMs === null) throw result.error;
          // A derived signal, like each attempt's: queries backing off add no listener to the run's.
          await wait(delayMs, signal ? AbortSignal.any([signal]) : undefined).catch(() => {
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
