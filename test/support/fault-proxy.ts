/**
 * An HTTP proxy on 127.0.0.1 (free port) in front of a local server, answering the requests a
 * test picks with a scripted fault instead of forwarding them: a status of its own, a connection
 * destroyed before any answer, a request body cut after some bytes, a request never answered,
 * or the real answer sent a few bytes at a time. Rules are consulted in order, each for the
 * requests its `match` accepts, `times` times (once by default; `Infinity` for every one).
 * Everything else is forwarded unchanged, Host header included (signatures stay valid).
 */
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type ProxyFault =
  /** Answers this status without forwarding; the request body is read first. */
  | { readonly kind: 'status'; readonly status: number; readonly body?: string }
  /** Destroys the connection once the request's head is in: no answer at all. */
  | { readonly kind: 'reset' }
  /** Destroys the connection once this many bytes of the request body are in. */
  | { readonly kind: 'cut-request'; readonly afterBytes: number }
  /** Reads the request and never answers, until the client gives up or the proxy closes. */
  | { readonly kind: 'stall' }
  /** Forwards, then sends the answer's body `bytes` at a time every `everyMs`. */
  | { readonly kind: 'drip'; readonly bytes: number; readonly everyMs: number };

export interface ProxyRequest {
  readonly method: string;
  /** Path and query string, as received. */
  readonly url: string;
}

export interface ProxyRule {
  readonly fault: ProxyFault;
  /** Which requests the rule applies to; every request when absent. */
  readonly match?: (request: ProxyRequest) => boolean;
  readonly times?: number;
}

export interface FaultProxy {
  readonly url: string;
  /** Every request received, in order, with the fault it got (null: forwarded). */
  readonly seen: (ProxyRequest & { readonly fault: ProxyFault['kind'] | null })[];
  push(...rules: readonly ProxyRule[]): void;
  clear(): void;
  /** Stops listening and destroys every connection. */
  close(): Promise<void>;
}

interface Entry {
  readonly rule: ProxyRule;
  remaining: number;
}

/** Starts a proxy in front of `upstream` (`http://127.0.0.1:<port>`). */
export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream);
  const entries: Entry[] = [];
  const seen: FaultProxy['seen'] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const take = (req: ProxyRequest): ProxyFault | null => {
    const entry = entries.find((e) => e.remaining > 0 && (e.rule.match?.(req) ?? true));
    if (!entry) return null;
    entry.remaining--;
    return entry.rule.fault;
  };

  function forward(req: IncomingMessage, res: ServerResponse, drip?: { bytes: number; everyMs: number }) {
    const out = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        if (!drip) {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          const body = Buffer.concat(chunks);
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          let at = 0;
          const timer = setInterval(() => {
            if (res.destroyed || at >= body.length) {
              clearInterval(timer);
              timers.delete(timer);
              if (!res.destroyed) res.end();
              return;
            }
            res.write(body.subarray(at, at + drip.bytes));
            at += drip.bytes;
          }, drip.everyMs);
          timers.add(timer);
        });
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  }

  const server = createServer((req, res) => {
    const asked: ProxyRequest = { method: req.method ?? 'GET', url: req.url ?? '/' };
    const fault = take(asked);
    seen.push({ ...asked, fault: fault?.kind ?? null });
    if (!fault) return forward(req, res);
    switch (fault.kind) {
      case 'status':
        req.resume();
        req.on('end', () => {
          res.writeHead(fault.status, { 'content-type': 'application/xml' });
          res.end(fault.body ?? '');
        });
        return;
      case 'reset':
        req.socket.destroy();
        return;
      case 'cut-request': {
        let received = 0;
        req.on('data', (chunk: Buffer) => {
          received += chunk.byteLength;
          if (received >= fault.afterBytes) req.socket.destroy();
        });
        return;
      }
      case 'stall':
        req.resume();
        return;
      case 'drip':
        return forward(req, res, fault);
    }
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    push(...rules) {
      for (const rule of rules) entries.push({ rule, remaining: rule.times ?? 1 });
    },
    clear() {
      entries.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearInterval(t);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
