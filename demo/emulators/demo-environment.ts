/**
 * The demo's stand-ins for OVH, on 127.0.0.1: an APIv6 emulator (HTTPS, self-signed) serving the
 * synthetic datacenter's inventory and handing out a metrics token, and an OpenTSDB emulator
 * loaded with its series. The demo then runs exactly the production path:
 * APIv6 → metrics credentials → OpenTSDB.
 */
import type { Config } from '../../lib/config/config.ts';
import type { Inventory } from '../../lib/core/types.ts';
import { generateDemoSeries } from '../datacenter/generate.ts';
import { demoInventory } from '../datacenter/infrastructure.ts';
import { type Apiv6Emulator, startApiv6Emulator } from './apiv6/server.ts';
import { startOpenTsdbEmulator } from './opentsdb/server.ts';
import { createSeriesStore } from './opentsdb/store.ts';

/** Demo-only credentials: they open nothing but the local emulators. */
export const DEMO_CREDENTIALS = {
  appKey: 'demo-application-key',
  appSecret: 'demo-application-secret',
  consumerKey: 'demo-consumer-key',
  metricsUserId: 1001,
  metricsToken: 'demo-metrics-token',
} as const;

export interface DemoEnvironment {
  readonly inventory: Inventory;
  readonly opentsdbUrl: string;
  readonly apiv6: Apiv6Emulator;
  readonly points: number;
  readonly opentsdbStats: { requests: number };
  close(): Promise<void>;
}

export interface DemoEnvironmentOptions {
  /**
   * Range of generated samples, epoch seconds; none when omitted (an empty OpenTSDB). The filling
   * datastore reaches its planted level at `anchorSec` (default `toSec`).
   */
  readonly range?: { readonly fromSec: number; readonly toSec: number; readonly anchorSec?: number };
  readonly flavour?: 'stock' | 'ovh';
  readonly opentsdbPort?: number;
  readonly apiv6Port?: number;
  /** The service to serve: the demo's one datacenter by default (`demoInventoryOfDatacenters` for more). */
  readonly inventory?: Inventory;
}

/** Starts both emulators with the demo datacenter. */
export async function startDemoEnvironment(options: DemoEnvironmentOptions = {}): Promise<DemoEnvironment> {
  // The inventory as of the range's anchor (the report period's end): what APIv6 would list then.
  const range = options.range;
  const inventory =
    options.inventory ?? (range ? demoInventory((range.anchorSec ?? range.toSec) - 1) : demoInventory());
  const store = createSeriesStore();
  let points = 0;
  if (options.range) {
    for (const s of generateDemoSeries(inventory, options.range)) {
      store.addSeries(s.metric, s.tags, s.timestamps, s.values);
      points += s.values.length;
    }
  }
  const opentsdb = await startOpenTsdbEmulator({
    store,
    flavour: options.flavour ?? 'stock',
    auth: { token: DEMO_CREDENTIALS.metricsToken },
    ...(options.opentsdbPort ? { port: options.opentsdbPort } : {}),
  });
  let apiv6: Apiv6Emulator;
  try {
    apiv6 = await startApiv6Emulator({
      services: [inventory],
      credentials: {
        appKey: DEMO_CREDENTIALS.appKey,
        appSecret: DEMO_CREDENTIALS.appSecret,
        consumerKey: DEMO_CREDENTIALS.consumerKey,
      },
      users: [DEMO_CREDENTIALS.metricsUserId],
      metricsToken: { mode: 'token', token: DEMO_CREDENTIALS.metricsToken, opentsdbEndpoint: opentsdb.url },
      ...(options.apiv6Port ? { port: options.apiv6Port } : {}),
    });
  } catch (error) {
    await opentsdb.close();
    throw error;
  }
  return {
    inventory,
    opentsdbUrl: opentsdb.url,
    apiv6,
    points,
    opentsdbStats: opentsdb.stats,
    async close() {
      await Promise.all([opentsdb.close(), apiv6.close()]);
    },
  };
}

/**
 * `base` with the demo's sources: its APIv6 emulator and credentials, the metrics token from
 * APIv6 (never one from the environment), and the bucket stamping of the OpenTSDB flavour.
 */
export function demoConfig(base: Config, env: DemoEnvironment, flavour: 'stock' | 'ovh' = 'stock'): Config {
  return {
    ...base,
    metrics: {
      ...base.metrics,
      endpoint: undefined,
      token: undefined,
      bucketStamp: flavour === 'ovh' ? 'end' : 'start',
    },
    ovh: {
      ...base.ovh,
      host: env.apiv6.host,
      port: env.apiv6.port,
      appKey: DEMO_CREDENTIALS.appKey,
      appSecret: DEMO_CREDENTIALS.appSecret,
      consumerKey: DEMO_CREDENTIALS.consumerKey,
      metricsUserId: DEMO_CREDENTIALS.metricsUserId,
      services: [env.inventory.serviceName],
    },
  };
}
