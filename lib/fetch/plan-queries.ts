/**
 * Query planning: one sub-query per (metric, datacenter), grouped by the component tag (and the
 * NIC for host network metrics) with a wildcard, so the number of requests depends on metrics and datacenters, never on how many VMs
 * there are. Sub-queries are batched into requests under a cap.
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
} as const;

export interface PlanOptions {
  readonly baseIntervalSeconds: number;
  readonly maxPointsPerSeries: number;
  readonly maxSubQueriesPerRequest: number;
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

function formatInterval(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/** Plans the requests that fetch every catalogue metric of `inventory` over `period`. */
export function planQueries(
  inventory: Inventory,
  period: Period,
  options: PlanOptions = PLAN_DEFAULTS,
): QueryPlan {
  const intervalSeconds = chooseInterval(period, options);
  const planned: { sub: PlannedSubQuery; query: OpenTsdbSubQuery }[] = [];
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
  // One bucket of margin on each side, clipped to [start, end) when parsing: stock OpenTSDB reads
  // [start, end] with epoch-aligned buckets, OVH's proxy reads (start, end] with buckets aligned
  // to the end; with the margin both return every bucket of the period.
  const start = Math.floor(period.startMs / 1000) - intervalSeconds;
  const end = Math.ceil(period.endMs / 1000);
  const requests: PlannedRequest[] = [];
  for (let i = 0; i < planned.length; i += options.maxSubQueriesPerRequest) {
    const batch = planned.slice(i, i + options.maxSubQueriesPerRequest);
    requests.push({
      body: { start, end, queries: batch.map((b) => b.query), showQuery: true, msResolution: false },
      subQueries: batch.map((b) => b.sub),
    });
  }
  return { intervalSeconds, requests };
}
