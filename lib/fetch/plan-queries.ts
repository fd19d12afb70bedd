/**
 * Query planning: one sub-query per (metric, datacenter), grouped by the component tag (and the
 * NIC for host network metrics) with a wildcard, so the number of requests depends on metrics and
 * datacenters, not on how many VMs there are. Sub-queries are batched into requests under two
 * caps: sub-queries per request, and points per request. A sub-query whose answer would exceed
 * the points cap (a very large datacenter) is cut into consecutive time windows rather than by
 * component, so the wildcard still reveals series the inventory does not know; responses stay a
 * few megabytes whatever the estate.
 */
import { METRICS, type MetricName } from '../core/catalogue.ts';
import type { OpenTsdbQueryBody, OpenTsdbSubQuery } from '../core/ports.ts';
import type { Inventory, Period } from '../core/types.ts';

export const PLAN_DEFAULTS = {
  /** vScope's native sample spacing as observed; the finest bucket we ask for. */
  baseIntervalSeconds: 300,
  /** Above this many points per series, buckets widen. A month at 5 minutes is 8,928. */
  maxPointsPerSeries: 10_080,
  maxSubQueriesPerRequest: 20,
  /** Points one response may carry (≈ 25 bytes of JSON each: about 12 MB). */
  maxPointsPerRequest: 500_000,
} as const;

export interface PlanOptions {
  readonly baseIntervalSeconds: number;
  readonly maxPointsPerSeries: number;
  readonly maxSubQueriesPerRequest: number;
  readonly maxPointsPerRequest?: number;
}

/** What one sub-query asks for, kept beside the request to match results and record gaps. */
export interface PlannedSubQuery {
  readonly metric: MetricName;
  readonly datacenterTag: string;
  readonly componentTag: string;
  /** Components the inventory expects this sub-query to return. */
  readonly components: readonly string[];
  /** The NIC tag results are also grouped by (host network metrics), else absent. */
  readonly nicTag?: 'nicname';
}

export interface PlannedRequest {
  readonly body: OpenTsdbQueryBody;
  /** The part of the period this request answers, [startMs, endMs): results are clipped to it. */
  readonly window: { readonly startMs: number; readonly endMs: number };
  /** Same order as body.queries: entry i describes sub-query index i. */
  readonly subQueries: readonly PlannedSubQuery[];
}

export interface QueryPlan {
  readonly intervalSeconds: number;
  readonly requests: readonly PlannedRequest[];
}

/** The bucket width for a period: the base interval, widened (in whole minutes) to honour the point cap. */
export function chooseInterval(period: Period, options: PlanOptions): number {
  const seconds = (period.endMs - period.startMs) / 1000;
  const needed = Math.max(options.baseIntervalSeconds, Math.ceil(seconds / options.maxPointsPerSeries));
  return Math.ceil(needed / 60) * 60;
}

/** The guide lists vmnic0 to vmnic3; used only to estimate response sizes. */
const NICS_PER_HOST = 4;

/** Consecutive groups of at most `maxCount` items whose weights sum to at most `maxWeight` (at least one item each). */
function batches<T>(
  items: readonly T[],
  maxCount: number,
  maxWeight: number,
  weight: (item: T) => number,
): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let total = 0;
  for (const item of items) {
    const w = weight(item);
    if (current.length > 0 && (current.length >= maxCount || total + w > maxWeight)) {
      out.push(current);
      current = [];
      total = 0;
    }
    current.push(item);
    total += w;
  }
  if (current.length > 0) out.push(current);
  return out;
}

function formatInterval(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

type Planned = { readonly sub: PlannedSubQuery; readonly query: OpenTsdbSubQuery };

/** One grouped sub-query per (metric, datacenter). */
function planSubQueries(inventory: Inventory, intervalSeconds: number): Planned[] {
  const planned: Planned[] = [];
  for (const dc of inventory.datacenters) {
    const componentsByKind = {
      host: dc.hosts.map((h) => h.tag),
      vm: dc.vms.map((v) => v.tag),
      filer: dc.filers.map((f) => f.tag),
    };
    for (const def of METRICS) {
      const components = componentsByKind[def.kind];
      if (components.length === 0) continue;
      // Host network series exist per NIC: grouping by NIC too keeps each one (the host's total is
      // summed client-side), in the same single sub-query whatever the number of hosts and NICs.
      const perNic = (def.tagKeys as readonly string[]).includes('nicname');
      planned.push({
        sub: {
          metric: def.name,
          datacenterTag: dc.tag,
          componentTag: def.componentTag,
          components,
          ...(perNic ? { nicTag: 'nicname' as const } : {}),
        },
        query: {
          metric: def.name,
          // Each NIC group holds one series, so `sum` only matters to a server that ignores the NIC grouping.
          aggregator: perNic ? 'sum' : 'avg',
          // Fill `nan`: an empty bucket stays a gap. With the default fill (`none`) OVH's proxy
          // interpolates across missing data, which would hide a 6-hour outage.
          downsample: `${formatInterval(intervalSeconds)}-${def.downsample}-nan`,
          filters: [
            { type: 'literal_or', tagk: 'datacenter', filter: dc.tag, groupBy: false },
            { type: 'wildcard', tagk: def.componentTag, filter: '*', groupBy: true },
            ...(perNic ? [{ type: 'wildcard' as const, tagk: 'nicname', filter: '*', groupBy: true }] : []),
          ],
        },
      });
    }
  }
  return planned;
}

const seriesOf = (sub: PlannedSubQuery): number => sub.components.length * (sub.nicTag ? NICS_PER_HOST : 1);

/** Consecutive windows of the period, each a whole number of buckets. */
function windowsOf(period: Period, count: number, bucketsInPeriod: number, intervalSeconds: number) {
  const perWindow = Math.ceil(bucketsInPeriod / count) * intervalSeconds * 1000;
  const windows: { startMs: number; endMs: number }[] = [];
  for (let w = 0; w < count; w++) {
    const startMs = period.startMs + w * perWindow;
    const endMs = Math.min(period.endMs, startMs + perWindow);
    if (startMs < endMs) windows.push({ startMs, endMs });
  }
  return windows;
}

/** Plans the requests that fetch every catalogue metric of `inventory` over `period`. */
export function planQueries(
  inventory: Inventory,
  period: Period,
  options: PlanOptions = PLAN_DEFAULTS,
): QueryPlan {
  const intervalSeconds = chooseInterval(period, options);
  const maxPoints = options.maxPointsPerRequest ?? PLAN_DEFAULTS.maxPointsPerRequest;
  const bucketsInPeriod = Math.ceil((period.endMs - period.startMs) / 1000 / intervalSeconds);
  // Windows per sub-query: enough that one sub-query's answer fits under the points cap.
  const byWindows = new Map<number, Planned[]>();
  for (const p of planSubQueries(inventory, intervalSeconds)) {
    const count = Math.min(
      bucketsInPeriod,
      Math.max(1, Math.ceil((seriesOf(p.sub) * bucketsInPeriod) / maxPoints)),
    );
    byWindows.set(count, [...(byWindows.get(count) ?? []), p]);
  }
  const requests: PlannedRequest[] = [];
  for (const [count, subs] of byWindows) {
    const bucketsPerWindow = Math.ceil(bucketsInPeriod / count);
    const groups = batches(
      subs,
      options.maxSubQueriesPerRequest,
      maxPoints,
      (p) => seriesOf(p.sub) * bucketsPerWindow,
    );
    // The windows of one batch in a row: its series are joined (and their parts dropped) as
    // soon as they are in, so parts of only a few batches wait at any time.
    const windows = windowsOf(period, count, bucketsInPeriod, intervalSeconds);
    for (const batch of groups) {
      for (const window of windows) {
        requests.push({
          // One bucket of margin before the window, clipped when parsing: stock OpenTSDB reads
          // [start, end] with epoch-aligned buckets, OVH's proxy reads (start, end] with buckets
          // aligned to the end; with the margin both return every bucket of the window.
          body: {
            start: Math.floor(window.startMs / 1000) - intervalSeconds,
            end: Math.ceil(window.endMs / 1000),
            queries: batch.map((b) => b.query),
            showQuery: true,
            msResolution: false,
          },
          window,
          subQueries: batch.map((b) => b.sub),
        });
      }
    }
  }
  return { intervalSeconds, requests };
}

/**
 * The points a plan's answers carry when every expected series is complete: series × buckets of
 * each request's window (host NICs estimated at four per host, as the request caps are).
 */
export function planPoints(plan: QueryPlan): number {
  let points = 0;
  for (const request of plan.requests) {
    const buckets = Math.ceil((request.window.endMs - request.window.startMs) / 1000 / plan.intervalSeconds);
    for (const sub of request.subQueries) points += seriesOf(sub) * buckets;
  }
  return points;
}
