import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoInventory } from '../../../../demo/datacenter/infrastructure.ts';
import { type Apiv6Emulator, startApiv6Emulator } from '../../../../demo/emulators/apiv6/server.ts';
import { ovhSignature } from '../../../../demo/emulators/apiv6/signature.ts';
import { syntheticInventory } from '../../../support/inventory.ts';

/** The emulator's HTTP surface, byte for byte, with requests signed by hand over undici. */
const CREDENTIALS = { appKey: 'wire-app', appSecret: 'wire-secret', consumerKey: 'wire-consumer' };
const demo = demoInventory();
const other = syntheticInventory(2);

let emulator: Apiv6Emulator;
let agent: Agent;

beforeAll(async () => {
  emulator = await startApiv6Emulator({
    services: [demo, other],
    credentials: CREDENTIALS,
    metricsToken: { mode: 'token', token: 't', opentsdbEndpoint: 'https://o', warpEndpoint: 'https://w' },
    users: [1001, 1002],
    denied: ['GET /dedicatedCloud/*/user/1002'],
  });
  agent = new Agent({ connect: { ca: [emulator.ca] } });
});

afterAll(async () => {
  await agent.close();
  await emulator.close();
});

interface CallOptions {
  readonly method?: 'GET' | 'POST';
  readonly body?: string;
  /** Headers to send instead of (undefined: drop) the signed ones. */
  readonly headers?: Readonly<Record<string, string | undefined>>;
  /** URL to sign instead of `https://127.0.0.1` + path. */
  readonly signUrl?: string;
  readonly origin?: string;
  readonly signBody?: string;
}

async function call(path: string, options: CallOptions = {}) {
  const method = options.method ?? 'GET';
  const body = options.body ?? '';
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = ovhSignature({
    appSecret: CREDENTIALS.appSecret,
    consumerKey: CREDENTIALS.consumerKey,
    method,
    url: options.signUrl ?? `https://127.0.0.1${path}`,
    body: options.signBody ?? body,
    timestamp,
  });
  const signed: Record<string, string | undefined> = {
    'content-type': 'application/json',
    'x-ovh-application': CREDENTIALS.appKey,
    'x-ovh-consumer': CREDENTIALS.consumerKey,
    'x-ovh-timestamp': String(timestamp),
    'x-ovh-signature': signature,
    ...options.headers,
  };
  const headers = Object.fromEntries(Object.entries(signed).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;
  const origin = options.origin ?? emulator.url.replace(/\/1\.0$/, '');
  const res = await request(`${origin}${path}`, {
    method,
    dispatcher: agent,
    headers,
    ...(body ? { body } : {}),
  });
  const text = await res.body.text();
  return {
    status: res.statusCode,
    contentType: res.headers['content-type'],
    queryId: res.headers['x-ovh-queryid'],
    json: text ? (JSON.parse(text) as unknown) : null,
  };
}

const SN = demo.serviceName;

describe('APIv6 emulator on the wire', () => {
  it('listens over HTTPS on a loopback port with the API version in its URL', () => {
    expect(emulator.url).toBe(`https://127.0.0.1:${emulator.port}/1.0`);
    expect(emulator.host).toBe('127.0.0.1');
    expect(emulator.ca).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });

  it('answers /auth/time unsigned with the epoch seconds as a JSON number', async () => {
    const before = Date.now();
    const res = await call('/1.0/auth/time', {
      headers: { 'x-ovh-application': undefined, 'x-ovh-consumer': undefined },
    });
    const after = Date.now();
    expect(res.status).toBe(200);
    expect(res.contentType).toBe('application/json; charset=utf-8');
    // Read between our two readings of the clock, however long the call took.
    expect(res.json as number).toBeGreaterThanOrEqual(Math.floor(before / 1000));
    expect(res.json as number).toBeLessThanOrEqual(Math.floor(after / 1000));
  });

  it('puts a distinct X-Ovh-QueryID on every answer, errors included', async () => {
    const answers = await Promise.all([
      call('/1.0/auth/time'),
      call('/1.0/dedicatedCloud'),
      call('/1.0/nothing-here'),
      call('/1.0/dedicatedCloud', { headers: { 'x-ovh-consumer': 'x' } }),
    ]);
    const ids = answers.map((a) => a.queryId);
    expect(ids.every((id) => typeof id === 'string' && id.length > 10)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("answers an unknown route, a path outside /1.0 and a wrong method with OVH's invalid-URL 404, before any auth", async () => {
    const invalid = {
      status: 404,
      json: { class: 'Client::NotFound', message: 'Got an invalid (or empty) URL' },
    };
    const anonymous = { headers: { 'x-ovh-application': undefined, 'x-ovh-consumer': undefined } };
    expect(await call('/1.0/dedicatedCloud/x/nope', anonymous)).toMatchObject(invalid);
    expect(await call('/2.0/dedicatedCloud')).toMatchObject(invalid);
    expect(await call('/1.0/dedicatedCloud', { method: 'POST', body: '{}' })).toMatchObject(invalid);
  });

  it('answers 401 without credentials and 403 INVALID_KEY for an unknown application', async () => {
    expect(
      await call('/1.0/dedicatedCloud', {
        headers: { 'x-ovh-application': undefined, 'x-ovh-consumer': undefined },
      }),
    ).toMatchObject({
      status: 401,
      json: { class: 'Client::Unauthorized', message: 'You must login first' },
    });
    expect(await call('/1.0/dedicatedCloud', { headers: { 'x-ovh-application': 'stranger' } })).toMatchObject(
      {
        status: 403,
        json: { class: 'Client::Forbidden', errorCode: 'INVALID_KEY', message: 'Invalid application key' },
      },
    );
  });

  it('answers 403 INVALID_CREDENTIAL with its errorCode in the body for a wrong consumer key', async () => {
    expect(await call('/1.0/dedicatedCloud', { headers: { 'x-ovh-consumer': 'revoked' } })).toEqual({
      status: 403,
      contentType: 'application/json; charset=utf-8',
      queryId: expect.any(String),
      json: {
        class: 'Client::Forbidden',
        message: 'This credential is not valid',
        errorCode: 'INVALID_CREDENTIAL',
        httpCode: '403 Forbidden',
      },
    });
  });

  it('verifies the signature over the Host header without its port', async () => {
    expect((await call('/1.0/dedicatedCloud')).status).toBe(200);
    const withPort = await call('/1.0/dedicatedCloud', {
      signUrl: `https://127.0.0.1:${emulator.port}/1.0/dedicatedCloud`,
    });
    expect(withPort).toMatchObject({ status: 400, json: { errorCode: 'INVALID_SIGNATURE' } });
    const byName = await call('/1.0/dedicatedCloud', {
      origin: `https://localhost:${emulator.port}`,
      signUrl: 'https://localhost/1.0/dedicatedCloud',
    });
    expect(byName).toMatchObject({ status: 200, json: [SN, other.serviceName] });
  });

  it('signs the query string and the body', async () => {
    const path = `/1.0/dedicatedCloud/${SN}/user?name=admin`;
    expect((await call(path)).status).toBe(200);
    expect((await call(path, { signUrl: `https://127.0.0.1/1.0/dedicatedCloud/${SN}/user` })).status).toBe(
      400,
    );

    const token = `/1.0/dedicatedCloud/${SN}/user/1001/metricsToken`;
    expect(await call(token, { method: 'POST', body: '{"x":1}' })).toMatchObject({
      status: 200,
      json: { opentsdbEndpoint: 'https://o', token: 't', warpEndpoint: 'https://w' },
    });
    expect(await call(token, { method: 'POST', body: '{"x":1}', signBody: '{"x":2}' })).toMatchObject({
      status: 400,
      json: { message: 'Invalid signature' },
    });
  });

  it('answers 404 for an unknown service or object and 400 for an id that is not a long', async () => {
    expect(await call('/1.0/dedicatedCloud/pcc-unknown/datacenter')).toMatchObject({
      status: 404,
      json: {
        class: 'Client::NotFound',
        message: 'The requested object (serviceName = pcc-unknown) does not exist',
      },
    });
    expect(await call(`/1.0/dedicatedCloud/${SN}/datacenter/1842/filer/1`)).toMatchObject({
      status: 404,
      json: { message: 'The requested object (filerId = 1) does not exist' },
    });
    expect(await call(`/1.0/dedicatedCloud/${SN}/datacenter/x1`)).toMatchObject({
      status: 400,
      json: {
        class: 'Client::BadRequest',
        message: '[datacenterId] Given data (x1) is not valid for type long',
      },
    });
  });

  it('serves every service given, with the configured users', async () => {
    expect((await call(`/1.0/dedicatedCloud/${other.serviceName}/datacenter/100/vm`)).json).toEqual([0, 1]);
    expect((await call(`/1.0/dedicatedCloud/${other.serviceName}/user`)).json).toEqual([1001, 1002]);
  });

  it('applies denied rules after authentication', async () => {
    const path = `/1.0/dedicatedCloud/${SN}/user/1002`;
    expect(await call(path)).toMatchObject({ status: 403, json: { errorCode: 'NOT_GRANTED_CALL' } });
    expect(await call(path, { headers: { 'x-ovh-consumer': 'revoked' } })).toMatchObject({
      json: { errorCode: 'INVALID_CREDENTIAL' },
    });
    expect((await call(`/1.0/dedicatedCloud/${SN}/user/1001`)).status).toBe(200);
  });

  it('counts every request and each matched operation', async () => {
    const before = { ...emulator.stats, byRoute: { ...emulator.stats.byRoute } };
    await call(`/1.0/dedicatedCloud/${SN}`);
    await call('/1.0/unknown');
    expect(emulator.stats.requests).toBe(before.requests + 2);
    const key = 'GET /dedicatedCloud/{serviceName}';
    expect(emulator.stats.byRoute[key]).toBe((before.byRoute[key] ?? 0) + 1);
    expect(Object.keys(emulator.stats.byRoute).some((k) => k.includes('unknown'))).toBe(false);
  });
});

describe('APIv6 emulator lifecycle', () => {
  it('refuses a denied rule that is not "METHOD /path"', async () => {
    await expect(
      startApiv6Emulator({
        services: [demo],
        credentials: CREDENTIALS,
        metricsToken: { mode: 'gone' },
        denied: ['dedicatedCloud'],
      }),
    ).rejects.toThrow(/METHOD \/path/);
  });

  it('closes idle keep-alive connections and stops answering', async () => {
    const local = await startApiv6Emulator({
      services: [demo],
      credentials: CREDENTIALS,
      metricsToken: { mode: 'gone' },
    });
    const keepAlive = new Agent({ connect: { ca: [local.ca] } });
    try {
      const res = await request(`${local.url}/auth/time`, { dispatcher: keepAlive });
      await res.body.text();
      expect(res.statusCode).toBe(200);
      await local.close();
      await expect(request(`${local.url}/auth/time`, { dispatcher: keepAlive })).rejects.toThrow();
    } finally {
      await keepAlive.close();
    }
  });
});
