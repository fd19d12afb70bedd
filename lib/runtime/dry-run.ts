/**
 * What a report run would do, without fetching a metric: the services, their datacenters and
 * components (read from APIv6, as the run would), and the OpenTSDB requests and points the fetch
 * stage would plan with the configuration's settings. Where the metrics credentials would come
 * from is said, not tried: asking APIv6 for a token creates one.
 */
import type { Config } from '../config/config.ts';
import type { Period } from '../core/types.ts';
import type { OvhApi } from '../discover/ovh-api.ts';
import { planPoints, planQueries } from '../fetch/plan-queries.ts';
import { fetchOptions, openServiceInventory, servicesToReport } from './open-sources.ts';

export interface DryRunDatacenter {
  readonly datacenterId: number;
  readonly name: string;
  readonly tag: string;
  readonly hosts: number;
  readonly vms: number;
  readonly datastores: number;
}

export interface DryRunService {
  readonly serviceName: string;
  readonly datacenters: readonly DryRunDatacenter[];
  /** OpenTSDB requests the fetch stage would send (retries aside). */
  readonly requests: number;
  readonly subQueries: number;
  /** Points the answers would carry with every series complete. */
  readonly points: number;
  readonly intervalSeconds: number;
}

export interface DryRunPlan {
  readonly period: Period;
  /** Where the metrics endpoint and token would come from (never the token). */
  readonly metricsCredentials: 'configuration' | 'apiv6-token' | 'missing';
  readonly services: readonly DryRunService[];
  readonly totals: { readonly requests: number; readonly points: number };
}

export interface DryRunOptions {
  readonly config: Config;
  readonly api: OvhApi | null;
  readonly period: Period;
  readonly signal?: AbortSignal;
}

function credentialSource(config: Config, api: OvhApi | null): DryRunPlan['metricsCredentials'] {
  if (config.metrics.endpoint && config.metrics.token) return 'configuration';
  if (api && config.ovh.metricsUserId !== undefined) return 'apiv6-token';
  return 'missing';
}

/** Lists what a run over `period` would cover and request; fetches no metrics. */
export async function planDryRun(options: DryRunOptions): Promise<DryRunPlan> {
  const { config, api, period, signal } = options;
  const services: DryRunService[] = [];
  for (const serviceName of await servicesToReport(config, api, signal)) {
    const inventory = await openServiceInventory(config, api, serviceName).load(signal);
    const plan = planQueries(inventory, period, fetchOptions(config));
    services.push({
      serviceName,
      datacenters: inventory.datacenters.map((dc) => ({
        datacenterId: dc.datacenterId,
        name: dc.name,
        tag: dc.tag,
        hosts: dc.hosts.length,
        vms: dc.vms.length,
        datastores: dc.filers.length,
      })),
      requests: plan.requests.length,
      subQueries: plan.requests.reduce((n, r) => n + r.subQueries.length, 0),
      points: planPoints(plan),
      intervalSeconds: plan.intervalSeconds,
    });
  }
  return {
    period,
    metricsCredentials: credentialSource(config, api),
    services,
    totals: {
      requests: services.reduce((n, s) => n + s.requests, 0),
      points: services.reduce((n, s) => n + s.points, 0),
    },
  };
}
