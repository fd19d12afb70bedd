import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoInventory } from '../../../demo/datacenter/infrastructure.ts';
import { type Apiv6Emulator, startApiv6Emulator } from '../../../demo/emulators/apiv6/server.ts';
import { trustCertificate } from '../../../demo/emulators/apiv6/trust.ts';
import { ConfigError, InventoryError } from '../../../lib/core/errors.ts';
import { listServices, loadApiv6Inventory } from '../../../lib/discover/apiv6-inventory.ts';
import { resolveMetricsCredentials } from '../../../lib/discover/metrics-credentials.ts';
import { createOvhApi, type OvhApi } from '../../../lib/discover/ovh-api.ts';
import { DEFAULT_TAG_MAPPING } from '../../../lib/discover/tag-mapping.ts';

const credentials = { appKey: 'ak-test', appSecret: 'as-test-secret', consumerKey: 'ck-test-secret' };
const inventory = demoInventory();
const service = inventory.serviceName;
/** Grants only part of the API and hands out a metrics token. */
let emulator: Apiv6Emulator;
/** Grants everything; metricsToken is gone. */
let granted: Apiv6Emulator;
let untrust: (() => void)[] = [];
let api: OvhApi;
let grantedApi: OvhApi;

function apiWith(overrides: Partial<typeof credentials>): OvhApi {
  return createOvhApi({ ...credentials, ...overrides, host: emulator.host, port: emulator.port });
}

async function failure(run: () => Promise<unknown>): Promise<Error> {
  try {
    await run();
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${JSON.stringify(error)}`);
  }
  throw new Error('expected a failure');
}

beforeAll(async () => {
  emulator = await startApiv6Emulator({
    services: [inventory],
    credentials,
    users: [1001],
    metricsToken: { mode: 'token', token: 'tsdb-token-secret', opentsdbEndpoint: 'http://127.0.0.1:4242' },
    denied: ['GET /dedicatedCloud/*/datacenter/*/filer'],
  });
  granted = await startApiv6Emulator({ services: [inventory], credentials, metricsToken: { mode: 'gone' } });
  untrust = [trustCertificate(emulator.ca), trustCertificate(granted.ca)];
  api = apiWith({});
  grantedApi = createOvhApi({ ...credentials, host: granted.host, port: granted.port });
});

afterAll(async () => {
  for (const restore of untrust.reverse()) restore();
  await emulator?.close();
  await granted?.close();
});

describe('APIv6 inventory through the official client', () => {
  it('lists the services the credentials can see', async () => {
    expect(await listServices(api)).toEqual([service]);
  });

  it('reads datacenters, hosts, VMs and filers with their live fields', async () => {
    const got = await loadApiv6Inventory(grantedApi, service, {
      tagMapping: DEFAULT_TAG_MAPPING,
      concurrency: 3,
    });
    const byId = <T, K extends keyof T>(xs: readonly T[], key: K) =>
      [...xs].sort((a, b) => Number(a[key]) - Number(b[key]));
    const want = inventory.datacenters[0];
    const dc = got.datacenters[0];
    expect(dc?.tag).toBe('pcc-192-0-2-10_datacenter1842');
    expect(byId(dc?.vms ?? [], 'vmId')).toEqual(byId(want?.vms ?? [], 'vmId'));
    expect(byId(dc?.filers ?? [], 'filerId')).toEqual(byId(want?.filers ?? [], 'filerId'));
    expect(byId(dc?.hosts ?? [], 'hostId')).toEqual(byId(want?.hosts ?? [], 'hostId'));
    // Each VM names the datastores of its disks, as APIv6 lists them under `filers`.
    const filerNames = new Set((dc?.filers ?? []).map((f) => f.name));
    for (const vm of dc?.vms ?? []) {
      expect(vm.datastores?.length, vm.name).toBeGreaterThan(0);
      for (const name of vm.datastores ?? []) expect(filerNames.has(name), name).toBe(true);
    }
  });

  it('explains a call the consumer key was not granted, naming the rights to add', async () => {
    const e = await failure(() => loadApiv6Inventory(api, service));
    expect(e).toBeInstanceOf(InventoryError);
    expect(e.message).toContain('NOT_GRANTED_CALL');
    expect(e.message).toContain("'GET /dedicatedCloud/*'");
  });

  it.each([['..'], ['pcc-1/../../me'], ['']])(
    'refuses a listing holding the service %j before reading anything of it',
    async (hostile) => {
      const asked: string[] = [];
      const listing: OvhApi = {
        get: async (path) => {
          asked.push(path);
          return ['pcc-192-0-2-10', hostile];
        },
        post: async () => ({}),
      };
      const e = await failure(() => listServices(listing));
      expect(e).toBeInstanceOf(InventoryError);
      expect(e.message).toContain(`${JSON.stringify(hostile)} is not a service name: expected pcc-`);
      await expect(loadApiv6Inventory(listing, hostile)).rejects.toThrow(InventoryError);
      expect(asked).toEqual(['/dedicatedCloud']);
    },
  );

  it('explains an invalid consumer key and never echoes the secrets', async () => {
    const e = await failure(() => listServices(apiWith({ consumerKey: 'ck-revoked-secret' })));
    expect(e).toBeInstanceOf(InventoryError);
    expect(e.message).toContain('INVALID_CREDENTIAL');
    const all = `${e.message} ${String(e.stack)} ${JSON.stringify(e)}`;
    for (const secret of ['ck-revoked-secret', credentials.appSecret]) expect(all).not.toContain(secret);
  });

  it('gets the metrics endpoint and token from metricsToken, then explains its 404', async () => {
    const creds = await resolveMetricsCredentials({ metricsUserId: 1001 }, api, service);
    expect(creds).toEqual({ endpoint: 'http://127.0.0.1:4242', token: 'tsdb-token-secret', source: 'apiv6' });
    emulator.setMetricsToken({ mode: 'gone' });
    const e = await failure(() => resolveMetricsCredentials({ metricsUserId: 1001 }, api, service));
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toContain('metrics.endpoint and metrics.token');
    expect(e.message).toContain('404');
  });

  it('prefers configured credentials and asks for them when nothing is configured', async () => {
    const direct = await resolveMetricsCredentials(
      { endpoint: 'https://tsdb.example', token: 't' },
      null,
      service,
    );
    expect(direct.source).toBe('configuration');
    await expect(resolveMetricsCredentials({}, null, service)).rejects.toThrow(/VSCOPE_METRICS_TOKEN/);
  });

  it('maps tags as configured', async () => {
    const got = await loadApiv6Inventory(grantedApi, service, {
      tagMapping: {
        datacenter: 'dc-{datacenterId}-{name}',
        host: 'hostId',
        vm: 'name',
        datastore: 'filerId',
      },
    });
    const dc = got.datacenters[0];
    expect(dc?.tag).toBe('dc-1842-Datacenter Paris');
    expect(dc?.vms.find((v) => v.moRef === 'vm-01204')?.tag).toBe('erp-db-01');
    expect(dc?.hosts.every((h) => h.tag === String(h.hostId))).toBe(true);
    expect(dc?.filers.every((f) => f.tag === String(f.filerId))).toBe(true);
  });
});
