/**
 * Where the OpenTSDB endpoint and read token come from: the configuration when both are set,
 * otherwise APIv6's `POST /dedicatedCloud/{service}/user/{userId}/metricsToken`. That call left
 * OVH's published schema in 2024, so its 404 is an expected case with a clear way out.
 */
import { ConfigError, InventoryError } from '../core/errors.ts';
import type { OvhApi } from './ovh-api.ts';

export interface MetricsCredentials {
  readonly endpoint: string;
  readonly token: string;
  /** Where they came from, for logs: never the token itself. */
  readonly source: 'configuration' | 'apiv6';
}

export interface CredentialSettings {
  readonly endpoint?: string | undefined;
  readonly token?: string | undefined;
  readonly metricsUserId?: number | undefined;
}

const SET_DIRECTLY =
  'Set metrics.endpoint and metrics.token (VSCOPE_METRICS_ENDPOINT, VSCOPE_METRICS_TOKEN) to your OpenTSDB-compatible endpoint and its read token';

/** Resolves the metrics endpoint and token for `serviceName`. */
export async function resolveMetricsCredentials(
  settings: CredentialSettings,
  api: OvhApi | null,
  serviceName: string,
  signal?: AbortSignal,
): Promise<MetricsCredentials> {
  if (settings.endpoint && settings.token) {
    return { endpoint: settings.endpoint, token: settings.token, source: 'configuration' };
  }
  if (!api || settings.metricsUserId === undefined) {
    throw new ConfigError(
      `No metrics credentials for ${serviceName}. ${SET_DIRECTLY}, or set ovh.metricsUserId (VSCOPE_OVH_METRICS_USER_ID) with APIv6 credentials to request a token.`,
      { key: 'metrics.token' },
    );
  }
  const path = `/dedicatedCloud/${encodeURIComponent(serviceName)}/user/${settings.metricsUserId}/metricsToken`;
  let body: unknown;
  try {
    body = await api.post(path, {}, signal);
  } catch (error) {
    if (error instanceof InventoryError && error.context.status === 404) {
      throw new ConfigError(
        `APIv6 no longer offers POST ${path} (404: the call left OVH's published schema in 2024). ${SET_DIRECTLY}.`,
        { key: 'metrics.token' },
      );
    }
    throw error;
  }
  const { token, opentsdbEndpoint } = (body ?? {}) as { token?: unknown; opentsdbEndpoint?: unknown };
  if (typeof token !== 'string' || token === '' || typeof opentsdbEndpoint !== 'string') {
    throw new InventoryError(
      `APIv6 ${path} answered without a token and an opentsdbEndpoint. ${SET_DIRECTLY}.`,
      {
        context: { path },
      },
    );
  }
  return { endpoint: settings.endpoint ?? opentsdbEndpoint, token, source: 'apiv6' };
}
