/**
 * Stage 2, fetch: plans the grouped queries for an inventory and period, sends them with a
 * bounded number in flight, and parses the answers. A request that finally fails becomes
 * recorded gaps for every component it covered; the report states them.
 */
import { VscopeError } from '../core/errors.ts';
import { mapLimit } from '../core/map-limit.ts';
import type { MetricsSource, ProgressListener } from '../core/ports.ts';
import type { FetchGap, Inventory, Period, Series, SeriesSet } from '../core/types.ts';
import { parseQueryResponse } from './parse-response.ts';
import { PLAN_DEFAULTS, type PlannedRequest, type PlanOptions, planQueries } from './plan-queries.ts';

export interface FetchOptions extends PlanOptions {
  /** Requests in flight at once. */
  readonly concurrency: number;
  /**
   * Where the server stamps a bucket: at its start (stock OpenTSDB) or at its end (OVH's Warp 10
   * proxy). End stamps are moved back one bucket so each value counts in the period it measured.
   */
  readonly bucketStamp?: 'start' | 'end';
}

export const FETCH_DEFAULTS: FetchOptions = { ...PLAN_DEFAULTS, concurrency: 4 };

function gapsFor(request: PlannedRequest, reason: string): FetchGap[] {
  return request.subQueries.map((s) => ({
    metric: s.metric,
    datacenterTag: s.datacenterTag,
    components: s.components,
    reason,
  }));
}

/** Fetches every catalogue metric of `inventory` over `period` from `source`. */
export async function fetchSeries(
  source: MetricsSource,
  inventory: Inventory,
  period: Period,
  options: FetchOptions = FETCH_DEFAULTS,
  hooks: { signal?: AbortSignal; onProgress?: ProgressListener } = {},
): Promise<SeriesSet> {
  const plan = planQueries(inventory, period, options);
  const series: Series[] = [];
  const gaps: FetchGap[] = [];
  let done = 0;
  await mapLimit(plan.requests, options.concurrency, async (request) => {
    try {
      const body = await source.query(request.body, hooks.signal);
      series.push(
        ...parseQueryResponse(body, request.subQueries, period, {
          stampShiftSeconds: options.bucketStamp === 'end' ? -plan.intervalSeconds : 0,
        }),
      );
    } catch (error) {
      if (hooks.signal?.aborted || !(error instanceof VscopeError)) throw error;
      gaps.push(...gapsFor(request, error.message));
    }
    done++;
    hooks.onProgress?.({ stage: 'fetch', detail: `${done}/${plan.requests.length} requests` });
  });
  return { period, intervalSeconds: plan.intervalSeconds, series, gaps, requests: plan.requests.length };
}
