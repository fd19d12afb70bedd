import { describe, expect, it } from 'vitest';
import {
  type Apiv6Credentials,
  checkAuthentication,
  type SignedRequest,
  signedUrl,
  TIMESTAMP_TOLERANCE_SEC,
} from '../../../../demo/emulators/apiv6/auth.ts';
import { ovhSignature } from '../../../../demo/emulators/apiv6/signature.ts';

const CREDENTIALS: Apiv6Credentials = { appKey: 'app-key', appSecret: 'app-secret', consumerKey: 'consumer' };
const NOW = 1_750_000_000;

interface Overrides {
  readonly method?: string;
  readonly rawPath?: string;
  readonly host?: string;
  readonly body?: string;
  readonly timestamp?: string;
  readonly appKey?: string | undefined;
  readonly consumerKey?: string | undefined;
  readonly signatureUrl?: string;
  readonly signature?: string;
}

/** A request signed the way the official client signs it, with one part changed at will. */
function signed(overrides: Overrides = {}): SignedRequest {
  const method = overrides.method ?? 'GET';
  const rawPath = overrides.rawPath ?? '/1.0/dedicatedCloud';
  const host = overrides.host ?? '127.0.0.1:8443';
  const body = overrides.body ?? '';
  const timestamp = overrides.timestamp ?? String(NOW);
  const signature =
    overrides.signature ??
    ovhSignature({
      appSecret: CREDENTIALS.appSecret,
      consumerKey: CREDENTIALS.consumerKey,
      method,
      url: overrides.signatureUrl ?? `https://127.0.0.1${rawPath}`,
      body,
      timestamp,
    });
  const headers: Record<string, string> = {
    host,
    'x-ovh-timestamp': timestamp,
    'x-ovh-signature': signature,
  };
  const appKey = 'appKey' in overrides ? overrides.appKey : CREDENTIALS.appKey;
  const consumerKey = 'consumerKey' in overrides ? overrides.consumerKey : CREDENTIALS.consumerKey;
  if (appKey !== undefined) headers['x-ovh-application'] = appKey;
  if (consumerKey !== undefined) headers['x-ovh-consumer'] = consumerKey;
  return { method, rawPath, headers, body };
}

function check(req: SignedRequest) {
  const error = checkAuthentication(req, CREDENTIALS, NOW);
  return error && { status: error.status, ...error.body() };
}

describe('checkAuthentication', () => {
  it('accepts a request signed like the official client', () => {
    expect(check(signed())).toBeNull();
  });

  it('accepts a signed POST body and a signed query string', () => {
    expect(check(signed({ method: 'POST', body: '{"a":"\\u00e9"}' }))).toBeNull();
    expect(check(signed({ rawPath: '/1.0/dedicatedCloud/pcc-1/user?name=admin' }))).toBeNull();
  });

  it('answers 401 "You must login first" without any credential header', () => {
    expect(check(signed({ appKey: undefined, consumerKey: undefined }))).toEqual({
      status: 401,
      class: 'Client::Unauthorized',
      message: 'You must login first',
    });
  });

  it('answers 403 INVALID_KEY for an unknown application key', () => {
    expect(check(signed({ appKey: 'someone-else' }))).toEqual({
      status: 403,
      class: 'Client::Forbidden',
      message: 'Invalid application key',
      errorCode: 'INVALID_KEY',
      httpCode: '403 Forbidden',
    });
  });

  it('answers 401 for a known application without a consumer key', () => {
    expect(check(signed({ consumerKey: undefined }))?.status).toBe(401);
  });

  it('answers 403 INVALID_CREDENTIAL for a wrong consumer key', () => {
    expect(check(signed({ consumerKey: 'stolen' }))).toEqual({
      status: 403,
      class: 'Client::Forbidden',
      message: 'This credential is not valid',
      errorCode: 'INVALID_CREDENTIAL',
      httpCode: '403 Forbidden',
    });
  });

  it('accepts a timestamp at the edge of the window and refuses one past it', () => {
    expect(check(signed({ timestamp: String(NOW - TIMESTAMP_TOLERANCE_SEC) }))).toBeNull();
    expect(check(signed({ timestamp: String(NOW + TIMESTAMP_TOLERANCE_SEC + 1) }))).toEqual({
      status: 400,
      class: 'Client::BadRequest',
      message: 'Query out of time',
      errorCode: 'QUERY_TIME_OUT',
      httpCode: '400 Bad Request',
    });
  });

  it('treats a missing or non-numeric timestamp as out of time', () => {
    expect(check(signed({ timestamp: '' }))?.errorCode).toBe('QUERY_TIME_OUT');
    expect(check(signed({ timestamp: '17e8' }))?.errorCode).toBe('QUERY_TIME_OUT');
  });

  it('answers 400 "Invalid signature" for a tampered signature or body', () => {
    const tampered = check(signed({ signature: `$1$${'0'.repeat(40)}` }));
    expect(tampered).toEqual({
      status: 400,
      class: 'Client::BadRequest',
      message: 'Invalid signature',
      errorCode: 'INVALID_SIGNATURE',
      httpCode: '400 Bad Request',
    });
    const sig = signed({ method: 'POST', body: '{"a":1}' });
    expect(check({ ...sig, body: '{"a":2}' })?.errorCode).toBe('INVALID_SIGNATURE');
  });

  it('refuses a signature computed over a URL that carries the port', () => {
    expect(check(signed({ signatureUrl: 'https://127.0.0.1:8443/1.0/dedicatedCloud' }))?.errorCode).toBe(
      'INVALID_SIGNATURE',
    );
  });

  it('checks the consumer key before the clock and the clock before the signature', () => {
    const stale = String(NOW - 10_000);
    expect(check(signed({ consumerKey: 'stolen', timestamp: stale }))?.errorCode).toBe('INVALID_CREDENTIAL');
    expect(check(signed({ timestamp: stale, signature: 'bad' }))?.errorCode).toBe('QUERY_TIME_OUT');
  });
});

describe('signedUrl', () => {
  it('drops the port of the Host header and keeps path and query', () => {
    const req = { method: 'GET', rawPath: '/1.0/x?y=1', headers: { host: 'localhost:1234' }, body: '' };
    expect(signedUrl(req)).toBe('https://localhost/1.0/x?y=1');
    expect(signedUrl({ ...req, headers: { host: '[::1]:1234' } })).toBe('https://[::1]/1.0/x?y=1');
  });
});
