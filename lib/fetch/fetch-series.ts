/**
 * Stage 2, fetch: plans the grouped queries for an inventory and period, sends them with a
 * bounded number in flight, and parses the answers. A request that finally fails becomes
 * recorded gaps for every component it covered; the report states them.
 */
import { MetricsAuthError, MetricsHttpError, VscopeError } from '../core/errors.ts';
import { mapLimit } from '../core/map-limit.ts';
import type { MetricsSource, ProgressListener, SeriesSink } from '../core/ports.ts';
import {
  type FetchGap,
  type Inventory,
  ownSeries,
  type Period,
  type Series,
  type SeriesSet,
  seriesKey,
} from '../core/types.ts';
import { readQueryAnswer } from './parse-response.ts';
import {
  PLAN_DEFAULTS,
  type PlannedRequest,
  type PlanOptions,
  planQueries,
  type QueryPlan,
} from './plan-queries.ts';

export interface FetchOptions extends PlanOptions {
  /**
   * The client's connections (`metrics.concurrency`, opened by the OpenTSDB client's Agent). Twice
   * as many queries are under way here, so an answer is read while the next request travels; the
   * Agent keeps those beyond its connections waiting, their attempt timeout not yet started.
   */
  readonly concurrency: number;
  /**
   * Where the server stamps a bucket: at its start (stock OpenTSDB) or at its end (OVH's Warp 10
   * proxy). End stamps are moved back one bucket so each value counts in the period it measured.
   */
  readonly bucketStamp?: 'start' | 'end';
}

export const FETCH_DEFAULTS: FetchOptions = { ...PLAN_DEFAULTS, concurrency: 4 };

/** The gaps a failed request leaves: its components, but those whose series came before the fault. */
function gapsFor(
  request: PlannedRequest,
  reason: string,
  period: Period,
  received: ReadonlySet<string>,
): FetchGap[] {
  const partial = request.window.startMs > period.startMs || request.window.endMs < period.endMs;
  return request.subQueries.flatMap((s) => {
    const components = s.components.filter((c) => !received.has(seriesKey(s.datacenterTag, s.metric, c)));
    if (components.length === 0) return [];
    return [
      {
        metric: s.metric,
        datacenterTag: s.datacenterTag,
        components,
        reason,
        ...(partial ? { window: request.window } : {}),
      },
    ];
  });
}

/** A series' parts share this key: its series key and its NIC. */
const partKey = (s: Series): string =>
  `${seriesKey(s.datacenterTag, s.metric, s.component)}\u0000${s.nic ?? ''}`;

/** One series from its disjoint time windows, in time order. */
function joinParts(list: Series[]): Series {
  if (list.length === 1) return list[0] as Series;
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
  return { ...(list[0] as Series), timestamps, values };
}

/**
 * Collects the parts of each series as requests answer, and joins a series as soon as all its
 * windows are in: its parts are then garbage, so a large estate never holds every point twice.
 * Series come in with borrowed arrays (see readQueryAnswer): a whole one goes straight to the
 * sink, which copies what it keeps; a part waiting for its other windows is copied.
 */
function seriesCollector(plan: QueryPlan, sink: SeriesSink | undefined) {
  const windowsOf = new Map<string, number>();
  for (const r of plan.requests) {
    for (const s of r.subQueries) {
      const key = `${s.datacenterTag}\u0000${s.metric}`;
      windowsOf.set(key, (windowsOf.get(key) ?? 0) + 1);
    }
  }
  const pending = new Map<string, Series[]>();
  const joined: Series[] = [];
  const complete = (series: Series, borrowed: boolean): void => {
    if (sink) sink.add(series, plan.intervalSeconds);
    else joined.push(borrowed ? ownSeries(series) : series);
  };
  return {
    /** Takes one part, whose arrays are borrowed. */
    add(part: Series): void {
      const expected = windowsOf.get(`${part.datacenterTag}\u0000${part.metric}`) ?? 1;
      if (expected === 1) {
        complete(part, true);
        return;
      }
      const key = partKey(part);
      const list = pending.get(key) ?? [];
      list.push(ownSeries(part));
      if (list.length >= expected) {
        pending.delete(key);
        complete(joinParts(list), false);
      } else {
        pending.set(key, list);
      }
    },
    /** Every series not given to the sink; those missing a window (a failed request, no data there) joined as they are. */
    finish(): Series[] {
      for (const list of pending.values()) complete(joinParts(list), false);
      pending.clear();
      return joined;
    },
  };
}

/** 401 or 403: the credentials, not this query, are wrong, so every other query fails alike. */
function isRefusal(error: VscopeError): boolean {
  return error instanceof MetricsHttpError && (error.context.status === 401 || error.context.status === 403);
}

function refused(error: VscopeError): MetricsAuthError {
  const { status, url } = error.context;
  return new MetricsAuthError(
    `The metrics endpoint${typeof url === 'string' ? ` ${url}` : ''} refused the credentials (${String(status)}), so no metric can be read and no report is made. ` +
      'Check metrics.token (VSCOPE_METRICS_TOKEN) and metrics.user (VSCOPE_METRICS_USER), or, when the token comes from APIv6, ovh.metricsUserId.',
    { cause: error, context: { ...(status ? { status } : {}), ...(typeof url === 'string' ? { url } : {}) } },
  );
}

/**
 * Fetches every catalogue metric of `inventory` over `period` from `source`. With a `sink`, each
 * series goes to it as soon as it is whole and the returned set holds none.
 */
export async function fetchSeries(
  source: MetricsSource,
  inventory: Inventory,
  period: Period,
  options: FetchOptions = FETCH_DEFAULTS,
  hooks: { signal?: AbortSignal; onProgress?: ProgressListener; sink?: SeriesSink } = {},
): Promise<SeriesSet> {
  const plan = planQueries(inventory, period, options);
  const collector = seriesCollector(plan, hooks.sink);
  const gaps: FetchGap[] = [];
  let done = 0;
  // The in-flight limit, one of two: the client's Agent bounds the wire at `concurrency`
  // connections, each free as soon as an answer is in, so with twice as many queries under way
  // the next request goes out while an answer is read, and at most 2 × concurrency answers are
  // held at once. Both limits are tested (test/unit/fetch/fetch-series.test.ts,
  // test/integration/fetch/opentsdb-client.test.ts).
  await mapLimit(plan.requests, 2 * options.concurrency, async (request) => {
    // Components of this request whose series came, so a fault midway gaps only the others.
    const received = new Set<string>();
    const window = { ...period, startMs: request.window.startMs, endMs: request.window.endMs };
    const parse = { stampShiftSeconds: options.bucketStamp === 'end' ? -plan.intervalSeconds : 0 };
    try {
      await source.query(
        request.body,
        (bytes) =>
          readQueryAnswer(bytes, request.subQueries, window, parse, (series) => {
            // A host's NIC series come one by one: a fault between two leaves the host gapped.
            if (series.nic === undefined) {
              received.add(seriesKey(series.datacenterTag, series.metric, series.component));
            }
            collector.add(series);
          }),
        hooks.signal,
      );
    } catch (error) {
      // A refused certificate fails every request alike and will not heal by itself: a report
      // of gaps would hide it, so it ends the run with its fix (see opentsdb-client.ts).
      if (hooks.signal?.aborted || !(error instanceof VscopeError) || error.context.tls) throw error;
      if (isRefusal(error)) throw refused(error);
      gaps.push(...gapsFor(request, error.message, period, received));
    }
    done++;
    hooks.onProgress?.({ stage: 'fetch', detail: `${done}/${plan.requests.length} requests` });
  });
  const series = collector.finish();
  return { period, intervalSeconds: plan.intervalSeconds, series, gaps, requests: plan.requests.length };
}
