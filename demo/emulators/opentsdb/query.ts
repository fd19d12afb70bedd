/**
 * The query engine. Stock OpenTSDB 2.4's order for each sub-query:
 *
 *   select series (metric index, filters) → cut to the time window (binary search)
 *     → downsample each series (epoch-aligned) → rate → group by tag values
 *     → aggregate each group with interpolation → keep timestamps within [start, end]
 *
 * OVH's proxy (dialect `ovh`, see flavour.ts) runs the Warp 10 script it generates instead:
 *
 *   select series (no name resolution) → cut to (start, end] → downsample each series on
 *     end-aligned buckets, forced when absent, filled per policy → group by the group-by keys
 *     → reduce the values present at each bucket → rate → drop empty results
 *
 * Results come back in a stable order that is deliberately not the query order (neither server
 * promises one), so clients must match results by `query.index` and tags.
 */
import type { Interpolation } from './aggregators.ts';
import { type DownsampleSpec, downsample, downsampleWindow, type Points } from './downsample.ts';
import { downsampleFromEnd, endBuckets, forcedSpanMs } from './end-buckets.ts';
import { TsdbError } from './errors.ts';
import { matchesAll } from './filters.ts';
import { type QueryDialect, STOCK_FLAVOUR } from './flavour.ts';
import type { ParsedQuery, ParsedSubQuery } from './parse-query.ts';
import { toRate } from './rate.ts';
import type { SeriesStore, StoredSeries, Tags } from './store.ts';

/** One result object: a group of series aggregated into one, timestamps in epoch milliseconds. */
export interface GroupResult {
  readonly metric: string;
  /** Tags every series of the group shares. */
  readonly tags: Tags;
  /** Tag keys whose values differ across the group (or are missing from some series). */
  readonly aggregateTags: readonly string[];
  readonly queryIndex: number;
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
}

export interface EngineOptions {
  /**
   * Stock answers 400 "No such name for 'tagv'" when a literal_or value was never written
   * (`tsd.query.skip_unresolved_tagvs` = false, its default); true skips such values instead.
   */
  readonly skipUnresolvedTagvs?: boolean;
  /** The server's semantics; stock OpenTSDB's by default. */
  readonly dialect?: QueryDialect;
}

interface Member {
  readonly tags: Tags;
  readonly points: Points;
}

/** First index i in ts[0..n) with ts[i] >= t. */
function lowerBound(ts: Float64Array, n: number, t: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ts[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function resolveNames(store: SeriesStore, sub: ParsedSubQuery, options: EngineOptions): void {
  if (options.dialect?.unknownNames === 'no-data') return;
  if (!store.hasMetric(sub.metric)) throw new TsdbError(400, `No such name for 'metrics': '${sub.metric}'`);
  for (const f of sub.filters) {
    if (!store.hasTagKey(f.tagk)) throw new TsdbError(400, `No such name for 'tagk': '${f.tagk}'`);
    if (options.skipUnresolvedTagvs) continue;
    for (const v of f.literals) {
      if (!store.hasTagValue(v)) throw new TsdbError(400, `No such name for 'tagv': '${v}'`);
    }
  }
}

/** How one sub-query reads and reshapes each series: the raw window [lo, hi), then downsampling. */
interface SeriesPlan {
  readonly lo: number;
  readonly hi: number;
  readonly reshape: ((points: Points) => Points) | null;
  readonly ratePerSeries: boolean;
}

const NO_POINTS: Points = { timestamps: new Float64Array(0), values: new Float64Array(0) };

function forcedDownsample(
  query: ParsedQuery,
  sub: ParsedSubQuery,
  dialect: QueryDialect,
): DownsampleSpec | null {
  const forced = dialect.forcedDownsample;
  if (!forced || sub.aggregator.name === 'none') return null;
  const spanMs = forcedSpanMs(query.endMs - query.startMs, forced.spansMs, forced.maxBuckets);
  return {
    text: `${spanMs}ms-${forced.fn.name}`,
    intervalMs: spanMs,
    all: false,
    fn: forced.fn,
    fill: 'none',
  };
}

function planOf(query: ParsedQuery, sub: ParsedSubQuery, dialect: QueryDialect): SeriesPlan {
  const ratePerSeries = dialect.rate === 'per-series';
  if (dialect.buckets === 'epoch') {
    const spec = sub.downsample;
    if (!spec) return { lo: query.startMs, hi: query.endMs + 1, reshape: null, ratePerSeries };
    const window = downsampleWindow(spec, query.startMs, query.endMs);
    return { ...window, reshape: (p) => downsample(p, spec, window), ratePerSeries };
  }
  // Warp 10 fetches (start, end]; buckets then end at `end`, `end − span`, ...
  const lo = query.startMs + 1;
  const hi = query.endMs + 1;
  const spec = sub.downsample ?? forcedDownsample(query, sub, dialect);
  if (!spec) return { lo, hi, reshape: null, ratePerSeries };
  const grid = endBuckets(spec, query.startMs, query.endMs);
  if (!grid) return { lo, hi, reshape: () => NO_POINTS, ratePerSeries };
  const interpolate = dialect.fillNoneSpansRange && sub.aggregator.interpolation === 'lerp';
  return {
    lo,
    hi,
    reshape: (p) => downsampleFromEnd(p, spec, grid, query.endMs, interpolate),
    ratePerSeries,
  };
}

function memberOf(series: StoredSeries, plan: SeriesPlan, sub: ParsedSubQuery): Member | null {
  let i0 = lowerBound(series.timestamps, series.length, plan.lo);
  const i1 = lowerBound(series.timestamps, series.length, plan.hi);
  if (i1 <= i0) return null;
  const rate = plan.ratePerSeries ? sub.rate : null;
  // A raw rate needs the point before the window to give the first point in it a rate.
  if (rate && !plan.reshape && i0 > 0) i0--;
  let points: Points = {
    timestamps: series.timestamps.subarray(i0, i1),
    values: series.values.subarray(i0, i1),
  };
  if (plan.reshape) points = plan.reshape(points);
  if (rate) points = toRate(points, rate);
  return { tags: series.tags, points };
}

function groupMembers(members: readonly Member[], sub: ParsedSubQuery): Map<string, Member[]> {
  const groups = new Map<string, Member[]>();
  members.forEach((m, i) => {
    const key =
      sub.aggregator.name === 'none' ? String(i) : sub.groupBy.map((k) => m.tags[k] ?? '').join('\u0000');
    const list = groups.get(key);
    if (list) list.push(m);
    else groups.set(key, [m]);
  });
  return groups;
}

function commonTags(members: readonly Member[]): { tags: Record<string, string>; aggregateTags: string[] } {
  const first = members[0]?.tags ?? {};
  const tags: Record<string, string> = {};
  const varied = new Set<string>();
  for (const [k, v] of Object.entries(first)) {
    if (members.every((m) => m.tags[k] === v)) tags[k] = v;
    else varied.add(k);
  }
  for (const m of members) for (const k of Object.keys(m.tags)) if (!(k in tags)) varied.add(k);
  return { tags, aggregateTags: [...varied].sort() };
}

let buffer = new Float64Array(256);

function scratch(n: number): Float64Array {
  if (buffer.length < n) buffer = new Float64Array(n * 2);
  return buffer;
}

function aggregateOne(
  points: Points,
  reduce: (b: Float64Array, n: number) => number,
  lo: number,
  hi: number,
): Points {
  const { timestamps: ts, values: vs } = points;
  const i0 = lowerBound(ts, ts.length, lo);
  const i1 = lowerBound(ts, ts.length, hi);
  const outTs = ts.slice(i0, i1);
  const outVs = new Float64Array(outTs.length);
  const buf = scratch(1);
  for (let i = i0; i < i1; i++) {
    buf[0] = vs[i] as number;
    outVs[i - i0] = reduce(buf, 1);
  }
  return { timestamps: outTs, values: outVs };
}

function unionTimestamps(members: readonly Member[], lo: number, hi: number): Float64Array {
  let total = 0;
  for (const m of members) total += m.points.timestamps.length;
  const all = new Float64Array(total);
  let n = 0;
  for (const m of members) {
    const ts = m.points.timestamps;
    const a = lowerBound(ts, ts.length, lo);
    const b = lowerBound(ts, ts.length, hi);
    all.set(ts.subarray(a, b), n);
    n += b - a;
  }
  const sorted = all.subarray(0, n).sort();
  let m = 0;
  for (let i = 0; i < n; i++) if (m === 0 || sorted[i] !== sorted[m - 1]) sorted[m++] = sorted[i] as number;
  return sorted.slice(0, m);
}

/** A series' contribution at time u when it has no point there, or NaN for none. */
function interpolate(mode: Interpolation, ts: Float64Array, vs: Float64Array, j: number, u: number): number {
  if (mode === 'zim') return 0;
  if (mode === 'prev') return vs[j - 1] as number;
  const x0 = ts[j - 1] as number;
  const y0 = vs[j - 1] as number;
  return y0 + ((u - x0) * ((vs[j] as number) - y0)) / ((ts[j] as number) - x0);
}

function aggregateMany(
  members: readonly Member[],
  sub: ParsedSubQuery,
  range: { lo: number; hi: number },
  dialect: QueryDialect,
): Points {
  const { lo, hi } = range;
  // Stock aggregates rates with each series' previous rate, never a line between rates; Warp 10's
  // REDUCE sees only the values present at each tick (fill policies have already run).
  let mode: Interpolation = sub.rate ? 'prev' : sub.aggregator.interpolation;
  if (dialect.crossSeries === 'present-only') mode = 'skip';
  const reduce = sub.aggregator.reduce;
  const union = unionTimestamps(members, lo, hi);
  const out = new Float64Array(union.length);
  const cursors = new Int32Array(members.length);
  const buf = scratch(members.length);
  for (let u = 0; u < union.length; u++) {
    const t = union[u] as number;
    let n = 0;
    for (let s = 0; s < members.length; s++) {
      const { timestamps: ts, values: vs } = (members[s] as Member).points;
      let j = cursors[s] as number;
      while (j < ts.length && (ts[j] as number) < t) j++;
      cursors[s] = j;
      if (j < ts.length && ts[j] === t) buf[n++] = vs[j] as number;
      // Outside its own first..last points a series does not take part.
      else if (j > 0 && j < ts.length && mode !== 'skip') buf[n++] = interpolate(mode, ts, vs, j, t);
    }
    out[u] = reduce(buf, n);
  }
  return { timestamps: union, values: out };
}

/** FNV-1a, to give results a stable order unrelated to the query's. */
function orderKey(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function finiteOnly(points: Points): Points {
  const { timestamps: ts, values: vs } = points;
  if (vs.every(Number.isFinite)) return points;
  const keep: number[] = [];
  for (let i = 0; i < vs.length; i++) if (Number.isFinite(vs[i])) keep.push(i);
  return {
    timestamps: Float64Array.from(keep, (i) => ts[i] as number),
    values: Float64Array.from(keep, (i) => vs[i] as number),
  };
}

function runSubQuery(store: SeriesStore, query: ParsedQuery, sub: ParsedSubQuery, options: EngineOptions) {
  const dialect = options.dialect ?? STOCK_FLAVOUR.dialect;
  resolveNames(store, sub, options);
  const plan = planOf(query, sub, dialect);
  const members: Member[] = [];
  for (const series of store.seriesOf(sub.metric)) {
    if (!matchesAll(sub.filters, series.tags, sub.explicitTags)) continue;
    const m = memberOf(series, plan, sub);
    if (m) members.push(m);
  }
  const results: { order: number; result: GroupResult }[] = [];
  const range = { lo: query.startMs, hi: query.endMs + 1 };
  for (const [key, group] of groupMembers(members, sub)) {
    let points =
      group.length === 1
        ? aggregateOne((group[0] as Member).points, sub.aggregator.reduce, range.lo, range.hi)
        : aggregateMany(group, sub, range, dialect);
    if (sub.rate && !plan.ratePerSeries) points = toRate(points, sub.rate);
    if (dialect.dropNonFinite) points = finiteOnly(points);
    if (dialect.dropEmptyResults && points.timestamps.length === 0) continue;
    const common = commonTags(group);
    const aggregateTags = dialect.aggregateTags === 'group-by' ? [...sub.groupBy] : common.aggregateTags;
    results.push({
      order: orderKey(`${sub.index}|${sub.metric}|${key}`),
      result: { metric: sub.metric, tags: common.tags, aggregateTags, queryIndex: sub.index, ...points },
    });
  }
  return results;
}

/** Runs every sub-query; throws a TsdbError for unknown names when the dialect says so. */
export function executeQuery(
  store: SeriesStore,
  query: ParsedQuery,
  options: EngineOptions = {},
): GroupResult[] {
  const all = query.queries.flatMap((sub) => runSubQuery(store, query, sub, options));
  return all.sort((a, b) => a.order - b.order).map((r) => r.result);
}
