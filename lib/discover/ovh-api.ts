/**
 * APIv6 through OVH's official Node client (`@ovhcloud/node-ovh`, the maintained successor of
 * `ovh`: same signing and options, plus OAuth2 service accounts; works on Node 20 and 22).
 *
 * The client rejects with plain `{ error, message }` objects (an HTTP status, an errno, or an
 * Error); this adapter turns every rejection into an InventoryError that says what was refused
 * and what to do. Credentials never appear in messages.
 */
import ovhFactory from '@ovhcloud/node-ovh';
import { InventoryError } from '../core/errors.ts';
import { tlsFailureOf } from '../core/tls-failure.ts';

/** The APIv6 calls the pipeline makes. */
export interface OvhApi {
  get(path: string, signal?: AbortSignal): Promise<unknown>;
  post(path: string, body?: Record<string, unknown>, signal?: AbortSignal): Promise<unknown>;
}

export const OVH_API_DEFAULTS = { timeoutMs: 20_000 } as const;

export interface OvhApiOptions {
  /** Named region (`ovh-eu`, `ovh-ca`, `ovh-us`…); overrides host. */
  readonly endpoint?: string;
  readonly host?: string;
  readonly port?: number;
  readonly appKey: string;
  readonly appSecret: string;
  readonly consumerKey: string;
  /** Time limit of one call, ms. */
  readonly timeoutMs?: number;
}

const RIGHTS_HINT =
  "Create the consumer key with the rights 'GET /dedicatedCloud', 'GET /dedicatedCloud/*' and, to fetch the metrics token, 'POST /dedicatedCloud/*/user/*/metricsToken'.";

/** Why APIv6 answered 403, from the message the client passes on (it drops `errorCode`). */
export function explainForbidden(method: string, path: string, message: string): string {
  if (/not been granted|NOT_GRANTED_CALL/i.test(message)) {
    return `APIv6 refused ${method} ${path}: the consumer key has not been granted this call (NOT_GRANTED_CALL). ${RIGHTS_HINT}`;
  }
  if (/credential|INVALID_CREDENTIAL/i.test(message)) {
    return `APIv6 refused ${method} ${path}: the consumer key is not valid (INVALID_CREDENTIAL) — expired, revoked or never validated. Create and validate a new consumer key (configuration key ovh.consumerKey). ${RIGHTS_HINT}`;
  }
  if (/application key|INVALID_KEY/i.test(message)) {
    return `APIv6 refused ${method} ${path}: the application key is unknown (configuration key ovh.appKey).`;
  }
  return `APIv6 refused ${method} ${path} (403): ${message}`;
}

/** What the client rejects with when its first call, the clock sync, failed: it drops the cause. */
const TIME_SYNC_FAILED = '[OVH] Unable to fetch OVH API time';

function toInventoryError(method: string, path: string, rejection: unknown, host: string): InventoryError {
  const { error, message } = (typeof rejection === 'object' && rejection !== null ? rejection : {}) as {
    error?: unknown;
    message?: unknown;
  };
  const text = typeof message === 'string' ? message : '';
  const context = { method, path, ...(typeof error === 'number' && error > 0 ? { status: error } : {}) };
  if (error === 403)
    return new InventoryError(explainForbidden(method, path, text), { context, expose: true });
  if (error === 404) {
    return new InventoryError(`APIv6 has no ${path} (404)${text ? `: ${text}` : ''}.`, { context });
  }
  if (typeof error === 'number' && error >= 400) {
    return new InventoryError(`APIv6 answered ${error} to ${method} ${path}${text ? `: ${text}` : ''}.`, {
      context,
    });
  }
  const tls = tlsFailureOf(error, host, 'ovh.host (VSCOPE_OVH_HOST) or ovh.endpoint');
  if (tls) {
    return new InventoryError(`APIv6 not reached securely for ${method} ${path}: ${tls.explanation}`, {
      cause: error,
      context: { ...context, host, tls: tls.kind, code: tls.code },
    });
  }
  const reason =
    error instanceof Error
      ? error.message
      : typeof error === 'number'
        ? `system error ${error}`
        : String(error ?? rejection);
  return new InventoryError(
    `APIv6 unreachable for ${method} ${path}: ${reason}. Check ovh.endpoint and the network.`,
    {
      cause: error instanceof Error ? error : undefined,
      context,
    },
  );
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      const timedOut = signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError';
      const why = timedOut ? 'APIv6 did not answer in time (ovh.timeoutMs)' : "the run's deadline passed";
      reject(new InventoryError(`${what} stopped: ${why}.`, { cause: signal.reason }));
    };
    if (signal.aborted) {
      // The call is under way all the same: its rejection, once it comes, is nobody's to handle.
      promise.catch(() => undefined);
      return onAbort();
    }
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** An OvhApi on the official client. */
export function createOvhApi(options: OvhApiOptions): OvhApi {
  const client = ovhFactory({
    appKey: options.appKey,
    appSecret: options.appSecret,
    consumerKey: options.consumerKey,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.host ? { host: options.host } : {}),
    ...(options.port ? { port: options.port } : {}),
  });
  // The client's own `timeout` adds a listener to the socket on every call, and keep-alive
  // sockets are reused: past ten calls Node warns of a leak. The time limit is applied here.
  const timeoutMs = options.timeoutMs ?? OVH_API_DEFAULTS.timeoutMs;
  const host = `${options.host ?? options.endpoint ?? 'ovh-eu'}${options.port ? `:${options.port}` : ''}`;
  const request = async (method: 'GET' | 'POST', path: string, body: Record<string, unknown>) => {
    try {
      return await client.requestPromised(method, path, body);
    } catch (rejection) {
      const { error } = (rejection ?? {}) as { error?: unknown };
      if (error !== TIME_SYNC_FAILED) throw rejection;
      // The client syncs its clock first and replaces that call's error with a fixed text. Asked
      // directly, the same call rejects with the real cause (a certificate, a refused connection).
      const why: unknown = await client.requestPromised('GET', '/auth/time', {}).then(
        () => rejection,
        (cause: unknown) => cause,
      );
      throw why;
    }
  };
  const call = (
    method: 'GET' | 'POST',
    path: string,
    body: Record<string, unknown> | undefined,
    signal?: AbortSignal,
  ) =>
    abortable(
      request(method, path, body ?? {}).catch((rejection: unknown) => {
        throw toInventoryError(method, path, rejection, host);
      }),
      signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs),
      `${method} ${path}`,
    );
  return {
    get: (path, signal) => call('GET', path, undefined, signal),
    post: (path, body, signal) => call('POST', path, body, signal),
  };
}
