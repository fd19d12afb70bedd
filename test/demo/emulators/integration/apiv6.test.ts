import ovhFactory, { type OvhClient, type OvhRequestError } from '@ovhcloud/node-ovh';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoInventory } from '../../../../demo/datacenter/infrastructure.ts';
import { type Apiv6Emulator, startApiv6Emulator } from '../../../../demo/emulators/apiv6/server.ts';
import { ovhSignature } from '../../../../demo/emulators/apiv6/signature.ts';
import { trustCertificate } from '../../../../demo/emulators/apiv6/trust.ts';
import type { Inventory } from '../../../../lib/core/types.ts';

/**
 * The official client against the emulator, end to end over TLS. The server clock runs two hours
 * ahead so every signed call only passes if the client corrected its drift with /auth/time.
 */
const CREDENTIALS = { appKey: 'emu-app-key', appSecret: 'emu-app-secret', consumerKey: 'emu-consumer-key' };
const SKEW_SEC = 7200;
const TOKEN = {
  mode: 'token',
  token: 'read-0123',
  opentsdbEndpoint: 'https://opentsdb.example:4242',
} as const;
const demo: Inventory = demoInventory();
const SN = demo.serviceName;

let emulator: Apiv6Emulator;
let denying: Apiv6Emulator;
let untrust: (() => void)[] = [];
let raw: Agent;

beforeAll(async () => {
  emulator = await startApiv6Emulator({
    services: [demo],
    credentials: CREDENTIALS,
    metricsToken: TOKEN,
    clockSkewSec: SKEW_SEC,
  });
  denying = await startApiv6Emulator({
    services: [demo],
    credentials: CREDENTIALS,
    metricsToken: TOKEN,
    denied: ['POST /dedicatedCloud/*/user/*/metricsToken'],
  });
  untrust = [trustCertificate(emulator.ca), trustCertificate(denying.ca)];
  raw = new Agent({ connect: { ca: [emulator.ca] } });
});

afterAll(async () => {
  for (const undo of untrust.reverse()) undo();
  await raw.close();
  await Promise.all([emulator.close(), denying.close()]);
});

function client(on: Apiv6Emulator = emulator, overrides: Partial<typeof CREDENTIALS> = {}): OvhClient {
  return ovhFactory({ ...CREDENTIALS, ...overrides, host: '127.0.0.1', port: on.port });
}

/** The client rejects with a bare `{error, message}` object; this makes it a value to assert on. */
async function rejection(promise: Promise<unknown>): Promise<OvhRequestError> {
  try {
    await promise;
  } catch (reason) {
    return reason as OvhRequestError;
  }
  throw new Error('the call succeeded');
}

describe('APIv6 emulator with the official @ovhcloud/node-ovh client', () => {
  it('serves the server clock on /auth/time and the client corrects its drift from it', async () => {
    const ovh = client();
    // Bounds from our own clock read before and after each call, however long the calls take.
    let before = Date.now();
    const serverTime = await ovh.requestPromised<number>('GET', '/auth/time');
    let after = Date.now();
    expect(Number.isInteger(serverTime)).toBe(true);
    expect(serverTime).toBeGreaterThanOrEqual(Math.floor(before / 1000) + SKEW_SEC);
    expect(serverTime).toBeLessThanOrEqual(Math.floor(after / 1000) + SKEW_SEC);

    before = Date.now();
    expect(await ovh.requestPromised('GET', '/dedicatedCloud')).toEqual([SN]);
    after = Date.now();
    // The client reads the server's time, then its own (rounded): the difference lags the skew by the call's length.
    const drift = ovh.apiTimeDiff ?? 0;
    expect(drift).toBeLessThanOrEqual(SKEW_SEC);
    expect(drift).toBeGreaterThanOrEqual(SKEW_SEC - (Math.round(after / 1000) - Math.floor(before / 1000)));
  });

  it('walks services, datacenters, hosts, VMs and filers to the demo inventory', async () => {
    const ovh = client();
    const services = await ovh.requestPromised<string[]>('GET', '/dedicatedCloud');
    expect(services).toEqual([SN]);
    const service = await ovh.requestPromised<Record<string, unknown>>('GET', `/dedicatedCloud/${SN}`);
    expect(service).toMatchObject({ serviceName: SN, state: 'delivered' });

    const dcIds = await ovh.requestPromised<number[]>('GET', `/dedicatedCloud/${SN}/datacenter`);
    expect(dcIds).toEqual(demo.datacenters.map((d) => d.datacenterId));
    for (const expected of demo.datacenters) {
      const base = `/dedicatedCloud/${SN}/datacenter/${expected.datacenterId}`;
      expect(await ovh.requestPromised('GET', base)).toMatchObject({
        datacenterId: expected.datacenterId,
        name: expected.name,
      });

      const hostIds = await ovh.requestPromised<number[]>('GET', `${base}/host`);
      const hosts = await Promise.all(
        hostIds.map((id) => ovh.requestPromised<Record<string, unknown>>('GET', `${base}/host/${id}`)),
      );
      expect(hosts).toEqual(
        expected.hosts.map((h) =>
          expect.objectContaining({
            hostId: h.hostId,
            name: h.name,
            cpu: { unit: 'MHz', value: h.cpuMhz },
            ram: { unit: 'GB', value: h.ramGb },
            cpuNum: h.cpuCores,
            inMaintenance: h.inMaintenance,
          }),
        ),
      );

      const vmIds = await ovh.requestPromised<number[]>('GET', `${base}/vm`);
      const vms = await Promise.all(
        vmIds.map((id) => ovh.requestPromised<Record<string, unknown>>('GET', `${base}/vm/${id}`)),
      );
      expect(vms).toEqual(
        expected.vms.map((v) =>
          expect.objectContaining({
            vmId: v.vmId,
            moRef: v.moRef,
            name: v.name,
            powerState: v.powerState,
            cpuNum: v.cpuNum,
            memoryMax: v.memoryMaxMb,
            snapshotNum: v.snapshotNum,
            hostName: v.hostName,
          }),
        ),
      );

      const filerIds = await ovh.requestPromised<number[]>('GET', `${base}/filer`);
      const filers = await Promise.all(
        filerIds.map((id) => ovh.requestPromised<Record<string, unknown>>('GET', `${base}/filer/${id}`)),
      );
      expect(filers).toEqual(
        expected.filers.map((f) =>
          expect.objectContaining({
            filerId: f.filerId,
            name: f.name,
            size: { unit: 'GB', value: f.sizeGb },
            spaceUsed: f.spaceUsedGb,
            spaceFree: f.spaceFreeGb,
            spaceProvisionned: f.spaceProvisionedGb,
          }),
        ),
      );
    }
    expect(
      emulator.stats.byRoute['GET /dedicatedCloud/{serviceName}/datacenter/{datacenterId}/vm/{vmId}'],
    ).toBe(demo.datacenters.reduce((n, d) => n + d.vms.length, 0));
  });

  it('hands out a metrics token, then answers 404 once the operation is gone', async () => {
    const ovh = client();
    const path = `/dedicatedCloud/${SN}/user/1001/metricsToken`;
    expect(await ovh.requestPromised('GET', `/dedicatedCloud/${SN}/user`)).toEqual([1001]);
    expect(await ovh.requestPromised('POST', path)).toEqual({
      opentsdbEndpoint: TOKEN.opentsdbEndpoint,
      token: TOKEN.token,
      warpEndpoint: TOKEN.opentsdbEndpoint,
    });

    emulator.setMetricsToken({ mode: 'gone' });
    try {
      expect(await rejection(ovh.requestPromised('POST', path))).toEqual({
        error: 404,
        message: 'Got an invalid (or empty) URL',
      });
    } finally {
      emulator.setMetricsToken(TOKEN);
    }
  });

  it('rejects a wrong consumer key with 403 and the API message (the client drops errorCode)', async () => {
    const error = await rejection(
      client(emulator, { consumerKey: 'revoked' }).requestPromised('GET', '/dedicatedCloud'),
    );
    expect(error).toEqual({ error: 403, message: 'This credential is not valid' });
    expect(error).not.toBeInstanceOf(Error);
  });

  it('rejects a call the consumer key is not granted with 403 NOT_GRANTED_CALL', async () => {
    const ovh = client(denying);
    expect(await ovh.requestPromised('GET', `/dedicatedCloud/${SN}/user`)).toEqual([1001]);
    const error = await rejection(
      ovh.requestPromised('POST', `/dedicatedCloud/${SN}/user/1001/metricsToken`),
    );
    expect(error).toEqual({ error: 403, message: 'This call has not been granted' });

    const body = await rawCall(denying, 'POST', `/dedicatedCloud/${SN}/user/1001/metricsToken`);
    expect(body).toMatchObject({
      status: 403,
      json: { errorCode: 'NOT_GRANTED_CALL', class: 'Client::Forbidden' },
    });
  });

  it('rejects a stale timestamp with 400 "Query out of time" when the client skips the clock sync', async () => {
    const ovh = client();
    // apiTimeDiff: 0 in the options is ignored (falsy); setting the property is the only way to skip /auth/time.
    ovh.apiTimeDiff = 0;
    expect(await rejection(ovh.requestPromised('GET', '/dedicatedCloud'))).toEqual({
      error: 400,
      message: 'Query out of time',
    });
  });

  it('rejects a correctly signed raw request whose timestamp is stale', async () => {
    const stale = Math.floor(Date.now() / 1000) + SKEW_SEC - 3600;
    const res = await rawCall(emulator, 'GET', '/dedicatedCloud', { timestamp: stale });
    expect(res).toMatchObject({
      status: 400,
      json: { errorCode: 'QUERY_TIME_OUT', message: 'Query out of time' },
    });
  });

  it('rejects a raw request with a tampered X-Ovh-Signature with 400 "Invalid signature"', async () => {
    const good = await rawCall(emulator, 'GET', '/dedicatedCloud');
    expect(good).toMatchObject({ status: 200, json: [SN] });
    const res = await rawCall(emulator, 'GET', '/dedicatedCloud', { signature: `$1$${'a'.repeat(40)}` });
    expect(res).toEqual({
      status: 400,
      queryId: expect.stringMatching(/^EMU\./),
      json: {
        class: 'Client::BadRequest',
        message: 'Invalid signature',
        errorCode: 'INVALID_SIGNATURE',
        httpCode: '400 Bad Request',
      },
    });
  });

  it('refuses a lower-case method from the client: it signs "get" while Node sends "GET"', async () => {
    const error = await rejection(client().requestPromised('get', '/dedicatedCloud'));
    expect(error).toEqual({ error: 400, message: 'Invalid signature' });
  });
});

interface RawOptions {
  readonly timestamp?: number;
  readonly signature?: string;
}

/** A request signed by hand over undici, trusting the first emulator's certificate only for this agent. */
async function rawCall(on: Apiv6Emulator, method: string, path: string, options: RawOptions = {}) {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000) + (on === emulator ? SKEW_SEC : 0);
  const signature =
    options.signature ??
    ovhSignature({ ...CREDENTIALS, method, url: `https://127.0.0.1/1.0${path}`, body: '', timestamp });
  const agent = on === emulator ? raw : new Agent({ connect: { ca: [on.ca] } });
  try {
    const res = await request(`${on.url}${path}`, {
      method: method as 'GET' | 'POST',
      dispatcher: agent,
      headers: {
        'x-ovh-application': CREDENTIALS.appKey,
        'x-ovh-consumer': CREDENTIALS.consumerKey,
        'x-ovh-timestamp': String(timestamp),
        'x-ovh-signature': signature,
      },
    });
    return { status: res.statusCode, queryId: res.headers['x-ovh-queryid'], json: await res.body.json() };
  } finally {
    if (agent !== raw) await agent.close();
  }
}
