/**
 * The APIv6 authentication check, in the order the API applies it: application key, consumer
 * key, timestamp window, then the signature over `https://` + Host without its port + path and
 * query + body + timestamp. Pure: the caller passes the clock.
 */
import { API_ERRORS, type ApiV6Error } from './errors.ts';
import { ovhSignature } from './signature.ts';

export interface Apiv6Credentials {
  readonly appKey: string;
  readonly appSecret: string;
  readonly consumerKey: string;
}

/**
 * How far, in seconds, a request's `X-Ovh-Timestamp` may be from the server's clock. OVH does
 * not publish its window; clients are expected to correct drift with `GET /auth/time`.
 */
export const TIMESTAMP_TOLERANCE_SEC = 180;

export interface SignedRequest {
  readonly method: string;
  /** Path and query exactly as received, base path included (`/1.0/dedicatedCloud?x=1`). */
  readonly rawPath: string;
  /** Lower-case header names, as Node delivers them. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly body: string;
}

function header(req: SignedRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : (value as string | undefined);
}

/** The URL a client signed: the Host header loses its port, as the official clients never sign it. */
export function signedUrl(req: SignedRequest): string {
  const host = (header(req, 'host') ?? '').replace(/:\d+$/, '');
  return `https://${host}${req.rawPath}`;
}

/** Returns the error the API would answer with, or null when the request is authenticated. */
export function checkAuthentication(
  req: SignedRequest,
  credentials: Apiv6Credentials,
  nowSec: number,
  toleranceSec: number = TIMESTAMP_TOLERANCE_SEC,
): ApiV6Error | null {
  const appKey = header(req, 'x-ovh-application');
  const consumerKey = header(req, 'x-ovh-consumer');
  if (!appKey && !consumerKey) return API_ERRORS.notAuthenticated();
  if (appKey !== credentials.appKey) return API_ERRORS.invalidKey();
  if (!consumerKey) return API_ERRORS.notAuthenticated();
  if (consumerKey !== credentials.consumerKey) return API_ERRORS.invalidCredential();

  const rawTimestamp = header(req, 'x-ovh-timestamp') ?? '';
  const timestamp = /^\d+$/.test(rawTimestamp) ? Number(rawTimestamp) : Number.NaN;
  if (!(Math.abs(timestamp - nowSec) <= toleranceSec)) return API_ERRORS.outOfTime();

  const expected = ovhSignature({
    appSecret: credentials.appSecret,
    consumerKey,
    method: req.method,
    url: signedUrl(req),
    body: req.body,
    timestamp: rawTimestamp,
  });
  if (header(req, 'x-ovh-signature') !== expected) return API_ERRORS.invalidSignature();
  return null;
}
