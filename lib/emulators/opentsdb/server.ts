/**
 * A local OpenTSDB HTTP server over a SeriesStore, for the demo, tests and benchmarks:
 *
 *   POST /api/query[?arrays]   the query engine (JSON body)
 *   POST /api/put[?summary|?details]   store points
 *   GET  /api/version, GET /api/aggregators
 *
 * Any path else is 404, a wrong verb 405 (stock also takes GET /api/query with `m=`; not here).
 * Authentication headers are accepted and ignored, as by a stock server without auth.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { AGGREGATORS } from './aggregators.ts';
import { answerQuery } from './answer.ts';
import { TsdbError } from './errors.ts';
import { type OpenTsdbFlavour, STOCK_FLAVOUR } from './flavour.ts';
import { putPoints } from './put.ts';
import type { SeriesStore } from './store.ts';

export interface OpenTsdbEmulatorOptions {
  readonly store: SeriesStore;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  readonly flavour?: OpenTsdbFlavour;
  /** The server's clock, for relative times and the default end. */
  readonly now?: () => number;
  /** See EngineOptions.skipUnresolvedTagvs; false, as stock. */
  readonly skipUnresolvedTagvs?: boolean;
  /** Request bodies above this size get a 413. */
  readonly maxBodyBytes?: number;
}

export interface OpenTsdbEmulator {
  /** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  readonly url: string;
  readonly stats: { requests: number };
  /** Stops listening and closes every connection, idle keep-alive ones included. */
  close(): Promise<void>;
}

export const EMULATOR_DEFAULTS = { host: '127.0.0.1', port: 0, maxBodyBytes: 256 * 1024 * 1024 } as const;

const JSON_TYPE = 'application/json; charset=UTF-8';

interface Route {
  readonly method: 'GET' | 'POST';
  handle(req: IncomingMessage, url: URL, res: ServerResponse): Promise<void>;
}

function send(res: ServerResponse, status: number, chunks: readonly string[], contentType = JSON_TYPE): void {
  res.writeHead(status, { 'Content-Type': contentType });
  for (const chunk of chunks) res.write(chunk);
  res.end();
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new TsdbError(413, `Request body larger than ${limit} bytes`);
    chunks.push(buf);
  }
  const raw = Buffer.concat(chunks);
  if (req.headers['content-encoding'] !== 'gzip') return raw;
  try {
    return gunzipSync(raw);
  } catch (error) {
    throw new TsdbError(400, 'Unable to decompress the gzip request body', String(error));
  }
}

async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const text = (await readBody(req, limit)).toString('utf8');
  if (text.trim() === '')
    throw new TsdbError(
      400,
      'Missing message content',
      'Supply valid JSON formatted data in the body of your request',
    );
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TsdbError(400, 'Unable to parse the given JSON', String(error));
  }
}

function routes(options: OpenTsdbEmulatorOptions, flavour: OpenTsdbFlavour): ReadonlyMap<string, Route> {
  const limit = options.maxBodyBytes ?? EMULATOR_DEFAULTS.maxBodyBytes;
  const now = options.now ?? Date.now;
  return new Map<string, Route>([
    [
      '/api/query',
      {
        method: 'POST',
        async handle(req, url, res) {
          const body = await readJson(req, limit);
          const arrays = url.searchParams.has('arrays') && url.searchParams.get('arrays') !== 'false';
          const chunks = answerQuery(options.store, body, {
            nowMs: now(),
            arrays,
            skipUnresolvedTagvs: options.skipUnresolvedTagvs ?? false,
          });
          send(res, 200, chunks);
        },
      },
    ],
    [
      '/api/put',
      {
        method: 'POST',
        async handle(req, url, res) {
          const outcome = putPoints(options.store, await readJson(req, limit));
          const status = outcome.failed === 0 ? 200 : 400;
          if (url.searchParams.has('details')) return send(res, status, [JSON.stringify(outcome)]);
          if (url.searchParams.has('summary')) {
            return send(res, status, [JSON.stringify({ failed: outcome.failed, success: outcome.success })]);
          }
          if (outcome.failed === 0) {
            res.writeHead(204).end();
            return;
          }
          const first = outcome.errors[0]?.error ?? 'unknown error';
          throw new TsdbError(
            400,
            'One or more data points had errors',
            `First error: ${first}. Append ?details for all.`,
          );
        },
      },
    ],
    [
      '/api/version',
      {
        method: 'GET',
        async handle(_req, _url, res) {
          send(res, 200, [JSON.stringify(flavour.version)]);
        },
      },
    ],
    [
      '/api/aggregators',
      {
        method: 'GET',
        async handle(_req, _url, res) {
          send(res, 200, [JSON.stringify([...AGGREGATORS.keys()].sort())]);
        },
      },
    ],
  ]);
}

function methodNotAllowed(route: Route, path: string, method: string): TsdbError {
  const hint = path === '/api/query' ? ' (GET with m= parameters is not implemented by this emulator)' : '';
  return new TsdbError(405, `Method not allowed: ${method} ${path} accepts ${route.method} only${hint}`);
}

/** Starts the emulator on `host:port` and resolves once it is listening. */
export async function startOpenTsdbEmulator(options: OpenTsdbEmulatorOptions): Promise<OpenTsdbEmulator> {
  const flavour = options.flavour ?? STOCK_FLAVOUR;
  const table = routes(options, flavour);
  const stats = { requests: 0 };

  const server = createServer((req, res) => {
    stats.requests++;
    const url = new URL(req.url ?? '/', 'http://emulator');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const route = table.get(path);
    const fail = (error: unknown): void => {
      const tsdb = error instanceof TsdbError ? error : new TsdbError(500, 'Internal error', String(error));
      const answer = flavour.errorAnswer(tsdb);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (tsdb.status === 405 && route) res.setHeader('Allow', route.method);
      send(res, answer.status, [answer.body], answer.contentType);
    };
    if (!route) return fail(new TsdbError(404, 'Endpoint not found', `No handler for ${path}`));
    if (req.method !== route.method) {
      req.resume();
      return fail(methodNotAllowed(route, path, req.method ?? ''));
    }
    route.handle(req, url, res).catch(fail);
  });

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
    stats,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
