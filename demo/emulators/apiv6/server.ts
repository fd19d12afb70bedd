/**
 * A local OVH APIv6 (`/1.0/dedicatedCloud/...`) over HTTPS, for the demo and tests, strict
 * enough that the official client has to authenticate as it would against OVH:
 *
 *   GET  /1.0/auth/time                                       server epoch seconds, unsigned
 *   GET  /1.0/dedicatedCloud[/{sn}[/datacenter[/{id}[/host|vm|filer[/{id}]]]]]
 *   GET  /1.0/dedicatedCloud/{sn}/user[/{userId}]
 *   POST /1.0/dedicatedCloud/{sn}/user/{userId}/metricsToken  token, or 404 once "gone"
 *
 * Every other call is checked in OVH's order: route (404 invalid URL), application key,
 * consumer key, timestamp window, signature, access rules (`denied`), then the object (404).
 * HTTPS because the official client cannot speak anything else; the self-signed certificate is
 * made at start and returned as `ca` for the caller to trust.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import type { Inventory } from '../../../lib/core/types.ts';
import { type Apiv6Credentials, checkAuthentication, TIMESTAMP_TOLERANCE_SEC } from './auth.ts';
import { API_ERRORS, ApiV6Error } from './errors.ts';
import { answer, buildResourceTree, type MetricsTokenMode } from './resources.ts';
import {
  isDenied,
  METRICS_TOKEN_TEMPLATE,
  matchRoute,
  parseDeniedRule,
  type RouteTemplate,
} from './routes.ts';

export type { Apiv6Credentials } from './auth.ts';
export type { MetricsTokenMode } from './resources.ts';

export interface Apiv6EmulatorOptions {
  /** One dedicatedCloud service per Inventory. */
  readonly services: readonly Inventory[];
  /** The one application and consumer key the emulator accepts. */
  readonly credentials: Apiv6Credentials;
  readonly metricsToken: MetricsTokenMode;
  /** User ids of every service; `[1001]` by default. */
  readonly users?: readonly number[];
  /** Calls the consumer key is not granted, e.g. `'POST /dedicatedCloud/*\/user/*\/metricsToken'` (403). */
  readonly denied?: readonly string[];
  /** Offset of the server clock from this machine's, in seconds, to exercise drift handling. */
  readonly clockSkewSec?: number;
  /** See TIMESTAMP_TOLERANCE_SEC. */
  readonly timestampToleranceSec?: number;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
}

export interface Apiv6Emulator {
  /** Base URL with the API version, e.g. `https://127.0.0.1:41234/1.0`. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** PEM of the self-signed certificate the server presents; trust it to connect. */
  readonly ca: string;
  /** Requests received, and per matched operation (`'GET /dedicatedCloud/{serviceName}'`). */
  readonly stats: { requests: number; byRoute: Record<string, number> };
  /** Switches `POST .../metricsToken` between handing out a token and being gone (404). */
  setMetricsToken(mode: MetricsTokenMode): void;
  /** Stops listening and closes every connection, idle keep-alive ones included. */
  close(): Promise<void>;
}

export const APIV6_EMULATOR_DEFAULTS = {
  host: '127.0.0.1',
  port: 0,
  basePath: '/1.0',
  users: [1001],
  maxBodyBytes: 1024 * 1024,
  certificateDays: 7,
} as const;

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * A certificate valid for the loopback names, made fresh so no key material lives in the
 * repository. Its subject is unique: OpenSSL finds a trusted certificate by subject name, so two
 * emulators with the same subject in one CA list would fail each other's verification.
 */
async function makeCertificate(): Promise<{ key: string; cert: string }> {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(
    notBeforeDate.getTime() + APIV6_EMULATOR_DEFAULTS.certificateDays * 86_400_000,
  );
  const subject = [
    { name: 'commonName', value: 'localhost' },
    { name: 'organizationName', value: `APIv6 emulator ${randomBytes(6).toString('hex')}` },
  ];
  const pems = await generate(subject, {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw API_ERRORS.bodyTooLarge(limit);
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'Content-Type': JSON_TYPE });
  res.end(JSON.stringify(value));
}

/** Starts the emulator and resolves once it is listening. */
export async function startApiv6Emulator(options: Apiv6EmulatorOptions): Promise<Apiv6Emulator> {
  const users = options.users ?? APIV6_EMULATOR_DEFAULTS.users;
  const tree = buildResourceTree(options.services.map((inventory) => ({ inventory, users })));
  const deniedRules = (options.denied ?? []).map(parseDeniedRule);
  const skewSec = options.clockSkewSec ?? 0;
  const toleranceSec = options.timestampToleranceSec ?? TIMESTAMP_TOLERANCE_SEC;
  const basePath = APIV6_EMULATOR_DEFAULTS.basePath;
  let metricsMode: MetricsTokenMode = options.metricsToken;
  const hidden = (): ReadonlySet<RouteTemplate> =>
    new Set<RouteTemplate>(metricsMode.mode === 'gone' ? [METRICS_TOKEN_TEMPLATE] : []);

  const stats: Apiv6Emulator['stats'] = { requests: 0, byRoute: {} };
  const queryIdPrefix = `EMU.ext-1.${randomBytes(4).toString('hex')}`;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawPath = req.url ?? '/';
    const method = req.method ?? 'GET';
    const pathname = rawPath.split('?', 1)[0] ?? '';
    const relative = pathname.startsWith(`${basePath}/`) ? pathname.slice(basePath.length) : null;
    const match = relative === null ? null : matchRoute(method, relative, hidden());
    if (!match || relative === null) {
      req.resume();
      throw API_ERRORS.invalidUrl();
    }
    const routeKey = `${method} ${match.template}`;
    stats.byRoute[routeKey] = (stats.byRoute[routeKey] ?? 0) + 1;

    const body = await readBody(req, APIV6_EMULATOR_DEFAULTS.maxBodyBytes);
    const nowSec = Math.floor(Date.now() / 1000) + skewSec;
    if (!match.authenticated) return send(res, 200, nowSec);

    const authError = checkAuthentication(
      { method, rawPath, headers: req.headers, body },
      options.credentials,
      nowSec,
      toleranceSec,
    );
    if (authError) throw authError;
    if (isDenied(deniedRules, method, relative)) throw API_ERRORS.notGranted();
    send(res, 200, answer(tree, match, metricsMode));
  }

  const { key, cert } = await makeCertificate();
  const server: Server = createServer({ key, cert }, (req, res) => {
    stats.requests++;
    res.setHeader('X-Ovh-QueryID', `${queryIdPrefix}.${process.pid}.${stats.requests}`);
    handle(req, res).catch((error: unknown) => {
      const apiError = error instanceof ApiV6Error ? error : new ApiV6Error(500, 'Internal server error');
      if (res.headersSent) {
        res.destroy();
        return;
      }
      send(res, apiError.status, apiError.body());
    });
  });

  const host = options.host ?? APIV6_EMULATOR_DEFAULTS.host;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? APIV6_EMULATOR_DEFAULTS.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `https://${urlHost}:${port}${basePath}`,
    host,
    port,
    ca: cert,
    stats,
    setMetricsToken(mode) {
      metricsMode = mode;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
