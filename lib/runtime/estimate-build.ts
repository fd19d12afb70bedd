/**
 * The size of a build before it starts: the points the fetch stage would ask for (components ×
 * metrics × buckets, as the dry run counts them), planned over the service's inventory. The API
 * compares it with `http.syncMaxPoints` to answer at once or hand the build to the worker.
 * Reads the inventory from APIv6 only: no metrics token is requested.
 */
import type { Config } from '../config/config.ts';
import type { ServiceReportRequest } from '../core/ports.ts';
import { oneDatacenter } from '../discover/one-datacenter.ts';
import type { OvhApi } from '../discover/ovh-api.ts';
import { planPoints, planQueries } from '../fetch/plan-queries.ts';
import { fetchOptions, openServiceInventory } from './open-sources.ts';

/** Estimates the points of a build request. */
export type PointsEstimator = (request: ServiceReportRequest, signal?: AbortSignal) => Promise<number>;

/** The estimator of the configuration's sources. */
export function pointsEstimator(config: Config, api: () => OvhApi | null): PointsEstimator {
  return async (request, signal) => {
    const source = oneDatacenter(
      openServiceInventory(config, api(), request.serviceName),
      request.serviceName,
      request.datacenter ?? null,
    );
    const inventory = await source.load(signal);
    return planPoints(planQueries(inventory, request.period, fetchOptions(config)));
  };
}
