/**
 * A local OpenTSDB HTTP server over a SeriesStore, for the demo, tests and benchmarks, in one of two
 * flavours (flavour.ts):
 *
 *   stock  POST /api/query[?arrays], POST /api/put[?summary|?details], GET /api/version,
 *          GET /api/aggregators; a wrong verb is a JSON 405 (stock's GET /api/query with `m=` is
 *          not emulated)
 *   ovh    POST /api/query and /api/aggregators only; GET /api/query is 501, errors plain text
 *
 * Answers are gzipped when the request accepts gzip and the flavour compresses (stock does, OVH's
 * proxy does not: flavour.ts), and go through a link of `linkMbps` Mbit/s shared by all answers
 * when one is set (link.ts).
 *
 * Each request goes: count → read body → scripted fault, if one applies (faults.ts) → route (404)
 * → basic auth when a token is set (401) → verb (405/501) → handler. Without a token, any
 * Authorization header is accepted and ignored.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { answerQuery } from './answer.ts';
import { checkAuth } from './auth.ts';
import { TsdbError } from './errors.ts';
import {
  createFaultQueue,
  type Fault,
  type FaultInjector,
  type FaultRule,
  type StalledRequest,
} from './faults.ts';
import { type FlavourName, flavourOf, type OpenTsdbFlavour, type RouteName } from './flavour.ts';
import { createLink, type Link } from './link.ts';
import { putPoints } from './put.ts';
import type { SeriesStore } from './store.ts';
import { acceptsGzip, writeBody } from './write-answer.ts';

export interface OpenTsdbEmulatorOptions {
  readonly store: SeriesStore;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /** 'stock' (the default) or 'ovh', or a flavour object. */
  readonly flavour?: FlavourName | OpenTsdbFlavour;
  /** The server's clock, for relative times and the default end. */
  readonly now?: () => number;
  /** See EngineOptions.skipUnresolvedTagvs; false, as stock. */
  readonly skipUnresolvedTagvs?: boolean;
  /** Request bodies above this size get a 413. */
  readonly maxBodyBytes?: number;
  /** Requires `Authorization: Basic base64(<any user>:<token>)` on every request; off by default. */
  readonly auth?: { readonly token: string };
  /** Faults queued from the start; `emulator.faults.push` adds more. */
  readonly faults?: readonly (Fault | FaultRule)[];
  /** Answers share a link of this many Mbit/s (after any fault's delay); 0 or none: unthrottled. */
  readonly linkMbps?: number;
  /** The link itself, for tests that drive its clock; overrides `linkMbps`. */
  readonly link?: Link;
}

export interface OpenTsdbEmulator {
  /** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  readonly url: string;
  readonly flavour: FlavourName;
  /** Every request received, faulted ones included, and how many a fault answered. */
  readonly stats: { requests: number; faults: number };
  /** The scripted-fault queue. */
  readonly faults: FaultInjector;
  /** Stops listening and closes every connection, idle keep-alive ones included. */
  close(): Promise<void>;
}

export const EMULATOR_DEFAULTS = { host: '127.0.0.1', port: 0, maxBodyBytes: 256 * 1024 * 1024 } as const;

/** What `{ malformed: true }` answers unless it brings its own body: what a misconfigured proxy sends. */
export const MALFORMED_BODY = '<html><body><h1>502 Bad Gateway</h1></body></html>';

const JSON_TYPE = 'application/json; charset=UTF-8';

interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly chunks: readonly string[];
}

interface Route {
  readonly method: 'GET' | 'POST';
  handle(body: Buffer, url: URL): Reply;
}

function jsonReply(status: number, chunks: readonly string[], flavour: OpenTsdbFlavour): Reply {
  const all = flavour.jsonSuffix ? [...chunks, flavour.jsonSuffix] : chunks;
  return { status, headers: { 'Content-Type': flavour.jsonType }, chunks: all };
}

function errorReply(error: unknown, flavour: OpenTsdbFlavour): Reply {
  const tsdb = error instanceof TsdbError ? error : new TsdbError(500, 'Internal error', String(error));
  const answer = flavour.errorAnswer(tsdb);
  return {
    status: answer.status,
    headers: { 'Content-Type': answer.contentType, ...answer.headers, ...tsdb.headers },
    chunks: [answer.body],
  };
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Reading on past the limit, discarding, keeps the connection usable for the 413.
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= limit) chunks.push(chunk as Buffer);
  }
  if (size > limit) throw new TsdbError(413, `Request body larger than ${limit} bytes`);
  const raw = Buffer.concat(chunks);
  if (req.headers['content-encoding'] !== 'gzip') return raw;
  try {
    return gunzipSync(raw);
  } catch (error) {
    throw new TsdbError(400, 'Unable to decompress the gzip request body', String(error));
  }
}

function putRoute(options: OpenTsdbEmulatorOptions, flavour: OpenTsdbFlavour): Route {
  return {
    method: 'POST',
    handle(body, url) {
      const outcome = putPoints(options.store, flavour.decodeJson(body.toString('utf8')));
      const status = outcome.failed === 0 ? 200 : 400;
      if (url.searchParams.has('details')) return jsonReply(status, [JSON.stringify(outcome)], flavour);
      if (url.searchParams.has('summary')) {
        return jsonReply(
          status,
          [JSON.stringify({ failed: outcome.failed, success: outcome.success })],
          flavour,
        );
      }
      if (outcome.failed === 0) return { status: 204, headers: {}, chunks: [] };
      const first = outcome.errors[0]?.error ?? 'unknown error';
      throw new TsdbError(
        400,
        'One or more data points had errors',
        `First error: ${first}. Append ?details for all.`,
      );
    },
  };
}

function routes(options: OpenTsdbEmulatorOptions, flavour: OpenTsdbFlavour): ReadonlyMap<string, Route> {
  const now = options.now ?? Date.now;
  const all: Record<RouteName, Route> = {
    query: {
      method: 'POST',
      handle(body, url) {
        const arrays = url.searchParams.has('arrays') && url.searchParams.get('arrays') !== 'false';
        const chunks = answerQuery(options.store, flavour.decodeJson(body.toString('utf8')), {
          nowMs: now(),
          arrays,
          skipUnresolvedTagvs: options.skipUnresolvedTagvs ?? false,
          flavour,
        });
        return jsonReply(200, chunks, flavour);
      },
    },
    put: putRoute(options, flavour),
    version: { method: 'GET', handle: () => jsonReply(200, [JSON.stringify(flavour.version)], flavour) },
    aggregators: {
      method: 'GET',
      handle: () => jsonReply(200, [JSON.stringify(flavour.aggregatorNames)], flavour),
    },
  };
  return new Map(flavour.routes.map((name) => [`/api/${name}`, all[name]]));
}

interface SendOptions {
  /** The request accepts gzip and the flavour compresses. */
  readonly gzip: boolean;
  readonly link: Link | null;
  readonly signal: AbortSignal;
}

function send(res: ServerResponse, reply: Reply, options: SendOptions): Promise<void> {
  // A reply that is already encoded (a fault's own Content-Encoding) or empty goes as it is.
  const encoded = Object.keys(reply.headers).some((h) => h.toLowerCase() === 'content-encoding');
  const gzip = options.gzip && !encoded && reply.chunks.length > 0;
  return writeBody(res, reply, reply.chunks, { ...options, gzip });
}

/** Declares the whole body's length, sends half of it, then drops the connection. */
function sendTruncated(res: ServerResponse, reply: Reply): void {
  if (res.destroyed) return;
  const body = Buffer.from(reply.chunks.join(''), 'utf8');
  res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(body.length) });
  res.write(body.subarray(0, Math.max(1, Math.floor(body.length / 2))), () => res.destroy());
}

function faultReply(fault: Fault, flavour: OpenTsdbFlavour): Reply | null {
  if ('status' in fault) {
    if (fault.body === undefined) {
      const reply = errorReply(new TsdbError(fault.status, 'Fault injected by the emulator'), flavour);
      return { ...reply, headers: { ...reply.headers, ...fault.headers } };
    }
    const type = /^\s*[[{]/.test(fault.body) ? JSON_TYPE : 'text/plain; charset=utf-8';
    return {
      status: fault.status,
      headers: { 'Content-Type': type, ...fault.headers },
      chunks: [fault.body],
    };
  }
  if ('malformed' in fault) {
    return {
      status: 200,
      headers: { 'Content-Type': flavour.jsonType },
      chunks: [fault.body ?? MALFORMED_BODY],
    };
  }
  return null;
}

/**
 * Holds a faulted request's answer for `delayMs` (none: until released), reporting the stall:
 * 'released' when the time is up or the test released it, 'client-gone' when the client closed
 * the connection first; rejects when the emulator closes.
 */
function holdAnswer(
  res: ServerResponse,
  delayMs: number | undefined,
  closing: AbortSignal,
  report: (stall: StalledRequest) => void,
): Promise<'released' | 'client-gone'> {
  let clientGone: () => void = () => {};
  const gone = new Promise<void>((resolve) => {
    clientGone = resolve;
  });
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    let holding = true;
    const stop = (): boolean => {
      if (!holding) return false;
      holding = false;
      clearTimeout(timer);
      closing.removeEventListener('abort', onClosing);
      res.off('close', onClose);
      return true;
    };
    const onClosing = (): void => {
      if (stop()) reject(closing.reason);
    };
    // Before the answer is sent, `close` on the response means the connection went away.
    const onClose = (): void => {
      if (!stop()) return;
      clientGone();
      resolve('client-gone');
    };
    const release = (): void => {
      if (stop()) resolve('released');
    };
    if (closing.aborted) {
      reject(closing.reason);
      return;
    }
    closing.addEventListener('abort', onClosing, { once: true });
    res.once('close', onClose);
    if (delayMs) timer = setTimeout(release, delayMs);
    report({ release, clientGone: gone });
  });
}

/** Starts the emulator on `host:port` and resolves once it is listening. */
export async function startOpenTsdbEmulator(options: OpenTsdbEmulatorOptions): Promise<OpenTsdbEmulator> {
  const flavour = flavourOf(options.flavour);
  const table = routes(options, flavour);
  const limit = options.maxBodyBytes ?? EMULATOR_DEFAULTS.maxBodyBytes;
  const stats = { requests: 0, faults: 0 };
  const faults = createFaultQueue(options.faults);
  const closing = new AbortController();
  const link = options.link ?? (options.linkMbps ? createLink(options.linkMbps) : null);

  function realReply(req: IncomingMessage, body: Buffer | TsdbError): Reply {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const route = table.get(path);
    try {
      if (!route) throw new TsdbError(404, 'Endpoint not found', `No handler for ${path}`);
      checkAuth(req.headers.authorization, options.auth?.token);
      if (req.method !== route.method) throw flavour.wrongMethod(req.method ?? '', path, route.method);
      if (body instanceof TsdbError) throw body;
      return route.handle(body, url);
    } catch (error) {
      return errorReply(error, flavour);
    }
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    stats.requests++;
    const body = await readBody(req, limit).catch((error: unknown) =>
      error instanceof TsdbError
        ? error
        : new TsdbError(400, 'Unable to read the request body', String(error)),
    );
    const fault = faults.take(body instanceof TsdbError ? '' : body.toString('utf8'));
    const sending: SendOptions = {
      gzip: flavour.gzipAnswers && acceptsGzip(req.headers['accept-encoding']),
      link,
      signal: closing.signal,
    };
    if (!fault) return send(res, realReply(req, body), sending);
    stats.faults++;
    if (fault.delayMs || fault.hold) {
      const answer = await holdAnswer(res, fault.delayMs, closing.signal, (stall) => faults.stall(stall));
      if (answer === 'client-gone') return;
    }
    if ('reset' in fault) {
      req.socket.resetAndDestroy();
      return;
    }
    const reply = faultReply(fault, flavour) ?? realReply(req, body);
    if ('truncate' in fault) sendTruncated(res, reply);
    else await send(res, reply, sending);
  }

  const server = createServer((req, res) => {
    serve(req, res).catch(() => {
      // Only an aborted delay (the emulator is closing) or a vanished client gets here.
      res.destroy();
    });
  });

  // Idle keep-alive connections stay open, as stock's do (tsd.core.socket.timeout defaults to 0:
  // OpenTSDB/opentsdb:src/utils/Config.java); the client closes its own idle ones. Node's 5 s
  // default raced a busy client: a request sent on a connection the server had just closed
  // failed with "other side closed" (the bench's floor, which does not retry, at L/month).
  server.keepAliveTimeout = 0;
  const host = options.host ?? EMULATOR_DEFAULTS.host;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? EMULATOR_DEFAULTS.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    flavour: flavour.name,
    stats,
    faults,
    close: () =>
      new Promise<void>((resolve, reject) => {
        closing.abort();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
