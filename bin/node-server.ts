/**
 * The API on a node:http server, for `npm run serve` and tests: the same handler the Lambda
 * function runs, on 127.0.0.1.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiRequest, ApiResponse } from '../lib/deliver/http/types.ts';

export interface ApiServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Listens on `host:port` (port 0: any free port). */
export async function startApiServer(
  handle: (request: ApiRequest, signal?: AbortSignal) => Promise<ApiResponse>,
  options: { readonly host?: string; readonly port?: number } = {},
): Promise<ApiServer> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
    const abort = new AbortController();
    res.on('close', () => abort.abort(new Error('client went away')));
    handle(
      {
        method: req.method ?? 'GET',
        path: url.pathname,
        rawQuery: url.search.replace(/^\?/, ''),
        headers,
        requestId: randomUUID(),
      },
      abort.signal,
    ).then(
      (response) => {
        res.writeHead(response.status, response.headers);
        res.end(response.body);
      },
      (error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`internal error: ${error instanceof Error ? error.name : 'unknown'}\n`);
      },
    );
  });
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
