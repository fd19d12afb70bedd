/**
 * Composition root for the real sources: builds the APIv6 client, the inventory source and the
 * OpenTSDB client from the configuration. Handlers and the command line call this once.
 */
import type { Config } from '../config/config.ts';
import { ConfigError } from '../core/errors.ts';
import type { InventorySource, MetricsSource } from '../core/ports.ts';
import { apiv6InventorySource, listServices } from '../discover/apiv6-inventory.ts';
import { resolveMetricsCredentials } from '../discover/metrics-credentials.ts';
import { createOvhApi, type OvhApi } from '../discover/ovh-api.ts';
import type { FetchOptions } from '../fetch/fetch-series.ts';
import { createOpenTsdbClient, type OpenTsdbClient } from '../fetch/opentsdb-client.ts';
import { PLAN_DEFAULTS } from '../fetch/plan-queries.ts';

export interface ServiceSources {
  readonly serviceName: string;
  readonly inventory: InventorySource;
  readonly metrics: OpenTsdbClient;
  /** Where the metrics credentials came from (never the token). */
  readonly credentialSource: 'configuration' | 'apiv6';
}

/** The APIv6 client, or null when no APIv6 credentials are configured. */
export function openOvhApi(config: Config): OvhApi | null {
  const { appKey, appSecret, consumerKey } = config.ovh;
  if (!appKey || !appSecret || !consumerKey) return null;
  return createOvhApi({
    appKey,
    appSecret,
    consumerKey,
    ...(config.ovh.host ? { host: config.ovh.host } : { endpoint: config.ovh.endpoint }),
    ...(config.ovh.port ? { port: config.ovh.port } : {}),
    timeoutMs: config.ovh.timeoutMs,
  });
}

/** The services to report on: the configured list, or every one the credentials can see. */
export async function servicesToReport(
  config: Config,
  api: OvhApi | null,
  signal?: AbortSignal,
): Promise<string[]> {
  if (config.ovh.services.length > 0) return config.ovh.services;
  if (!api) {
    throw new ConfigError(
      'No APIv6 credentials: set ovh.appKey, ovh.appSecret and ovh.consumerKey (VSCOPE_OVH_APP_KEY, VSCOPE_OVH_APP_SECRET, VSCOPE_OVH_CONSUMER_KEY).',
      { key: 'ovh.appKey' },
    );
  }
  return listServices(api, signal);
}

const NO_APIV6 = 'set ovh.appKey, ovh.appSecret and ovh.consumerKey.';

/** The APIv6 inventory source of one service, with the configuration's tag mapping and concurrency. */
export function openServiceInventory(
  config: Config,
  api: OvhApi | null,
  serviceName: string,
): InventorySource {
  if (!api) {
    throw new ConfigError(
      `Cannot list ${serviceName}'s infrastructure without APIv6 credentials: ${NO_APIV6}`,
      { key: 'ovh.appKey' },
    );
  }
  return apiv6InventorySource(api, serviceName, {
    concurrency: config.ovh.concurrency,
    tagMapping: config.tags,
  });
}

/** Inventory and metrics sources for one service. */
export async function openServiceSources(
  config: Config,
  api: OvhApi | null,
  serviceName: string,
  signal?: AbortSignal,
): Promise<ServiceSources> {
  const inventory = openServiceInventory(config, api, serviceName);
  const credentials = await resolveMetricsCredentials(
    {
      endpoint: config.metrics.endpoint,
      token: config.metrics.token,
      metricsUserId: config.ovh.metricsUserId,
    },
    api,
    serviceName,
    signal,
  );
  const metrics = createOpenTsdbClient({
    endpoint: credentials.endpoint,
    token: credentials.token,
    user: config.metrics.user,
    connections: config.metrics.concurrency,
    attemptTimeoutMs: config.metrics.attemptTimeoutMs,
    maxRetries: config.metrics.maxRetries,
  });
  return {
    serviceName,
    inventory,
    metrics,
    credentialSource: credentials.source,
  };
}

/** The sources of one service, closed after each build. */
export interface ServiceSourcesHandle {
  readonly inventory: InventorySource;
  readonly metrics: MetricsSource;
  close(): Promise<void>;
}

/** Opens a service's sources (APIv6 inventory, metrics credentials and client). */
export type SourcesOpener = (serviceName: string, signal?: AbortSignal) => Promise<ServiceSourcesHandle>;

/** Opens a service's sources with the configuration, closing the metrics client after use. */
export function sourcesOpener(config: Config, api: () => OvhApi | null): SourcesOpener {
  return async (serviceName, signal) => {
    const sources = await openServiceSources(config, api(), serviceName, signal);
    return {
      inventory: sources.inventory,
      metrics: sources.metrics,
      close: () => sources.metrics.close(),
    };
  };
}

/** The fetch options of the configuration. */
export function fetchOptions(config: Config): FetchOptions {
  return {
    baseIntervalSeconds: PLAN_DEFAULTS.baseIntervalSeconds,
    maxPointsPerSeries: config.metrics.maxPointsPerSeries,
    maxSubQueriesPerRequest: config.metrics.maxSubQueriesPerRequest,
    concurrency: config.metrics.concurrency,
    bucketStamp: config.metrics.bucketStamp,
  };
}
