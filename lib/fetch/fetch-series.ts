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

function gapsFor(request: PlannedRequest, reason: string, period: Period): FetchGap[] {
  const partial = request.window.startMs > period.startMs || request.window.endMs < period.endMs;
  return request.subQueries.map((s) => ({
    metric: s.metric,
    datacenterTag: s.datacenterTag,
    components: s.components,
    reason,
    ...(partial ? { window: request.window } : {}),
  }));
}

const seriesKey = (s: Series): string =>
  `${s.datacenterTag}\u0000${s.metric}\u0000${s.component}\u0000${s.nic ?? ''}`;

/** Joins the time windows of each series (they are disjoint) into one series in time order. */
function joinWindows(parts: readonly Series[]): Series[] {
  const byKey = new Map<string, Series[]>();
  for (const s of parts) {
    const key = seriesKey(s);
    const list = byKey.get(key);
    if (list) list.push(s);
    else byKey.set(key, [s]);
  }
  const joined: Series[] = [];
  for (const list of byKey.values()) {
    if (list.length === 1) {
      joined.push(list[0] as Series);
      continue;
    }
    list.sort((a, b) => (a.timestamps[0] ?? 0) - (b.timestamps[0] ?? 0));
    const n = list.reduce((sum, s) => sum + s.values.length, 0);
    const timestamps = new Float64Array(n);
    const values = new Float64Array(n);
    let at = 0;
    for (const s of list) {
      timestamps.set(s.timestamps, at);
      values.set(s.values, at);
      at += s.values.length;
    }
    joined.push({ ...(list[0] as Series), timestamps, values });
  }
  return joined;
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
  const parts: Series[] = [];
  const gaps: FetchGap[] = [];
  let done = 0;
  await mapLimit(plan.requests, options.concurrency, async (request) => {
    try {
      const body = await source.query(request.body, hooks.signal);
      const window = { ...period, startMs: request.window.startMs, endMs: request.window.endMs };
      parts.push(
        ...parseQueryResponse(body, request.subQueries, window, {
          stampShiftSeconds: options.bucketStamp === 'end' ? -plan.intervalSeconds : 0,
        }),
      );
    } catch (error) {
      if (hooks.signal?.aborted || !(error instanceof VscopeError)) throw error;
      gaps.push(...gapsFor(request, error.message, period));
    }
    done++;
    hooks.onProgress?.({ stage: 'fetch', detail: `${done}/${plan.requests.length} requests` });
  });
  const series = joinWindows(parts);
  return { period, intervalSeconds: plan.intervalSeconds, series, gaps, requests: plan.requests.length };
}
