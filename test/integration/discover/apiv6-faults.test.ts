import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trustCertificate } from '../../../demo/emulators/apiv6/trust.ts';
import { DEMO_CREDENTIALS } from '../../../demo/emulators/demo-environment.ts';
import { loadConfig } from '../../../lib/config/config.ts';
import { InventoryError } from '../../../lib/core/errors.ts';
import { isoWeekPeriod } from '../../../lib/core/period.ts';
import { listServices, loadApiv6Inventory } from '../../../lib/discover/apiv6-inventory.ts';
import { createOvhApi } from '../../../lib/discover/ovh-api.ts';
import { openRuntime } from '../../../lib/runtime/open-runtime.ts';
import { runJob } from '../../../lib/runtime/report-jobs.ts';
import {
  DEMO_SERVICE,
  type Demo,
  type LocalAws,
  localAwsEnv,
  startDemo,
  startLocalAws,
} from '../deliver/local-servers.ts';

/**
 * APIv6 failing a run: a server error, an unknown service, a request signed with the wrong
 * application secret. Each is an InventoryError naming the call, before any metric is fetched,
 * and a run that meets one stores nothing (the job is retried, then dead-letters).
 */
const week = isoWeekPeriod('2026-W46', 'Europe/Paris');
let demo: Demo;
let aws: LocalAws;
let broken: Server;
let brokenPort: number;
let untrust: () => void = () => undefined;

async function failure(run: () => Promise<unknown>): Promise<Error> {
  try {
    await run();
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected an Error');
}

beforeAll(async () => {
  [demo, aws] = await Promise.all([startDemo([week]), startLocalAws()]);
  // An APIv6 whose clock answers and every other call fails with 500, as OVH's does in an incident.
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  broken = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    req.resume();
    const time = req.url === '/1.0/auth/time';
    res.writeHead(time ? 200 : 500, { 'content-type': 'application/json' });
    res.end(time ? String(Math.floor(Date.now() / 1000)) : '{"message":"Internal server error"}');
  });
  await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
  brokenPort = (broken.address() as AddressInfo).port;
  untrust = trustCertificate(pems.cert);
});

afterAll(async () => {
  untrust();
  await new Promise<void>((resolve) => {
    broken?.closeAllConnections();
    if (broken) broken.close(() => resolve());
    else resolve();
  });
  await Promise.all([demo?.close(), aws?.close()]);
});

const demoApi = (overrides: { readonly appSecret?: string } = {}) =>
  createOvhApi({
    ...DEMO_CREDENTIALS,
    ...overrides,
    host: demo.env.apiv6.host,
    port: demo.env.apiv6.port,
  });

describe('APIv6 faults', () => {
  it('fails the listing with an InventoryError naming the status when APIv6 answers 500', async () => {
    const api = createOvhApi({ ...DEMO_CREDENTIALS, host: '127.0.0.1', port: brokenPort });
    const e = await failure(() => listServices(api));
    expect(e).toBeInstanceOf(InventoryError);
    expect(e.message).toBe('APIv6 answered 500 to GET /dedicatedCloud: Internal server error.');
  });

  it('fails with a 404 InventoryError for a service the account does not have', async () => {
    const e = await failure(() => loadApiv6Inventory(demoApi(), 'pcc-203-0-113-9'));
    expect(e).toBeInstanceOf(InventoryError);
    expect(e.message).toMatch(/^APIv6 has no \/dedicatedCloud\/pcc-203-0-113-9.* \(404\)/);
  });

  it('fails with "Invalid signature" when the application secret does not match, never echoing it', async () => {
    const e = await failure(() => listServices(demoApi({ appSecret: 'not-the-demo-secret' })));
    expect(e).toBeInstanceOf(InventoryError);
    expect(e.message).toBe('APIv6 answered 400 to GET /dedicatedCloud: Invalid signature.');
    expect(`${e.message} ${String(e.stack)} ${JSON.stringify(e)}`).not.toContain('not-the-demo-secret');
  });

  it('stores nothing for a run whose inventory fails', async () => {
    const runtime = openRuntime(
      loadConfig({ ...demo.vars, ...localAwsEnv(aws), VSCOPE_OVH_APP_SECRET: 'not-the-demo-secret' }),
    );
    const e = await failure(() =>
      runJob(runtime, {
        kind: 'weekly',
        serviceName: DEMO_SERVICE,
        period: week.label,
        timeZone: week.timeZone,
      }),
    );
    expect(e).toBeInstanceOf(InventoryError);
    expect(await runtime.store.list(`reports/${DEMO_SERVICE}/weekly/${week.label}/`)).toEqual([
      `reports/${DEMO_SERVICE}/weekly/${week.label}/delivery.json`,
    ]);
    const marker = JSON.parse(
      new TextDecoder().decode(
        (await runtime.store.get(`reports/${DEMO_SERVICE}/weekly/${week.label}/delivery.json`)) ??
          new Uint8Array(),
      ),
    );
    expect(marker).toMatchObject({ state: 'failed', error: 'INVENTORY' });
  });
});
