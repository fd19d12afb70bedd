/**
 * In-memory time-series store for the emulator: one record per (metric, tag set), timestamps in
 * epoch milliseconds and values in Float64Arrays kept sorted, indexed by metric so a query only
 * walks its own metric's series. Like OpenTSDB, a later write to the same timestamp replaces the
 * earlier one, and metric names, tag keys and tag values are "known" once written.
 */
import { badRequest } from './errors.ts';

export type Tags = Readonly<Record<string, string>>;

/** A data point as `/api/put` takes it; `timestamp` is seconds (≤ 10 digits) or milliseconds. */
export interface IncomingPoint {
  readonly metric: string;
  readonly timestamp: number;
  readonly value: number;
  readonly tags: Tags;
}

export interface StoredSeries {
  readonly metric: string;
  readonly tags: Tags;
  /** Metric and sorted tags: the series identity. */
  readonly key: string;
  /** Epoch milliseconds, strictly ascending; only the first `length` entries are data. */
  timestamps: Float64Array;
  values: Float64Array;
  length: number;
}

export interface SeriesStore {
  /** Stores points one by one (validated); returns how many were stored. */
  put(points: IncomingPoint | Iterable<IncomingPoint>): number;
  /** Stores a whole series at once; timestamps in seconds unless `unit` is `ms`. */
  addSeries(
    metric: string,
    tags: Tags,
    timestamps: ArrayLike<number>,
    values: ArrayLike<number>,
    unit?: 's' | 'ms',
  ): void;
  /** Every series of a metric, in insertion order. */
  seriesOf(metric: string): readonly StoredSeries[];
  hasMetric(metric: string): boolean;
  hasTagKey(tagk: string): boolean;
  /** Tag values are one namespace in OpenTSDB, shared by every tag key. */
  hasTagValue(tagv: string): boolean;
  metrics(): string[];
  stats(): { series: number; points: number };
}

/** OpenTSDB's default `tsd.storage.max_tags`. */
export const MAX_TAGS_PER_SERIES = 8;
const NAME = /^[\p{L}\p{N}\-_./]+$/u;
const MIN_CAPACITY = 16;

function checkName(kind: string, name: unknown): asserts name is string {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw badRequest(`Invalid ${kind} ${JSON.stringify(name)}: use letters, digits and - _ . / only`);
  }
}

function checkTags(tags: unknown): asserts tags is Tags {
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) throw badRequest('Missing tags');
  const entries = Object.entries(tags);
  if (entries.length === 0) throw badRequest('Need at least one tag');
  if (entries.length > MAX_TAGS_PER_SERIES) {
    throw badRequest(`Too many tags: ${entries.length} maximum allowed: ${MAX_TAGS_PER_SERIES}`);
  }
  for (const [k, v] of entries) {
    checkName('tag key', k);
    checkName('tag value', v);
  }
}

/** Epoch milliseconds of a put timestamp: 10 digits or fewer are seconds. */
export function putTimestampMs(timestamp: number): number {
  if (!Number.isInteger(timestamp) || timestamp <= 0) {
    throw badRequest(`Invalid timestamp ${timestamp}: expected a positive integer`);
  }
  return String(timestamp).length > 10 ? timestamp : timestamp * 1000;
}

/** The series identity: metric plus tags sorted by key. */
export function seriesKey(metric: string, tags: Tags): string {
  const parts = Object.keys(tags)
    .sort()
    .map((k) => `${k}=${tags[k]}`);
  return `${metric}\u0001${parts.join('\u0002')}`;
}

function grow(series: StoredSeries, needed: number): void {
  if (needed <= series.timestamps.length) return;
  const capacity = Math.max(MIN_CAPACITY, needed, series.timestamps.length * 2);
  const ts = new Float64Array(capacity);
  const vs = new Float64Array(capacity);
  ts.set(series.timestamps.subarray(0, series.length));
  vs.set(series.values.subarray(0, series.length));
  series.timestamps = ts;
  series.values = vs;
}

function isStrictlyAscending(ts: Float64Array): boolean {
  for (let i = 1; i < ts.length; i++) if ((ts[i] as number) <= (ts[i - 1] as number)) return false;
  return true;
}

/** Merges new points into a series; on equal timestamps the newer value wins. */
function mergeSlow(series: StoredSeries, ts: Float64Array, vs: Float64Array): void {
  const n = series.length + ts.length;
  const allTs = new Float64Array(n);
  const allVs = new Float64Array(n);
  allTs.set(series.timestamps.subarray(0, series.length));
  allVs.set(series.values.subarray(0, series.length));
  allTs.set(ts, series.length);
  allVs.set(vs, series.length);
  // Index sort keeps insertion order among equal timestamps, so "last" means "newest write".
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (allTs[a] as number) - (allTs[b] as number) || a - b,
  );
  const outTs = new Float64Array(n);
  const outVs = new Float64Array(n);
  let m = 0;
  for (const i of order) {
    const t = allTs[i] as number;
    if (m > 0 && outTs[m - 1] === t) {
      outVs[m - 1] = allVs[i] as number;
    } else {
      outTs[m] = t;
      outVs[m] = allVs[i] as number;
      m++;
    }
  }
  series.timestamps = outTs;
  series.values = outVs;
  series.length = m;
}

function append(series: StoredSeries, ts: Float64Array, vs: Float64Array): void {
  if (ts.length === 0) return;
  const last =
    series.length > 0 ? (series.timestamps[series.length - 1] as number) : Number.NEGATIVE_INFINITY;
  if ((ts[0] as number) > last && isStrictlyAscending(ts)) {
    grow(series, series.length + ts.length);
    series.timestamps.set(ts, series.length);
    series.values.set(vs, series.length);
    series.length += ts.length;
    return;
  }
  mergeSlow(series, ts, vs);
}

/** An empty store. */
export function createSeriesStore(): SeriesStore {
  const byMetric = new Map<string, StoredSeries[]>();
  const byKey = new Map<string, StoredSeries>();
  const tagKeys = new Set<string>();
  const tagValues = new Set<string>();

  function seriesFor(metric: string, tags: Tags): StoredSeries {
    const key = seriesKey(metric, tags);
    const existing = byKey.get(key);
    if (existing) return existing;
    checkName('metric', metric);
    checkTags(tags);
    const created: StoredSeries = {
      metric,
      tags: { ...tags },
      key,
      timestamps: new Float64Array(0),
      values: new Float64Array(0),
      length: 0,
    };
    byKey.set(key, created);
    const list = byMetric.get(metric);
    if (list) list.push(created);
    else byMetric.set(metric, [created]);
    for (const [k, v] of Object.entries(tags)) {
      tagKeys.add(k);
      tagValues.add(v);
    }
    return created;
  }

  const one = new Float64Array(1);
  const oneValue = new Float64Array(1);

  return {
    put(points) {
      const list: Iterable<IncomingPoint> =
        Symbol.iterator in Object(points) ? (points as Iterable<IncomingPoint>) : [points as IncomingPoint];
      let stored = 0;
      for (const p of list) {
        if (typeof p.value !== 'number' || !Number.isFinite(p.value)) {
          throw badRequest(
            `Invalid value ${JSON.stringify(p.value)} for metric ${p.metric}: expected a finite number`,
          );
        }
        one[0] = putTimestampMs(p.timestamp);
        oneValue[0] = p.value;
        append(seriesFor(p.metric, p.tags), one, oneValue);
        stored++;
      }
      return stored;
    },

    addSeries(metric, tags, timestamps, values, unit = 's') {
      if (timestamps.length !== values.length) {
        throw badRequest(`Series ${metric}: ${timestamps.length} timestamps but ${values.length} values`);
      }
      const scale = unit === 'ms' ? 1 : 1000;
      const ts = new Float64Array(timestamps.length);
      for (let i = 0; i < ts.length; i++) ts[i] = Math.round((timestamps[i] as number) * scale);
      const vs = Float64Array.from(values);
      append(seriesFor(metric, tags), ts, vs);
    },

    seriesOf: (metric) => byMetric.get(metric) ?? [],
    hasMetric: (metric) => byMetric.has(metric),
    hasTagKey: (tagk) => tagKeys.has(tagk),
    hasTagValue: (tagv) => tagValues.has(tagv),
    metrics: () => [...byMetric.keys()].sort(),
    stats() {
      let points = 0;
      for (const s of byKey.values()) points += s.length;
      return { series: byKey.size, points };
    },
  };
}
